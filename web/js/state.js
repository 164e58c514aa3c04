// Turns the recorded event stream of one run into what the page shows at each step.
//
// Pure functions only: the same events and the same step always give the same state, which is
// what makes stepping back and forward exact. Nothing here touches the DOM.
//
// A run is the list of events written by wasm/playground/trace_json.c (one JSON object per
// line), cut into steps by the driver's {"kind":"step"} markers. Step 0 is what happened before
// the first entry ran (the main task spawned); step k (1..total) is the k-th ready entry run by
// aw_loop_step, with every event it caused. The state "at step k" is the state after step k.

/** Parses the JSON-lines text of a recording into events (blank lines are skipped). */
export function parseTrace(text) {
  const events = [];
  for (const line of text.split('\n')) {
    if (line.trim() !== '') events.push(JSON.parse(line));
  }
  return events;
}

const CHECKPOINT_EVERY = 64;

/**
 * Splits the events into steps and prepares the run: meta, end, the steps' events, the
 * timeline and the checkpoints that make stateAt fast on long runs.
 */
export function buildRun(events) {
  let meta = null;
  let end = null;
  const steps = [];
  let current = [];
  for (const event of events) {
    if (event.kind === 'meta') meta = event;
    else if (event.kind === 'end') end = event;
    else if (event.kind === 'step') { steps.push(current); current = []; }
    else current.push(event);
  }
  // Events after the last marker (a run stopped inside a step) join the last step.
  if (steps.length === 0) steps.push(current);
  else steps[steps.length - 1].push(...current);
  placeCallbackPushes(steps);
  const run = { meta, end, steps, total: steps.length - 1, checkpoints: [] };
  run.timeline = buildTimeline(run);
  let state = initialState();
  for (let k = 0; k < steps.length; k++) {
    if (k % CHECKPOINT_EVERY === 0) run.checkpoints.push(cloneState(state));
    state = applyStep(state, steps[k], k);
  }
  return run;
}

/**
 * The trace records when a future's done callback runs, not when it is queued. A gather or a
 * task group queues one when a child finishes, and it runs in the next iteration: so each
 * callback entry of iteration i is placed right after a "done" event of iteration i-1, in
 * order (the rest after the last step of i-1), as a synthetic "queue_callback" event.
 */
function placeCallbackPushes(steps) {
  const firstIteration = (step) => {
    for (const e of step) if (e.kind === 'iteration') return e.iteration;
    for (const e of step) if (typeof e.iteration === 'number') return e.iteration;
    return 0;
  };
  const stepIteration = steps.map(firstIteration);
  const used = new Set();
  for (let k = 1; k < steps.length; k++) {
    for (const event of steps[k]) {
      if (event.kind !== 'callback') continue;
      const previous = event.iteration - 1;
      let placed = false;
      for (let j = 0; j < k && !placed; j++) {
        if (j > 0 && stepIteration[j] !== previous && !(previous === 0 && j === 0)) continue;
        const list = steps[j];
        for (let i = 0; i < list.length; i++) {
          const e = list[i];
          if (e.kind === 'done' && e.iteration === previous && !used.has(e)) {
            used.add(e);
            list.splice(i + 1, 0, { kind: 'queue_callback', object: event.object, iteration: e.iteration, time_ms: e.time_ms, synthetic: true });
            placed = true;
            break;
          }
        }
      }
      if (!placed) {
        let j = k - 1;
        while (j > 0 && stepIteration[j] !== previous) j--;
        steps[j].push({ kind: 'queue_callback', object: event.object, iteration: previous, synthetic: true });
      }
    }
  }
}

function initialState() {
  return {
    step: 0,
    iteration: 0,
    timeMs: 0,
    running: null, // {type: 'task'|'timer'|'callback', id, from: line|null, to: line|null}
    tasks: [], // in spawn order
    readyQueue: [], // [{type: 'task'|'timer'|'callback', id}]
    timers: [], // armed timers: {id, deadlineMs, byTask, due}
    console: [], // [{text, task, name, step, open}]
    woken: [], // task ids woken in this step
    finished: false,
    endReason: null,
  };
}

function cloneState(state) {
  return {
    ...state,
    running: state.running ? { ...state.running } : null,
    tasks: state.tasks.map((t) => ({ ...t, wait: t.wait ? { ...t.wait } : null })),
    readyQueue: state.readyQueue.map((e) => ({ ...e })),
    timers: state.timers.map((t) => ({ ...t })),
    console: state.console.map((l) => ({ ...l })),
    woken: [...state.woken],
  };
}

