// Draws a state from state.js into the page. It reads nothing but its arguments; the DOM it
// builds is keyed by element ids in index.html.

import { socketState, callStack } from './state.js';

const PALETTE = ['#3457d5', '#d5553f', '#2e9e5b', '#a347c2', '#d39b1c', '#1c9fb5', '#c2477b',
  '#6b7d1c', '#7a5af0', '#e07a1f', '#3d8c8c', '#9c4d2f'];

/** The colour of a task (stable per id). Lane 0, the loop, is grey. */
export function taskColor(id) {
  return id === 0 ? '#8a8fa3' : PALETTE[(id - 1) % PALETTE.length];
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') node.className = value;
    else if (key === 'style') node.style.cssText = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/** How a wait's object is named everywhere on the page: "socket 3 read", "timer 2", "task 4". */
function objectLabel(kind, id, direction) {
  // The playground's loops use the simulated network: an I/O wait's object is a socket id.
  if (kind === 'io') return `socket ${id}${direction && direction !== 'none' ? ` ${direction}` : ''}`;
  return `${kind} ${id}`;
}

function describeWait(wait, state) {
  if (!wait) return '';
  switch (wait.kind) {
    case 'ready': return 'its turn (yielded)';
    case 'task': {
      const task = state.tasks.find((t) => t.id === wait.object);
      return `task ${task ? task.name : wait.object}`;
    }
    case 'timer': return `timer ${wait.object} (at ${wait.deadlineMs} ms)`;
    case 'io': return `${objectLabel('io', wait.object, wait.direction)}${wait.deadlineMs !== undefined ? ` (until ${wait.deadlineMs} ms)` : ''}`;
    default: return objectLabel(wait.kind, wait.object);
  }
}

function entryLabel(entry, state) {
  if (entry.type === 'task') {
    const task = state.tasks.find((t) => t.id === entry.id);
    return task ? task.name : `task ${entry.id}`;
  }
  if (entry.type === 'timer') return `timer ${entry.id}`;
  const owner = state.tasks.find((t) => t.future === entry.id);
  return owner ? `done callback of ${owner.name}` : `callback (future ${entry.id})`;
}

/**
 * Builds the source listings once per example: one per file its tasks can be suspended in,
 * with a tab each. `files` is [[name, text], ...], the example's own file first. Returns the
 * view of the sources: for each file its line elements (index = line - 1).
 */
export function renderSources(container, tabs, files, onSelect) {
  container.replaceChildren();
  tabs.replaceChildren();
  const view = { files: new Map(), shown: null, pinned: null, marked: [] };
  for (const [name, text] of files) {
    const { nodes, listing } = listingOf(name, text);
    listing.hidden = true;
    const tab = el('button', { class: 'source-tab', role: 'tab', 'aria-selected': 'false', 'data-file': name },
      el('span', { class: 'tab-name', text: name }), el('span', { class: 'tab-marks' }));
    tab.addEventListener('click', () => onSelect(name));
    container.append(listing);
    tabs.append(tab);
    view.files.set(name, { nodes, listing, tab });
  }
  tabs.hidden = files.length < 2;
  return view;
}

function listingOf(name, text) {
  const lines = text.replace(/\n$/, '').split('\n');
  const nodes = lines.map((line, i) => el('div', { class: 'src-line', 'data-line': String(i + 1) },
    el('span', { class: 'no', text: String(i + 1) }), el('span', { class: 'marks' }),
    el('span', { class: 'code', text: line || ' ' })));
  return { nodes, listing: el('div', { class: 'source-file', 'data-file': name }, ...nodes) };
}

/**
 * Builds the asyncio twin's listing (twin.js's parseTwin of the example's file `cFile`) into
 * `container`, with its tab `tab` (whose last child holds the tab's task dots). Returns the
 * twin's view, or null (and an empty container) without a twin.
 */
export function renderTwin(container, tab, cFile, twin) {
  container.replaceChildren();
  if (!twin) return null;
  const { nodes, listing } = listingOf('main.py', twin.python);
  container.append(listing);
  return { files: new Map([['main.py', { nodes, listing, tab }]]), lines: twin.lines, cFile, marked: [] };
}

/** The twin's markers: each task at the Python line paired with its C line (none without one). */
function updateTwin(twin, state) {
  for (const node of twin.marked) {
    node.classList.remove('ran');
    node.children[1].replaceChildren();
  }
  twin.marked = [];
  const lineOf = (task) => (task.file === twin.cFile && twin.lines.has(task.line) ? { file: 'main.py', line: twin.lines.get(task.line) } : null);
  const running = markTasks(twin.files, state, lineOf, twin.marked);
  if (running) {
    running.node.classList.add('ran');
    scrollIntoBox(running.node.parentElement, running.node);
  }
}

/** The file to show: the one picked at this step (a tab, a task), else the running task's. */
function shownFile(source, state) {
  if (source.pinned && source.pinned.step === state.step && source.files.has(source.pinned.file)) return source.pinned.file;
  const running = state.running && state.running.type === 'task' ? state.tasks.find((t) => t.id === state.running.id) : null;
  if (running && source.files.has(running.file)) return running.file;
  return source.shown ?? source.files.keys().next().value;
}

/** At most this many task chips fit the gutter beside a line; more become one chip and a count. */
const GUTTER_CHIPS = 2;

/**
 * The gutter of one line: a chip per task suspended there, or, for more than GUTTER_CHIPS
 * tasks, the running one (else the first) and a "+N" chip naming the others. Chips never
 * reach into the code.
 */
function gutterChips(tasks, runningId) {
  const chip = (task) => el('span', { class: `mark${task.id === runningId ? ' is-running' : ''}`,
    style: `background:${taskColor(task.id)}`, title: `${task.name}: ${task.state}`, 'data-task': String(task.id), text: String(task.id) });
  if (tasks.length <= GUTTER_CHIPS) return tasks.map(chip);
  const first = tasks.find((t) => t.id === runningId) ?? tasks[0];
  const others = tasks.filter((t) => t !== first);
  return [chip(first), el('span', { class: 'mark more', title: others.map((t) => `${t.name}: ${t.state}`).join('\n'),
    'data-count': String(others.length), text: `+${others.length}` })];
}

/**
 * Marks each task's current line in `files` (a Map name -> {nodes}) and returns the nodes it
 * touched. `lineOf(task)` gives {file, line} or null.
 */
export function markTasks(files, state, lineOf, touched) {
  const running = state.running && state.running.type === 'task' ? state.running.id : null;
  const byLine = new Map();
  for (const task of state.tasks) {
    if (task.state === 'done' || task.state === 'cancelled') continue;
    const at = lineOf(task);
    if (!at || !files.has(at.file)) continue;
    const node = files.get(at.file).nodes[at.line - 1];
    if (!node) continue;
    if (!byLine.has(node)) byLine.set(node, { file: at.file, tasks: [] });
    byLine.get(node).tasks.push(task);
  }
  const tabMarks = new Map([...files.keys()].map((name) => [name, []]));
  let runningNode = null;
  for (const [node, { file, tasks }] of byLine) {
    touched.push(node);
    node.children[1].replaceChildren(...gutterChips(tasks, running));
    for (const task of tasks) {
      tabMarks.get(file).push(el('span', { class: `dot${task.id === running ? ' is-running' : ''}`,
        style: `background:${taskColor(task.id)}`, title: `${task.name}: ${task.state}` }));
      if (task.id === running) runningNode = { node, file };
    }
  }
  for (const [name, view] of files) view.tab.children[1].replaceChildren(...tabMarks.get(name));
  return runningNode;
}

function scrollIntoBox(listing, node) {
  const box = listing.parentElement;
  const top = node.offsetTop - box.offsetTop;
  if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 30) box.scrollTop = top - box.clientHeight / 3;
}

