// The page's controls: loads an example's run (from the WebAssembly module, or from the
// recorded streams under recorded/ with ?recorded), keeps the cursor over its steps and wires
// the buttons, the scrubber, the keyboard, share links and the trace download.
//
// Every move sets the cursor and redraws stateAt(run, cursor): nothing is animated by hand,
// so going back and forward shows exactly the same state.

import { parseTrace, buildRun, stateAt, nextAwaitOf, endOfIteration } from './state.js';
import { describeStep, iterationPhases } from './narrate.js';
import { chromeTrace } from './chrome_trace.js';
import { parseTwin } from './twin.js';
import { nextPrintingStep, questionAt } from './predict.js';

/**
 * Reads a share link's hash ("#example=say_after&step=12"). Returns {example, step, error}:
 * an empty hash gives the default example at step 0; a malformed one gives the default
 * example, step 0 and an error message to show.
 */
export function parseShareLink(hash, names, fallback = names[0]) {
  const text = (hash || '').replace(/^#/, '');
  if (text === '') return { example: fallback, step: 0, error: null };
  const bad = (why) => ({ example: fallback, step: 0, error: `This link could not be opened (${why}); showing the default example.` });
  let params;
  try {
    if (/%(?![0-9a-fA-F]{2})/.test(text)) return bad('bad escape');
    params = new URLSearchParams(text);
  } catch {
    return bad('unreadable');
  }
  for (const key of params.keys()) if (key !== 'example' && key !== 'step') return bad(`unknown part "${key.slice(0, 40)}${key.length > 40 ? '…' : ''}"`);
  const example = params.get('example');
  if (example === null || example === '') return bad('no example named');
  if (!names.includes(example)) return bad(`no example called "${example.slice(0, 40)}"`);
  const stepText = params.get('step');
  if (stepText === null || stepText === '') return { example, step: 0, error: null };
  if (!/^\d{1,9}$/.test(stepText)) return bad(`step "${stepText.slice(0, 20)}" is not a number`);
  return { example, step: Number(stepText), error: null };
}

/** The hash of a share link to `example` at `step`. */
export function formatShareLink(example, step) {
  return `#example=${encodeURIComponent(example)}&step=${step}`;
}

// ---------------------------------------------------------------------------------------------
// Where runs come from

// A source's record(name) runs (or fetches) one example and resolves to {text: its event
// stream, truncated: true if events were lost}.

/** Records runs with the WebAssembly module, one aw_loop_step per pg_step call. */
async function wasmSource(base) {
  const { default: createModule } = await import(new URL('wasm/aw_playground.mjs', base).href);
  // The examples write their console through the trace; anything on stderr is a failure.
  const mod = await createModule({ print: () => {}, printErr: (text) => console.error(text) });
  const catalog = JSON.parse(mod.UTF8ToString(mod._pg_catalog_json(), mod._pg_catalog_json_size()));
  return {
    kind: 'wasm',
    catalog,
    async record(name) {
      const index = catalog.findIndex((e) => e.name === name);
      mod._pg_start(index);
      let text = '';
      let truncated = false;
      const drain = () => {
        const size = mod._pg_trace_size();
        if (size > 0) text += mod.UTF8ToString(mod._pg_trace_data(), size);
        truncated ||= mod._pg_trace_failed() !== 0;
        mod._pg_trace_clear();
      };
      // pg_step switches to the task and back: its result is read through pg_state. The driver
      // ends the run itself at its step budget.
      while (mod._pg_state() === 1 && !truncated) {
        mod._pg_step();
        if (mod._pg_trace_size() > 1 << 20) drain();
      }
      drain();
      mod._pg_stop();
      return { text, truncated };
    },
  };
}

/** Runs recorded natively by aw-playground-record (web/recorded/), for development and tests. */
async function recordedSource(base) {
  const response = await fetch(new URL('recorded/catalog.json', base));
  const catalog = await response.json();
  return {
    kind: 'recorded',
    catalog,
    async record(name) {
      const text = await (await fetch(new URL(`recorded/${name}.jsonl`, base))).text();
      return { text, truncated: false };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The page

const ids = ['example', 'status', 'message', 'reset', 'back', 'step', 'iteration', 'until', 'until-task',
  'end', 'play', 'speed', 'share', 'download', 'scrubber', 'step-label', 'source', 'source-tabs',
  'explanation', 'clock', 'iteration-count', 'running', 'ready', 'timers', 'io-waits', 'tasks', 'graph', 'console', 'timeline',
  'narration', 'phases', 'sockets', 'sockets-box', 'stack', 'stack-title', 'twin', 'lang-c', 'lang-py', 'twin-note', 'predict', 'quiz', 'quiz-choices', 'quiz-verdict'];

async function main() {
  const view = await import('./view.js');
  const $ = Object.fromEntries(ids.map((id) => [id, document.getElementById(id)]));
  const dom = { tasks: $.tasks, clock: $.clock, iteration: $['iteration-count'], running: $.running, ready: $.ready,
    timers: $.timers, ioWaits: $['io-waits'], graph: $.graph, console: $.console, timeline: $.timeline,
    stepLabel: $['step-label'], narration: $.narration, phases: $.phases, sockets: $.sockets, socketsBox: $['sockets-box'],
    stack: $.stack, stackTitle: $['stack-title'],
    quiz: $.quiz, quizChoices: $['quiz-choices'], quizVerdict: $['quiz-verdict'] };
  const base = new URL('..', import.meta.url);
  const query = new URLSearchParams(location.search);
  const started = performance.now();

  const current = { name: null, run: null, state: null, step: 0, timer: null, viewState: null, files: new Map(),
    loading: 0, message: null, lang: 'c', predict: false, quiz: null };

  let source;
  try {
    source = query.has('recorded') ? await recordedSource(base) : await wasmSource(base);
  } catch (error) {
    showMessage(`The WebAssembly build of the playground is not available (${error.message}); showing recorded runs.`, { scope: 'page' });
    source = await recordedSource(base);
  }
  const names = source.catalog.map((e) => e.name);
  const listed = source.catalog.filter((e) => e.listed);
  $.example.replaceChildren(...listed.map((e, i) => new Option(`${i + 1}. ${e.title}`, e.name)));


  /**
   * Shows a message while it is true: scope 'step' (about this example at `step`: gone at the
   * next move), 'run' (about this example's run: gone when another example loads) or 'page'.
   */
  function showMessage(text, { scope = 'step', example = current.name, step = current.step } = {}) {
    current.message = text ? { text, scope, example, step } : null;
    $.message.textContent = text;
    $.message.hidden = !text;
  }

  /** Hides the message once the page shows another step or example than it is about. */
  function dropStaleMessage() {
    const message = current.message;
    if (!message || message.scope === 'page') return;
    if (message.example !== current.name || (message.scope === 'step' && message.step !== current.step)) showMessage('');
  }

  function render() {
    const t0 = performance.now();
    const state = stateAt(current.run, current.step);
    const story = { sentence: describeStep(current.run, current.step, state), phases: iterationPhases(current.run, current.step) };
    view.renderState(dom, current.viewState, state, story);
    dropStaleMessage();
    drawQuiz(story.sentence);
    $.scrubber.value = String(current.step);
    const total = current.run.total;
    $.back.disabled = $.reset.disabled = current.step === 0;
    $.step.disabled = $.iteration.disabled = $.end.disabled = current.step >= total;
    const options = [...$['until-task'].options];
    $.until.disabled = options.length === 0 || current.step >= total;
    current.lastRenderMs = performance.now() - t0;
    current.state = state;
    window.awPlayground.state = state;
    return state;
  }

  function goTo(step, { updateHash = true } = {}) {
    current.step = Math.max(0, Math.min(current.run.total, step));
    render();
    if (updateHash) history.replaceState(null, '', formatShareLink(current.name, current.step));
  }

  // Predict mode: a move forward stops before the first step on the way that prints, and asks
  // (current.quiz: {question, picked}); picking a line (or moving forward again) reveals it.
  function drawQuiz(sentence) {
    const quiz = current.quiz;
    if (quiz && current.step !== (quiz.picked === undefined ? quiz.question.step - 1 : quiz.question.step)) current.quiz = null;
    view.renderQuiz(dom, current.quiz, sentence, reveal);
  }

  function reveal(picked) {
    current.quiz.picked = picked;
    goTo(current.quiz.question.step);
  }

  /** Moves forward to `target`, through predict mode's questions when it is on. */
  function forward(target) {
    if (current.quiz && current.quiz.picked === undefined) {
      stop();
      reveal(null);
      return;
    }
    const k = current.predict ? nextPrintingStep(current.run, current.step, target) : -1;
    if (k < 0) {
      goTo(target);
      return;
    }
    stop();
    current.quiz = { question: questionAt(current.run, k) };
    goTo(k - 1);
  }

  function setPredict(on) {
    current.predict = on;
    $.predict.setAttribute('aria-pressed', String(on));
    if (!on) current.quiz = null;
    render();
  }

  /** Shows `file` at the current step (a tab or a task row was clicked). */
  function showFile(file) {
    if (!current.viewState.source.files.has(file)) return;
    current.viewState.source.pinned = { file, step: current.step };
    render();
  }

  async function fetchFile(file) {
    if (!current.files.has(file)) {
      const response = await fetch(new URL(`examples/${file}`, base));
      if (!response.ok) throw new Error(`examples/${file}: ${response.status}`);
      current.files.set(file, await response.text());
    }
    return current.files.get(file);
  }

  /** Shows the C program or its asyncio twin (beside the C where there is room). */
  function showLanguage(lang) {
    current.lang = lang;
    const hasTwin = Boolean(current.viewState && current.viewState.twin);
    const shown = hasTwin ? lang : 'c';
    $.source.closest('.source-panel').dataset.lang = shown;
    $['lang-c'].setAttribute('aria-selected', String(shown === 'c'));
    $['lang-py'].setAttribute('aria-selected', String(shown === 'py'));
    $.twin.hidden = shown !== 'py';
  }

  // Loads run one after another may overlap (a slow network, the menu moved by the keyboard):
  // only the last one started may draw; the others stop at their next await.
  async function load(name, step = 0) {
    stop();
    const token = ++current.loading;
    current.quiz = null;
    delete document.documentElement.dataset.example;
    const entry = source.catalog.find((e) => e.name === name);
    if (!entry.listed && ![...$.example.options].some((o) => o.value === name)) {
      $.example.append(new Option(entry.title, entry.name)); // opened by its link
    }
    $.example.value = name;
    $.status.textContent = `Running ${entry.title}…`;
    const recorded = await source.record(name);
    if (token !== current.loading) return;
    const run = buildRun(parseTrace(recorded.text));
    const files = await Promise.all(entry.sources.map(async (file) => [file, await fetchFile(file)]));
    if (token !== current.loading) return;
    current.name = name;
    current.run = run;
    $.explanation.textContent = entry.explanation;
    const twin = parseTwin(files[0][1]);
    current.viewState = {
      source: view.renderSources($.source, $['source-tabs'], files, showFile),
      twin: view.renderTwin($.twin, $['lang-py'], entry.sources[0], twin),
      timeline: view.renderTimeline($.timeline, current.run, (k) => goTo(k)),
      hasSockets: current.run.steps.some((events) => events.some((e) => e.kind === 'socket')),
      selected: null, // the task whose call stack is shown (null: the running task)
    };
    $['lang-py'].disabled = !twin;
    $['lang-py'].title = twin ? 'The Python program this example mirrors, run by asyncio (tests/playground/run_twin.py)'
      : 'This example has no asyncio twin (its top comment says why)';
    showLanguage(current.lang);
    $['until-task'].replaceChildren(...current.run.timeline.lanes.filter((l) => l.id !== 0)
      .map((l) => new Option(`${l.id} ${l.name}`, String(l.id))));
    $.scrubber.max = String(current.run.total);
    const end = current.run.end;
    const how = source.kind === 'wasm' ? 'run in WebAssembly' : 'recorded run';
    let status = `${current.run.total} steps, ${how}`;
    if (recorded.truncated) {
      showMessage(`The trace of this run was cut short after step ${current.run.total} (out of memory): what follows is missing.`, { scope: 'run' });
      status += ', trace cut short';
    } else if (end && end.reason === 'budget') {
      showMessage(`The program was stopped after ${end.steps} steps (the step budget of ${end.step_budget}): it may never finish.`, { scope: 'run' });
      status += ', stopped by the step budget';
    } else if (end && end.reason === 'deadlock') {
      status += ': deadlock (tasks wait on something nothing can complete)';
    }
    $.status.textContent = status;
    if (step > current.run.total) {
      showMessage(`This link points at step ${step}, but the run has ${current.run.total} steps; showing the last.`, { step: current.run.total });
    }
    goTo(step);
    document.documentElement.dataset.example = name; // loaded and drawn
  }

  function stop() {
    if (current.timer) clearInterval(current.timer);
    current.timer = null;
    $.play.textContent = '▶ Play';
    $.play.setAttribute('aria-pressed', 'false');
  }

  function play() {
    if (current.timer) return stop();
    if (current.step >= current.run.total) goTo(0);
    const rate = Number($.speed.value);
    $.play.textContent = '⏸ Pause';
    $.play.setAttribute('aria-pressed', 'true');
    current.timer = setInterval(() => {
      if (current.step >= current.run.total) return stop();
      forward(current.step + 1);
    }, 1000 / rate);
  }

  const actions = {
    step: () => forward(current.step + 1),
    back: () => goTo(current.step - 1),
    reset: () => goTo(0),
    end: () => forward(current.run.total),
    iteration: () => forward(endOfIteration(current.run, current.step)),
    until: () => {
      const id = Number($['until-task'].value);
      const k = nextAwaitOf(current.run, id, current.step);
      if (k < 0) showMessage(`Task ${id} does not suspend or finish after step ${current.step}.`);
      else forward(k);
    },
  };
  for (const [id, action] of Object.entries(actions)) $[id].addEventListener('click', () => { stop(); action(); });
  $.play.addEventListener('click', play);
  $.predict.addEventListener('click', () => setPredict(!current.predict));
  $.speed.addEventListener('input', () => { if (current.timer) { stop(); play(); } });
  $.scrubber.addEventListener('input', () => { stop(); goTo(Number($.scrubber.value)); });
  $.example.addEventListener('change', () => load($.example.value));
  $['lang-c'].addEventListener('click', () => showLanguage('c'));
  $['lang-py'].addEventListener('click', () => showLanguage('py'));
  $.share.addEventListener('click', async () => {
    const url = location.href.split('#')[0] + formatShareLink(current.name, current.step);
    try { await navigator.clipboard.writeText(url); $.status.textContent = 'Link copied.'; } catch { $.status.textContent = url; }
  });
  $.tasks.addEventListener('click', (event) => { // select the task: its call stack, its file
    const row = event.target.closest('tr[data-task]');
    const task = row && current.state ? current.state.tasks.find((t) => t.id === Number(row.dataset.task)) : null;
    if (!task) return;
    current.viewState.selected = task.id;
    if (task.file) showFile(task.file);
    else render();
  });
  $.stack.addEventListener('click', (event) => { // show a frame's file
    const frame = event.target.closest('li[data-file]');
    if (frame) showFile(frame.dataset.file);
  });
  $.download.addEventListener('click', async () => {
    const json = JSON.stringify(chromeTrace(current.run, current.name));
    const blob = new Blob([json], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `aw-${current.name}.trace.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  window.addEventListener('hashchange', () => {
    const link = parseShareLink(location.hash, names);
    showMessage(link.error || '', { example: link.example, step: link.step });
    if (link.example !== current.name) load(link.example, link.step);
    else goTo(link.step, { updateHash: false });
  });
  document.addEventListener('keydown', (event) => {
    if (event.target.closest('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
    const keys = { ArrowRight: 'step', ArrowLeft: 'back', Home: 'reset', End: 'end', i: 'iteration', I: 'iteration', a: 'until', A: 'until' };
    if (keys[event.key]) { event.preventDefault(); stop(); actions[keys[event.key]](); }
    else if (event.key === ' ' && !event.target.closest('button')) { event.preventDefault(); play(); }
  });

  window.awPlayground = {
    get step() { return current.step; },
    get run() { return current.run; },
    get name() { return current.name; },
    get lastRenderMs() { return current.lastRenderMs; },
    source: source.kind,
    names,
    state: null,
    goTo,
    load,
  };
  const link = parseShareLink(location.hash, names);
  if (link.error) showMessage(link.error, { example: link.example, step: link.step });
  await load(link.example, link.step);
  window.awPlayground.firstRenderMs = performance.now() - started;
  document.documentElement.dataset.ready = 'true';
}

if (typeof document !== 'undefined') {
  main().catch((error) => {
    const box = document.getElementById('message');
    if (box) { box.textContent = `The playground failed to start: ${error.message}`; box.hidden = false; }
    console.error(error);
  });
}