function findTask(state, id) {
  return state.tasks.find((t) => t.id === id);
}

function removeEntry(queue, type, id) {
  const index = queue.findIndex((e) => e.type === type && (id === undefined || e.id === id));
  if (index >= 0) queue.splice(index, 1);
}

/** Applies one event to a state (mutates it; callers work on clones). */
function applyEvent(state, event, stepIndex) {
  if (typeof event.iteration === 'number') state.iteration = event.iteration;
  if (typeof event.time_ms === 'number') state.timeMs = event.time_ms;
  switch (event.kind) {
    case 'spawn': {
      state.tasks.push({
        id: event.task, name: event.name, state: 'ready', wait: null, started: false,
        file: null, line: null, function: null, spawnedBy: event.by_task || 0,
        spawnStep: stepIndex, status: null, error: null, result: null, cancelRequested: false,
      });
      state.readyQueue.push({ type: 'task', id: event.task });
      break;
    }
    case 'iteration': {
      // Due timers join the queue at the start of the iteration, by (deadline, creation).
      const due = state.timers.filter((t) => !t.due && t.deadlineMs <= event.time_ms)
        .sort((a, b) => a.deadlineMs - b.deadlineMs || a.id - b.id);
      for (const timer of due) {
        timer.due = true;
        state.readyQueue.push({ type: 'timer', id: timer.id });
      }
      break;
    }
    case 'step_begin': {
      removeEntry(state.readyQueue, 'task', event.task);
      const task = findTask(state, event.task);
      if (task) {
        task.state = 'running';
        task.wait = null;
        task.started = true;
        if (event.line > 0) { task.line = event.line; task.file = event.file; task.function = event.function; }
      }
      state.running = { type: 'task', id: event.task, from: event.line > 0 ? event.line : null, to: null };
      break;
    }
    case 'step_end': {
      const task = findTask(state, event.task);
      if (task) {
        task.line = event.line; task.file = event.file; task.function = event.function;
        if (event.wait === 'ready') {
          task.state = 'ready';
          task.wait = { kind: 'ready', object: 0 };
          state.readyQueue.push({ type: 'task', id: event.task });
        } else {
          task.state = 'waiting';
          task.wait = { kind: event.wait, object: event.object };
          if (event.deadline_ms !== undefined) task.wait.deadlineMs = event.deadline_ms;
        }
      }
      if (state.running && state.running.id === event.task) state.running.to = event.line;
      break;
    }
    case 'wake': {
      const task = findTask(state, event.task);
      if (task) { task.state = 'ready'; task.wakeStep = stepIndex; }
      state.readyQueue.push({ type: 'task', id: event.task });
      let by = event.by_task || 0;
      let byTimer = event.by_timer || 0;
      if (!by && !byTimer && state.running) { // completed by the step's own entry as it ended
        if (state.running.type === 'task') by = state.running.id;
        else if (state.running.type === 'timer') byTimer = state.running.id;
      }
      if (task) task.wokenBy = by ? { kind: 'task', id: by } : byTimer ? { kind: 'timer', id: byTimer } : null;
      state.woken.push(event.task);
      break;
    }
    case 'timer_arm': {
      const timer = { id: event.object, deadlineMs: event.deadline_ms, byTask: event.by_task || 0, due: false };
      state.timers.push(timer);
      if (event.deadline_ms <= event.time_ms && state.running) { // queued at once (an expired timeout)
        timer.due = true;
        state.readyQueue.push({ type: 'timer', id: timer.id });
      }
      break;
    }
    case 'timer_fire': {
      removeEntry(state.readyQueue, 'timer', event.object);
      state.timers = state.timers.filter((t) => t.id !== event.object);
      state.running = { type: 'timer', id: event.object, from: null, to: null };
      break;
    }
    case 'timer_cancel': {
      removeEntry(state.readyQueue, 'timer', event.object);
      state.timers = state.timers.filter((t) => t.id !== event.object);
      break;
    }
    case 'queue_callback':
      state.readyQueue.push({ type: 'callback', id: event.object });
      break;
    case 'callback':
      if (state.readyQueue.some((e) => e.type === 'callback' && e.id === event.object)) {
        removeEntry(state.readyQueue, 'callback', event.object);
      } else {
        removeEntry(state.readyQueue, 'callback');
      }
      state.running = { type: 'callback', id: event.object, from: null, to: null };
      break;
    case 'done': {
      removeEntry(state.readyQueue, 'task', event.task); // cancelled before its first step
      const task = findTask(state, event.task);
      if (task) {
        task.state = event.status === -1 ? 'cancelled' : 'done';
        task.wait = null;
        task.status = event.status;
        task.error = event.status === 0 ? null : event.error;
        task.result = event.result;
      }
      if (!state.running) state.running = { type: 'task', id: event.task, from: null, to: null };
      break;
    }
    case 'cancel': {
      const task = findTask(state, event.task);
      if (task) task.cancelRequested = true;
      break;
    }
    case 'output': {
      const name = event.name || '';
      const task = event.task || 0;
      const pieces = event.text.split('\n');
      pieces.forEach((piece, i) => {
        const last = state.console[state.console.length - 1];
        const isLast = i === pieces.length - 1;
        if (isLast && piece === '') return; // text ended with a newline
        if (i === 0 && last && last.open) {
          last.text += piece;
          if (!isLast) last.open = false;
        } else {
          state.console.push({ text: piece, task, name, step: stepIndex, open: isLast });
        }
      });
      if (pieces.length > 1) {
        const last = state.console[state.console.length - 1];
        if (last && pieces[pieces.length - 1] === '') last.open = false;
      }
      break;
    }
    default:
      break;
  }
}