function updateSource(source, state) {
  for (const node of source.marked) {
    node.classList.remove('ran');
    node.children[1].replaceChildren();
  }
  source.marked = [];
  const file = shownFile(source, state);
  if (file !== source.shown) {
    for (const [name, view] of source.files) {
      view.listing.hidden = name !== file;
      view.tab.setAttribute('aria-selected', String(name === file));
    }
    source.shown = file;
  }
  // The trace knows where a task resumed and where it suspended, not which lines ran between
  // (they may be in other functions): only the line it suspended on is shaded.
  const running = markTasks(source.files, state, (task) => (task.line ? { file: task.file, line: task.line } : null), source.marked);
  if (running) {
    running.node.classList.add('ran');
    if (running.file === file) scrollIntoBox(source.files.get(file).listing, running.node);
  }
}

function updateTasks(tbody, state) {
  const rows = state.tasks.map((task) => {
    const running = state.running && state.running.type === 'task' && state.running.id === task.id;
    let result = '';
    if (task.state === 'done' || task.state === 'cancelled') result = task.error ? task.error : String(task.result);
    const stateText = running && task.state !== 'done' && task.state !== 'cancelled' ? `ran → ${task.state}` : task.state;
    let waits = describeWait(task.wait, state);
    if (!task.started && task.state === 'ready') waits = 'its first step';
    else if (task.state === 'ready' && task.wait && task.wait.kind !== 'ready') waits = `woken (${waits})`;
    return el('tr', { class: running ? 'is-running' : '', 'data-task': String(task.id), title: task.file ? `${task.file}:${task.line}` : '' },
      el('td', {}, el('span', { class: 'dot', style: `background:${taskColor(task.id)}` }), `${task.id} ${task.name}`),
      el('td', { class: `state state-${running ? 'running' : task.state}`, text: stateText }),
      el('td', { text: waits }),
      el('td', { text: task.line ? String(task.line) : '' }),
      el('td', { text: result }));
  });
  tbody.replaceChildren(...rows);
}

