// Turns the recorded event stream of one run into what the page shows at each step.
//
// Pure functions only: the same events and the same step always give the same state, which is
// what makes stepping back and forward exact. Nothing here touches the DOM, and nothing is
// guessed: every entry of the ready queue, every timer and every wait comes from one event of
// the runtime's trace hook.
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
  const run = { meta, end, steps, total: steps.length - 1, checkpoints: [] };
  run.timeline = buildTimeline(run);
  let state = initialState();
  for (let k = 0; k < steps.length; k++) {
    if (k % CHECKPOINT_EVERY === 0) run.checkpoints.push(cloneState(state));
    state = applyStep(state, steps[k], k);
  }
  return run;
}

function initialState() {
  return {
    step: 0,
    iteration: 0,
    timeMs: 0,
    running: null, // {type: 'task'|'timer'|'callback', id, from: line|null, to: line|null}
    tasks: [], // in spawn order
    readyQueue: [], // [{type: 'task'|'timer'|'callback', id}], next first
    timers: [], // armed timers: {id, deadlineMs, byTask, due (queued, not yet run)}
    console: [], // [{text, task, name, step, open}]
    woken: [], // task ids woken in this step
    gathers: {}, // a gather's (or task group's) future id -> the ids of the tasks it waits for
    sockets: [], // the simulated network's sockets, in creation order (socket events)
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
    gathers: Object.fromEntries(Object.entries(state.gathers).map(([id, tasks]) => [id, [...tasks]])),
    sockets: state.sockets.map((s) => ({ ...s })),
  };
}

function findTask(state, id) {
  return state.tasks.find((t) => t.id === id);
}

function removeEntry(queue, type, id) {
  const index = queue.findIndex((e) => e.type === type && e.id === id);
  if (index >= 0) queue.splice(index, 1);
}

function applyOutput(state, event, stepIndex) {
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
}

/** Applies one event to a state (mutates it; callers work on clones). */
function applyEvent(state, event, stepIndex) {
  if (typeof event.iteration === 'number') state.iteration = event.iteration;
  if (typeof event.time_ms === 'number') state.timeMs = event.time_ms;
  switch (event.kind) {
    case 'spawn':
      state.tasks.push({
        id: event.task, name: event.name, state: 'ready', wait: null, started: false,
        file: null, line: null, function: null, status: null, error: null, result: null,
        frames: [], framesCut: false, // the calls above its await site (step_end's frames)
        future: event.future, // its done callbacks are queued under this future's id
      });
      state.readyQueue.push({ type: 'task', id: event.task });
      break;
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
        task.frames = event.frames || [];
        task.framesCut = Boolean(event.frames_cut);
        task.state = event.wait === 'ready' ? 'ready' : 'waiting';
        task.wait = { kind: event.wait, object: event.object };
        if (event.deadline_ms !== undefined) task.wait.deadlineMs = event.deadline_ms;
        if (event.direction !== undefined) task.wait.direction = event.direction;
      }
      if (event.wait === 'ready') state.readyQueue.push({ type: 'task', id: event.task });
      if (state.running && state.running.id === event.task) state.running.to = event.line;
      break;
    }
    case 'wake': {
      const task = findTask(state, event.task);
      if (task) task.state = 'ready';
      state.readyQueue.push({ type: 'task', id: event.task });
      state.woken.push(event.task);
      break;
    }
    case 'timer_arm':
      state.timers.push({ id: event.object, deadlineMs: event.deadline_ms, byTask: event.by_task || 0, due: false });
      break;
    case 'timer_queued': {
      const timer = state.timers.find((t) => t.id === event.object);
      if (timer) timer.due = true;
      state.readyQueue.push({ type: 'timer', id: event.object });
      break;
    }
    case 'timer_fire':
      removeEntry(state.readyQueue, 'timer', event.object);
      state.timers = state.timers.filter((t) => t.id !== event.object);
      state.running = { type: 'timer', id: event.object, from: null, to: null };
      break;
    case 'timer_cancel': // armed, or queued: then the loop drops its entry
      removeEntry(state.readyQueue, 'timer', event.object);
      state.timers = state.timers.filter((t) => t.id !== event.object);
      break;
    case 'callback_queued':
      state.readyQueue.push({ type: 'callback', id: event.object });
      break;
    case 'callback':
      removeEntry(state.readyQueue, 'callback', event.object);
      state.running = { type: 'callback', id: event.object, from: null, to: null };
      break;
    case 'done': {
      removeEntry(state.readyQueue, 'task', event.task); // cancelled before its first step
      const task = findTask(state, event.task);
      if (task) {
        task.state = event.error === 'AW_ECANCELED' ? 'cancelled' : 'done';
        task.wait = null;
        task.status = event.status;
        task.error = event.status === 0 ? null : event.error;
        task.result = event.result;
      }
      if (!state.running) state.running = { type: 'task', id: event.task, from: null, to: null };
      break;
    }
    case 'output':
      applyOutput(state, event, stepIndex);
      break;
    case 'gather_child':
      (state.gathers[event.object] ||= []).push(event.task);
      break;
    case 'socket':
      applySocket(state, event);
      break;
    default: // iteration (its number and clock are read above), cancel
      break;
  }
}