function applyStep(previous, events, stepIndex) {
  const state = cloneState(previous);
  state.step = stepIndex;
  state.running = null;
  state.woken = [];
  for (const task of state.tasks) if (task.state === 'running') task.state = 'ready';
  for (const event of events) applyEvent(state, event, stepIndex);
  return state;
}

/**
 * The state after step k (0 <= k <= run.total): tasks (state, wait, line, result), the ready
 * queue in order, timers, clock, iteration, console lines and the wait graph.
 */
export function stateAt(run, k) {
  const step = Math.max(0, Math.min(run.total, Math.floor(k)));
  const base = Math.floor(step / CHECKPOINT_EVERY);
  let state = cloneState(run.checkpoints[base]);
  for (let j = base * CHECKPOINT_EVERY; j <= step; j++) state = applyStep(state, run.steps[j], j);
  state.total = run.total;
  state.finished = step === run.total && run.end !== null;
  state.endReason = state.finished ? run.end.reason : null;
  state.edges = waitGraph(state);
  return state;
}

/**
 * The wait graph: one edge per waiting task, to what it waits on. Nodes are tasks or objects
 * ({kind: 'task'|'timer'|'future'|'gather'|'io'|<other wait kinds>, id}).
 */
export function waitGraph(state) {
  const edges = [];
  for (const task of state.tasks) {
    if (task.state !== 'waiting' || !task.wait) continue;
    const to = { kind: task.wait.kind, id: task.wait.object };
    if (task.wait.deadlineMs !== undefined) to.deadlineMs = task.wait.deadlineMs;
    edges.push({ from: task.id, to });
  }
  return edges;
}

/** One entry per step: which lane ran it (a task id, or 0 for the loop's timers and callbacks). */
function buildTimeline(run) {
  const entries = [];
  const lanes = new Map([[0, { id: 0, name: 'loop' }]]);
  for (let k = 0; k < run.steps.length; k++) {
    let lane = 0;
    let label = 'setup';
    let iteration = 0;
    let time = 0;
    for (const e of run.steps[k]) {
      if (e.kind === 'spawn' && !lanes.has(e.task)) lanes.set(e.task, { id: e.task, name: e.name });
      if (typeof e.iteration === 'number') iteration = e.iteration;
      if (typeof e.time_ms === 'number') time = e.time_ms;
      if (label === 'setup' && k > 0) {
        if (e.kind === 'step_begin') { lane = e.task; label = 'step'; }
        else if (e.kind === 'timer_fire') { lane = 0; label = `timer ${e.object}`; }
        else if (e.kind === 'callback') { lane = 0; label = `callback ${e.object}`; }
        else if (e.kind === 'done') { lane = e.task; label = 'cancelled before start'; }
      }
    }
    entries.push({ step: k, lane, label, iteration, timeMs: time });
  }
  return { entries, lanes: [...lanes.values()] };
}

/** The next step after `from` in which task `id` suspends or finishes ("run until its next await"). */
export function nextAwaitOf(run, id, from) {
  for (let k = from + 1; k <= run.total; k++) {
    for (const e of run.steps[k]) {
      if (e.task === id && (e.kind === 'step_end' || e.kind === 'done')) return k;
    }
  }
  return -1;
}