function updateLoop(dom, state) {
  dom.clock.textContent = `${state.timeMs} ms`;
  dom.iteration.textContent = String(state.iteration);
  let running = '–';
  if (state.step === 0) running = 'setup';
  else if (state.running) {
    if (state.running.type === 'task') {
      const task = state.tasks.find((t) => t.id === state.running.id);
      running = task ? task.name : `task ${state.running.id}`;
    } else running = entryLabel(state.running, state);
  }
  dom.running.textContent = running;
  dom.running.title = running;
  const queue = state.readyQueue.map((entry) => el('li', { 'data-entry': `${entry.type}:${entry.id}` },
    entry.type === 'task' ? el('span', { class: 'dot', style: `background:${taskColor(entry.id)}` }) : null,
    entryLabel(entry, state)));
  dom.ready.replaceChildren(...(queue.length ? queue : [el('li', { class: 'empty', text: 'empty' })]));
  const timers = [...state.timers].sort((a, b) => a.deadlineMs - b.deadlineMs || a.id - b.id).map((timer) => {
    const sleeper = state.tasks.find((t) => t.wait && t.wait.kind === 'timer' && t.wait.object === timer.id);
    return el('li', { 'data-timer': String(timer.id) }, `timer ${timer.id} at ${timer.deadlineMs} ms`,
      sleeper ? el('span', { class: 'dim', text: `(${sleeper.name})` }) : null,
      timer.due ? el('span', { class: 'due', text: 'due' }) : null);
  });
  dom.timers.replaceChildren(...(timers.length ? timers : [el('li', { class: 'empty', text: 'none' })]));
  const waits = state.ioWaits.map((wait) => {
    const task = state.tasks.find((t) => t.id === wait.task);
    return el('li', { 'data-socket': String(wait.socket) }, objectLabel('io', wait.socket, wait.direction),
      el('span', { class: 'dot', style: `background:${taskColor(wait.task)}` }), task ? task.name : `task ${wait.task}`,
      el('span', { class: 'dim', text: wait.deadlineMs === null ? 'no deadline' : `until ${wait.deadlineMs} ms` }));
  });
  dom.ioWaits.replaceChildren(...(waits.length ? waits : [el('li', { class: 'empty', text: 'none' })]));
}

/**
 * The call stack of the selected task (a click on its row), else of the task that ran this step:
 * its await site first, then the recorded calls above it, with a gap where calls were not
 * recorded. Each frame names its function and file:line.
 */
function updateStack(dom, state, selected) {
  const runningId = state.running && state.running.type === 'task' ? state.running.id : null;
  const task = state.tasks.find((t) => t.id === (selected ?? runningId));
  for (const row of dom.tasks.querySelectorAll('tr[data-task]')) row.classList.toggle('is-selected', task !== undefined && Number(row.dataset.task) === task.id);
  dom.stackTitle.textContent = task ? `Call stack of ${task.name}` : 'Call stack';
  if (!task) {
    dom.stack.replaceChildren(el('li', { class: 'empty', text: 'Click a task to see its call stack.' }));
    return;
  }
  const stack = callStack(task);
  if (stack.length === 0) {
    const why = !task.started ? 'not started yet' : task.state;
    dom.stack.replaceChildren(el('li', { class: 'empty', text: `${task.name} is ${why}: no frames.` }));
    return;
  }
  dom.stack.replaceChildren(...stack.map((frame, i) => (frame.gap
    ? el('li', { class: 'frame gap', text: frame.site ? '… where it suspended is not recorded' : '… calls not recorded' })
    : el('li', { class: `frame${i === 0 ? ' at-await' : ''}`, 'data-file': frame.file, 'data-line': String(frame.line), title: 'Show this file' },
      el('code', { class: 'function', text: frame.function }),
      el('span', { class: 'where', text: `${frame.file}:${frame.line}` }),
      el('span', { class: 'dim', text: i === 0 ? 'suspended here' : `calls ${frame.callee}` })))));
}