function newSocket(id, role, port, peer, task) {
  return { id, role, port, peer, task, accepted: role !== 'server', bytesIn: 0, bytesOut: 0,
    shut: false, endRead: false, peerShut: false, peerClosed: false, peerReset: false, reset: false, closed: false };
}

/**
 * A socket event of the simulated network: the task that used each socket last (opened,
 * accepted, read, wrote, closed it), its bytes read (in) and written (out), and what happened
 * to it and its peer.
 */
function applySocket(state, event) {
  const find = (id) => state.sockets.find((s) => s.id === id);
  const owner = event.task || 0;
  switch (event.op) {
    case 'listen':
      state.sockets.push(newSocket(event.object, 'listener', event.port, 0, owner));
      return;
    case 'connect':
      state.sockets.push(newSocket(event.object, 'client', event.port, event.peer, owner));
      // The server end exists from now on, queued on the listener until accepted.
      state.sockets.push(newSocket(event.peer, 'server', null, event.object, 0));
      return;
    default:
      break;
  }
  const socket = find(event.object);
  if (!socket) return;
  if (owner) socket.task = owner; // the task that used it last
  const peer = socket.peer ? find(socket.peer) : null;
  switch (event.op) {
    case 'accept': socket.accepted = true; break;
    case 'read': socket.bytesIn += event.bytes; if (event.bytes === 0) socket.endRead = true; break;
    case 'write': socket.bytesOut += event.bytes; break;
    case 'shutdown': socket.shut = true; if (peer) peer.peerShut = true; break;
    case 'reset': socket.reset = true; socket.closed = true; if (peer) peer.peerReset = true; break;
    case 'close': socket.closed = true; if (peer && !socket.reset) peer.peerClosed = true; break;
    default: break;
  }
}

/**
 * The call stack of a suspended task, innermost first: its await site, then each recorded call
 * above it ({file, line, function, callee}, callee null at the await site), with {gap: true}
 * where a call was not recorded (a frame's callee is not the function below it) or the stack
 * was cut, and {gap: true, site: true} for an await site the trace does not name. Empty for a
 * task that has not started or is done.
 */
export function callStack(task) {
  if (!task.started || task.state === 'done' || task.state === 'cancelled') return [];
  // A wait the runtime made again without a site (a task group's second wait) names no line.
  const stack = [task.line ? { file: task.file, line: task.line, function: task.function, callee: null } : { gap: true, site: true }];
  for (let i = task.frames.length - 1; i >= 0; i--) {
    const frame = task.frames[i];
    if (frame.callee !== stack[stack.length - 1].function) stack.push({ gap: true });
    stack.push({ file: frame.file, line: frame.line, function: frame.function, callee: frame.callee });
  }
  if (task.framesCut) stack.push({ gap: true });
  return stack;
}

