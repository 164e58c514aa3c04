// The asyncio twin of an example: the Python program in the example's top comment (between
// "asyncio twin:" and "expected output:", the program tests/playground/run_twin.py runs and
// checks against the same expected output), and the line where a task's twin waits for each C
// line where the task waits ("twin lines (...): <C line>=<Python line> ..."). A C line without
// a pair (a task that only the C needs, or a line in another file) has no Python marker.

/** {python: text, lines: Map(C line -> Python line)} of an example's source, or null. */
export function parseTwin(cText) {
  const block = /asyncio twin:\n([\s\S]*?)\n \* expected output:[^\n]*\n(?: \* twin lines[^:]*:([^\n]*))?/.exec(cText);
  if (!block) return null;
  const python = block[1].split('\n').map((line) => line.replace(/^ \* ?/, '')).join('\n');
  const lines = new Map();
  for (const pair of (block[2] || '').trim().split(/\s+/).filter(Boolean)) {
    const match = /^(\d+)=(\d+)$/.exec(pair);
    if (!match) throw new Error(`twin lines: "${pair}" is not <C line>=<Python line>`);
    lines.set(Number(match[1]), Number(match[2]));
  }
  return { python, lines };
}