/** A socket's end: "listener :5433", "client :49152 → 3", "server end → 2". */
function socketEnd(socket) {
  if (socket.role === 'listener') return `listener :${socket.port}`;
  if (socket.role === 'client') return `client :${socket.port} ↔ ${socket.peer}`;
  return `server end ↔ ${socket.peer}`;
}

/**
 * The socket table (the simulated network's socket events): each socket's end and owner, its
 * state, the bytes it read (in) and wrote (out), and the task waiting on it. Hidden in a run
 * without sockets.
 */
function updateSockets(dom, state, hasSockets) {
  dom.socketsBox.hidden = !hasSockets;
  if (!hasSockets) return;
  const rows = state.sockets.map((socket) => {
    const owner = state.tasks.find((t) => t.id === socket.task);
    const waits = state.ioWaits.filter((w) => w.socket === socket.id).map((w) => {
      const task = state.tasks.find((t) => t.id === w.task);
      return el('span', { class: 'waiter' }, el('span', { class: 'dot', style: `background:${taskColor(w.task)}` }),
        `${task ? task.name : `task ${w.task}`} (${w.direction})`);
    });
    return el('tr', { 'data-socket': String(socket.id), class: socket.closed ? 'is-closed' : '' },
      el('td', {}, owner ? el('span', { class: 'dot', style: `background:${taskColor(owner.id)}`, title: owner.name }) : null,
        `${socket.id}${owner ? ` ${owner.name}` : ''}`),
      el('td', { class: 'socket-end', text: socketEnd(socket) }),
      el('td', { class: 'socket-state', text: socketState(socket) }),
      el('td', { class: 'bytes', text: String(socket.bytesIn) }),
      el('td', { class: 'bytes', text: String(socket.bytesOut) }),
      el('td', {}, ...waits));
  });
  dom.sockets.replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { class: 'empty', colspan: '6', text: 'no socket yet' }))]));
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function updateGraph(container, state) {
  const edges = state.edges || [];
  const width = 360;
  if (edges.length === 0) {
    container.replaceChildren(el('p', { class: 'empty', text: 'No task is waiting.' }));
    return;
  }
  const objects = [];
  const keyOf = (to) => `${to.kind}:${to.id}${to.kind === 'io' ? `:${to.direction}` : ''}`;
  const waiting = [];
  for (const edge of edges) {
    if (!waiting.includes(edge.from)) waiting.push(edge.from);
    if (edge.to.kind !== 'task' && !objects.some((o) => keyOf(o) === keyOf(edge.to))) objects.push(edge.to);
  }
  // Tasks on the left (the waiting ones and the tasks they wait on), objects on the right.
  const taskIds = [...waiting];
  for (const edge of edges) if (edge.to.kind === 'task' && !taskIds.includes(edge.to.id)) taskIds.push(edge.to.id);
  for (const edge of edges) for (const id of edge.to.children || []) if (!taskIds.includes(id)) taskIds.push(id);
  const rowHeight = 28;
  const height = Math.max(taskIds.length, objects.length) * rowHeight + 16;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Wait graph' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: 'currentColor' }));
  defs.append(marker);
  root.append(defs);
  const taskPos = new Map();
  taskIds.forEach((id, i) => taskPos.set(id, { x: 8, y: 10 + i * rowHeight }));
  const objectPos = new Map();
  objects.forEach((o, i) => objectPos.set(keyOf(o), { x: 220, y: 10 + i * rowHeight }));
  const nodeWidth = 120;
  for (const edge of edges) {
    const from = taskPos.get(edge.from);
    let d;
    if (edge.to.kind === 'task') {
      const to = taskPos.get(edge.to.id);
      const bend = 40 + Math.abs(to.y - from.y) / 3;
      d = `M ${from.x + nodeWidth} ${from.y + 10} C ${from.x + nodeWidth + bend} ${from.y + 10}, ${to.x + nodeWidth + bend} ${to.y + 10}, ${to.x + nodeWidth + 2} ${to.y + 10}`;
    } else {
      const to = objectPos.get(keyOf(edge.to));
      d = `M ${from.x + nodeWidth} ${from.y + 10} C ${from.x + nodeWidth + 40} ${from.y + 10}, ${to.x - 40} ${to.y + 10}, ${to.x - 2} ${to.y + 10}`;
    }
    root.append(svg('path', { class: 'edge', d, 'marker-end': 'url(#arrow)', style: `color:${taskColor(edge.from)};stroke:${taskColor(edge.from)}` }));
  }
  // A gather waits for its children: a dashed edge from the gather to each task not yet done.
  const drawn = new Set();
  for (const edge of edges) {
    if (!edge.to.children || drawn.has(keyOf(edge.to))) continue;
    drawn.add(keyOf(edge.to));
    const from = objectPos.get(keyOf(edge.to));
    for (const id of edge.to.children) {
      const to = taskPos.get(id);
      const d = `M ${from.x} ${from.y + 10} C ${from.x - 40} ${from.y + 10}, ${to.x + nodeWidth + 40} ${to.y + 10}, ${to.x + nodeWidth + 2} ${to.y + 10}`;
      root.append(svg('path', { class: 'edge gather-edge', d, 'marker-end': 'url(#arrow)', 'data-edge': `${keyOf(edge.to)}>task:${id}` }));
    }
  }
  for (const id of taskIds) {
    const task = state.tasks.find((t) => t.id === id);
    const pos = taskPos.get(id);
    const group = svg('g', { 'data-node': `task:${id}` });
    group.append(svg('rect', { x: pos.x, y: pos.y, width: nodeWidth, height: 20, rx: 10, fill: taskColor(id), opacity: '0.9' }));
    group.append(svg('text', { x: pos.x + 10, y: pos.y + 14, fill: '#fff', style: 'fill:#fff' }, `${id} ${task ? task.name : ''}`.slice(0, 20)));
    root.append(group);
  }
  for (const object of objects) {
    const pos = objectPos.get(keyOf(object));
    const group = svg('g', { class: 'object', 'data-node': keyOf(object) });
    group.append(svg('rect', { x: pos.x, y: pos.y, width: nodeWidth + 10, height: 20, rx: 4 }));
    const label = object.kind === 'timer' ? `timer ${object.id} @${object.deadlineMs} ms` : objectLabel(object.kind, object.id, object.direction);
    group.append(svg('text', { x: pos.x + 8, y: pos.y + 14 }, label));
    root.append(group);
  }
  container.replaceChildren(root);
}