/** What a socket's row says about it: listening, waiting for accept, open, closed... */
export function socketState(socket) {
  if (socket.reset) return 'reset';
  if (socket.closed) return 'closed';
  if (socket.role === 'listener') return 'listening';
  if (!socket.accepted) return 'waiting for accept';
  if (socket.peerReset) return 'reset by peer';
  const ends = [];
  if (socket.shut) ends.push('shut down (sends no more)');
  if (socket.endRead) ends.push('end of stream read');
  else if (socket.peerClosed) ends.push('peer closed');
  else if (socket.peerShut) ends.push('peer shut down');
  return ends.length ? ends.join(', ') : 'open';
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
 * queue in order, timers, I/O waits, clock, iteration, console lines and the wait graph.
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
  state.ioWaits = ioWaits(state);
  return state;
}

/**
 * The wait graph: one edge per waiting task, to what it waits on. Nodes are tasks or objects
 * ({kind: 'task'|'timer'|'future'|'gather'|'io'|<other wait kinds>, id}). A gather's edge
 * also lists the tasks it still waits for (`children`, from its gather_child events).
 */
export function waitGraph(state) {
  const edges = [];
  for (const task of state.tasks) {
    if (task.state !== 'waiting' || !task.wait) continue;
    const to = { kind: task.wait.kind, id: task.wait.object };
    if (task.wait.deadlineMs !== undefined) to.deadlineMs = task.wait.deadlineMs;
    if (task.wait.direction !== undefined) to.direction = task.wait.direction;
    if (to.kind === 'gather') {
      to.children = (state.gathers[to.id] || []).filter((id) => {
        const child = findTask(state, id);
        return child && child.state !== 'done' && child.state !== 'cancelled';
      });
    }
    edges.push({ from: task.id, to });
  }
  return edges;
}

/**
 * The I/O waits, by socket: {socket, direction ('read'|'write'), task, deadlineMs (null: none)}.
 * (The playground's loops use the simulated network, where an I/O wait's object is a socket.)
 */
export function ioWaits(state) {
  return state.tasks.filter((t) => t.state === 'waiting' && t.wait && t.wait.kind === 'io')
    .map((t) => ({ socket: t.wait.object, direction: t.wait.direction, task: t.id, deadlineMs: t.wait.deadlineMs ?? null }))
    .sort((a, b) => a.socket - b.socket || a.task - b.task);
}

/** One entry per step: which lane ran it (a task id, or 0 for the loop's timers and callbacks). */
function buildTimeline(run) {
  const entries = [];
  const lanes = new Map([[0, { id: 0, name: 'loop' }]]);
  const futureOwners = new Map(); // a task's future id -> its name, for its done callbacks
  for (let k = 0; k < run.steps.length; k++) {
    let lane = 0;
    let label = 'setup';
    let iteration = 0;
    let time = 0;
    for (const e of run.steps[k]) {
      if (e.kind === 'spawn' && !lanes.has(e.task)) lanes.set(e.task, { id: e.task, name: e.name });
      if (e.kind === 'spawn') futureOwners.set(e.future, e.name);
      if (typeof e.iteration === 'number') iteration = e.iteration;
      if (typeof e.time_ms === 'number') time = e.time_ms;
      if (label === 'setup' && k > 0) {
        if (e.kind === 'step_begin') { lane = e.task; label = 'step'; }
        else if (e.kind === 'timer_fire') { lane = 0; label = `timer ${e.object}`; }
        else if (e.kind === 'callback') {
          lane = 0;
          label = futureOwners.has(e.object) ? `done callback of ${futureOwners.get(e.object)}` : `callback ${e.object}`;
        }
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
