// Predict, then reveal (seed 004's "What comes next?"): the page stops before each step that
// prints and asks which line comes next. Pure functions over state.js's run, no DOM.

/** The text step k prints (every output event of the step, joined), or '' if it prints nothing. */
function printedBy(run, k) {
  return run.steps[k].filter((e) => e.kind === 'output').map((e) => e.text).join('');
}

function firstLine(text) {
  return text.replace(/^\n+/, '').split('\n')[0];
}

/** The first step in (from, to] that prints, or -1. */
export function nextPrintingStep(run, from, to) {
  for (let k = from + 1; k <= Math.min(to, run.total); k++) if (printedBy(run, k) !== '') return k;
  return -1;
}

const CHOICES = 4;

/**
 * The question before step k: {step: k, answer: the line it prints, choices: the answer and
 * lines printed later in the run (at most CHOICES, in a fixed order)}.
 */
export function questionAt(run, k) {
  const answer = firstLine(printedBy(run, k));
  const others = [];
  for (let j = k + 1; j <= run.total && others.length < CHOICES - 1; j++) {
    for (const line of printedBy(run, j).split('\n')) {
      if (line !== '' && line !== answer && !others.includes(line) && others.length < CHOICES - 1) others.push(line);
    }
  }
  // A fixed order that does not give the answer away: by the lines' text.
  const choices = [answer, ...others].sort((a, b) => a.trim().localeCompare(b.trim()));
  return { step: k, answer, choices };
}