function updateConsole(list, state) {
  const items = state.console.map((line) => el('li', { class: line.step === state.step ? 'new' : '', 'data-step': String(line.step) },
    el('span', { class: 'tag', style: `background:${taskColor(line.task)}`, text: line.task ? line.name : 'loop' }),
    el('span', { class: 'at', text: `#${line.step}` }),
    el('span', { class: 'text', text: line.text })));
  list.replaceChildren(...items);
  list.scrollTop = list.scrollHeight;
}

/** Builds the timeline (one lane per task, one cell per step) once per run. */
export function renderTimeline(container, run, onJump) {
  const { entries, lanes } = run.timeline;
  const cell = Math.max(4, Math.min(14, Math.floor(900 / Math.max(1, entries.length))));
  const firstStep = new Map();
  const lastStep = new Map();
  for (const entry of entries) {
    if (!firstStep.has(entry.lane)) firstStep.set(entry.lane, entry.step);
    lastStep.set(entry.lane, entry.step);
  }
  // Show at most 2000 cells; a longer run is shown by its scrubber only.
  const shown = entries.slice(0, 2000);
  const laneNodes = lanes.filter((lane) => lane.id === 0 ? entries.some((e) => e.lane === 0 && e.step > 0) : true).map((lane) => {
    const cells = shown.map((entry) => {
      const ran = entry.lane === lane.id && entry.step > 0;
      const alive = lane.id !== 0 && firstStep.has(lane.id) && entry.step > (firstStep.get(lane.id) ?? Infinity) && entry.step < (lastStep.get(lane.id) ?? -1);
      return el('button', { class: `cell${ran ? ' ran' : alive ? ' waiting' : ''}`, 'data-step': String(entry.step),
        title: `step ${entry.step}: ${ran ? (lane.id === 0 ? entry.label : lane.name) : ''} (iteration ${entry.iteration}, ${entry.timeMs} ms)`,
        'aria-label': `Jump to step ${entry.step}`, tabindex: ran ? '0' : '-1' });
    });
    return el('div', { class: 'lane', style: `--lane:${taskColor(lane.id)};--cell:${cell}px` },
      el('span', { class: 'lane-name', title: lane.name, text: lane.id === 0 ? 'loop' : `${lane.id} ${lane.name}` }),
      el('div', { class: 'lane-cells' }, ...cells));
  });
  container.replaceChildren(...laneNodes);
  container.onclick = (event) => {
    const target = event.target.closest('[data-step]');
    if (target) onJump(Number(target.dataset.step));
  };
  return { cursor: [] };
}