/** The last step of the iteration that step `from + 1` belongs to ("step a whole iteration"). */
export function endOfIteration(run, from) {
  if (from >= run.total) return run.total;
  const entries = run.timeline.entries;
  const iteration = entries[from + 1].iteration;
  let k = from + 1;
  while (k + 1 <= run.total && entries[k + 1].iteration === iteration) k++;
  return k;
}

/** The full console text at the end of the run (what the program printed). */
export function finalOutput(run) {
  let text = '';
  for (const step of run.steps) for (const e of step) if (e.kind === 'output') text += e.text;
  return text;
}

// ---------------------------------------------------------------------------------------------
// Chrome trace: the same mapping as runtime/src/trace_chrome.c. The recording has no wall-clock
// time, so timestamps count steps (10 microseconds per step); the loop clock and the iteration
// travel in each event's args as they do there.

const WAIT_NAMES = new Set(['none', 'ready', 'task', 'future', 'timer', 'gather', 'io']);

export function chromeTrace(run) {
  const out = [
    { name: 'process_name', ph: 'M', pid: 1, args: { name: 'aw' } },
    { name: 'thread_name', ph: 'M', pid: 1, tid: 0, args: { name: 'loop (timers, callbacks)' } },
  ];
  const common = (e) => ({ iteration: e.iteration, loop_time_ms: e.time_ms });
  let flow = 0;
  let stepTask = 0;
  let stepBegin = 0;
  let wakingTimer = 0;
  for (let k = 0; k < run.steps.length; k++) {
    const list = run.steps[k];
    list.forEach((e, i) => {
      const ts = k * 10 + (i * 9) / Math.max(1, list.length);
      const endStep = (outcome) => {
        out.push({ name: 'step', ph: 'X', pid: 1, tid: e.task, ts: stepBegin, dur: ts - stepBegin,
          args: { ...common(e), outcome, suspended_at: e.file !== undefined ? `${e.file}:${e.line}` : null } });
        stepTask = 0;
      };
      switch (e.kind) {
        case 'spawn':
          out.push({ name: 'thread_name', ph: 'M', pid: 1, tid: e.task, args: { name: `task ${e.task} ${e.name}` } });
          out.push({ name: 'thread_sort_index', ph: 'M', pid: 1, tid: e.task, args: { sort_index: e.task } });
          break;
        case 'step_begin':
          stepTask = e.task;
          stepBegin = ts;
          break;
        case 'step_end':
          endStep('suspended');
          if (e.wait !== 'ready' && e.wait !== 'none') {
            out.push({ name: 'wait', cat: 'wait', ph: 'b', id: e.task, pid: 1, tid: e.task, ts,
              args: { on: WAIT_NAMES.has(e.wait) ? e.wait : e.wait, object: e.object } });
          }
          break;
        case 'done':
          if (stepTask === e.task) endStep('returned');
          out.push({ name: 'done', ph: 'i', s: 't', pid: 1, tid: e.task, ts, args: { status: e.error } });
          break;
        case 'wake': {
          if (!e.by_task && !e.by_timer && stepTask === 0 && wakingTimer === 0) break;
          const id = ++flow;
          out.push({ name: 'wait', cat: 'wait', ph: 'e', id: e.task, pid: 1, tid: e.task, ts });
          out.push({ name: 'wake', cat: 'wake', ph: 's', id, pid: 1, tid: e.by_task || 0, ts });
          out.push({ name: 'wake', cat: 'wake', ph: 'f', id, pid: 1, tid: e.task, ts });
          break;
        }
        case 'timer_fire':
        case 'callback':
          out.push({ name: `${e.kind === 'timer_fire' ? 'timer' : 'callback of future'} ${e.object}`,
            ph: 'X', pid: 1, tid: 0, ts, dur: 1, args: common(e) });
          wakingTimer = e.object;
          break;
        case 'iteration':
          wakingTimer = 0;
          out.push({ name: `iteration ${e.iteration}`, ph: 'i', s: 'p', pid: 1, tid: 0, ts,
            args: { ...common(e), ready: e.ready } });
          break;
        case 'cancel':
          out.push({ name: 'cancel requested', ph: 'i', s: 't', pid: 1, tid: e.task, ts });
          break;
        case 'output':
          out.push({ name: 'output', ph: 'i', s: 't', pid: 1, tid: e.task || 0, ts, args: { text: e.text } });
          break;
        default:
          break; // timer_arm, timer_cancel: visible as the wait spans they end; queue_callback: ours
      }
    });
  }
  return { displayTimeUnit: 'ms', traceEvents: out };
}