function updateTimeline(container, timeline, step) {
  for (const node of timeline.cursor) node.classList.remove('cursor');
  timeline.cursor = [...container.querySelectorAll(`.cell.ran[data-step="${step}"]`)];
  for (const node of timeline.cursor) node.classList.add('cursor');
  // The timeline follows the step: its cell is kept in view (a third from the left edge).
  const cell = timeline.cursor[0] || container.querySelector(`.cell[data-step="${step}"]`);
  if (!cell) return;
  const left = cell.getBoundingClientRect().left - container.getBoundingClientRect().left + container.scrollLeft;
  const name = container.querySelector('.lane-name');
  const lanes = name ? name.getBoundingClientRect().width : 0;
  if (left < container.scrollLeft + lanes || left + cell.offsetWidth > container.scrollLeft + container.clientWidth) {
    container.scrollLeft = Math.max(0, left - lanes - (container.clientWidth - lanes) / 3);
  }
}

function updateStory(dom, story) {
  dom.narration.textContent = story.sentence;
  const { phases } = story;
  const items = phases.iteration === 0 ? [el('li', { class: 'empty', text: 'before the first iteration' })] : [
    el('li', { class: 'phase', 'data-phase': 'io', text: 'I/O polled' }),
    el('li', { class: 'phase', 'data-phase': 'timers',
      text: `timers due: ${phases.timers.length ? phases.timers.map((id) => `timer ${id}`).join(', ') : 'none'}` }),
    el('li', { class: 'phase is-current', 'data-phase': 'ready', text: `ready entries run: ${phases.position} of ${phases.ready}` }),
  ];
  dom.phases.replaceChildren(...items);
}

/** Redraws everything that depends on the step (`story`: narrate.js's sentence and phases). */
export function renderState(dom, view, state, story) {
  updateSource(view.source, state);
  if (view.twin) updateTwin(view.twin, state);
  updateStory(dom, story);
  updateTasks(dom.tasks, state);
  updateLoop(dom, state);
  updateStack(dom, state, view.selected);
  updateSockets(dom, state, view.hasSockets);
  updateGraph(dom.graph, state);
  updateConsole(dom.console, state);
  if (view.timeline) updateTimeline(dom.timeline, view.timeline, state.step);
  dom.stepLabel.textContent = `${state.step} / ${state.total}`;
}

/**
 * Draws predict mode's question (predict.js) into dom.quiz: the choices before the answer,
 * then which was picked, the answer and why (`why`: the step's sentence). `quiz` null hides it.
 */
export function renderQuiz(dom, quiz, why, onPick) {
  dom.quiz.hidden = !quiz;
  if (!quiz) return;
  const answered = quiz.picked !== undefined;
  dom.quizChoices.replaceChildren(...quiz.question.choices.map((line) => {
    const button = el('button', { class: 'quiz-choice', text: line.trim() || ' ', 'data-line': line });
    if (answered) {
      button.disabled = true;
      if (line === quiz.question.answer) button.classList.add('is-answer');
      else if (line === quiz.picked) button.classList.add('is-wrong');
    } else button.addEventListener('click', () => onPick(line));
    return button;
  }));
  if (!answered) dom.quizVerdict.textContent = '';
  else {
    const verdict = quiz.picked === quiz.question.answer ? 'Right.' : quiz.picked === null
      ? `It prints "${quiz.question.answer.trim()}".` : `Not quite: it prints "${quiz.question.answer.trim()}".`;
    dom.quizVerdict.textContent = `${verdict} Why: ${why}`;
  }
}
