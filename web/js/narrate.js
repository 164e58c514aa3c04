// One sentence for every step, and the phases of the loop iteration it belongs to, both read
// from the step's trace events (state.js's run) and the states before and after it. Pure
// functions, no DOM.

function nameOf(state, id) {
  const task = state.tasks.find((t) => t.id === id);
  return task ? task.name : `task ${id}`;
}

function ownerOfFuture(state, future) {
  return state.tasks.find((t) => t.future === future) || null;
}

function quote(text) {
  const line = text.replace(/\n$/, '').trim();
  return `"${line.length > 48 ? `${line.slice(0, 47)}…` : line}"`;
}

function list(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What a task that suspended now waits on, as the end of a sentence about `who`. */
function suspension(end, who, state) {
  switch (end.wait) {
    case 'ready': return `${who} yields (sleep(0)): it goes to the back of the ready queue`;
    case 'timer': return `${who} sleeps until ${end.deadline_ms} ms (timer ${end.object})`;
    case 'task': return `${who} waits for task ${nameOf(state, end.object)}`;
    case 'gather': return `${who} waits until every task it gathers is done`;
    case 'io': {
      const what = end.direction === 'write' ? 'write has no room to write' : 'read has nothing to read';
      const until = end.deadline_ms !== undefined ? ` until ${end.deadline_ms} ms` : '';
      return `${who}'s ${what}: ${who} waits on socket ${end.object}${until}`;
    }
    default: return `${who} waits on ${end.wait} ${end.object}`;
  }
}

function nextUp(after) {
  const entry = after.readyQueue[0];
  if (entry) {
    if (entry.type === 'task') return `the loop runs the next ready task, ${nameOf(after, entry.id)}`;
    if (entry.type === 'timer') return `next the loop runs timer ${entry.id}, already due`;
    const owner = ownerOfFuture(after, entry.id);
    return `next the loop runs the done callback of ${owner ? owner.name : `future ${entry.id}`}`;
  }
  if (after.finished) return 'the run is over';
  const timers = [...after.timers].sort((a, b) => a.deadlineMs - b.deadlineMs);
  if (timers.length > 0) return `the ready queue is empty: the loop polls I/O and sleeps until the next timer, at ${timers[0].deadlineMs} ms`;
  if (after.ioWaits && after.ioWaits.length > 0) return 'the ready queue is empty: the loop polls I/O for the waiting sockets';
  return 'the ready queue is empty';
}

/** What happened in step k, in one sentence (state `after` is stateAt(run, k)). */
export function describeStep(run, k, after) {
  if (k === 0) return 'Setup: the loop is created and main is spawned; it waits in the ready queue for the first iteration.';
  const events = run.steps[k];
  const parts = [];
  const begin = events.find((e) => e.kind === 'step_begin');
  const fire = events.find((e) => e.kind === 'timer_fire');
  const callback = events.find((e) => e.kind === 'callback');
  const spawned = events.filter((e) => e.kind === 'spawn').map((e) => e.name);
  const printed = events.filter((e) => e.kind === 'output');
  const woken = events.filter((e) => e.kind === 'wake').map((e) => nameOf(after, e.task));
  if (begin) {
    const who = begin.name || nameOf(after, begin.task);
    const first = begin.line === 0;
    let sentence = `${who} ${first ? 'starts' : `resumes at line ${begin.line}`}`;
    const did = [];
    if (spawned.length) did.push(`spawns ${list(spawned)}`);
    if (printed.length) did.push(`prints ${printed.map((e) => quote(e.text)).join(', ')}`);
    if (woken.length) did.push(`wakes ${list(woken)}`);
    if (did.length) sentence += ` and ${list(did)}`;
    parts.push(sentence);
    const end = events.find((e) => e.kind === 'step_end' && e.task === begin.task);
    const done = events.find((e) => e.kind === 'done' && e.task === begin.task);
    if (end) parts.push(suspension(end, who, after));
    else if (done) {
      if (done.error === 'AW_ECANCELED') parts.push(`${who} is cancelled`);
      else if (done.status !== 0) parts.push(`${who} fails with ${done.error}`);
      else parts.push(`${who} returns ${done.result}`);
    }
  } else if (fire) {
    const timer = events.find((e) => e.kind === 'timer_fire');
    parts.push(`Timer ${timer.object} is due at ${after.timeMs} ms${woken.length ? ` and wakes ${list(woken)}` : ''}`);
  } else if (callback) {
    const owner = ownerOfFuture(after, callback.object);
    parts.push(`The done callback of ${owner ? owner.name : `future ${callback.object}`} runs${woken.length ? ` and wakes ${list(woken)}` : ''}`);
  } else {
    const cancelled = events.filter((e) => e.kind === 'done').map((e) => e.name);
    parts.push(cancelled.length ? `${list(cancelled)} ${cancelled.length > 1 ? 'are' : 'is'} cancelled before starting` : 'The loop works');
  }
  parts.push(nextUp(after));
  // Task names are kept as written ("conn 2"), even at the start of the sentence.
  return `${parts.join('; ')}.`;
}

/**
 * The phases of the loop iteration step k belongs to, as asyncio's _run_once does them: I/O
 * polled, due timers moved to the ready queue, then the ready entries run one by one.
 * Returns {iteration, timers: [ids due], ready: n entries this iteration, position: k's place}.
 */
export function iterationPhases(run, k) {
  const entries = run.timeline.entries;
  if (k === 0) return { iteration: 0, timers: [], ready: 0, position: 0 };
  const iteration = entries[k].iteration;
  let first = k;
  while (first > 1 && entries[first - 1].iteration === iteration) first--;
  let last = k;
  while (last < run.total && entries[last + 1].iteration === iteration) last++;
  // The loop queues the due timers as it starts the iteration, just before its "iteration" event.
  const timers = [];
  for (const e of run.steps[first]) {
    if (e.kind === 'iteration' && e.iteration === iteration) break;
    if (e.kind === 'timer_queued') timers.push(e.object);
  }
  return { iteration, timers, ready: last - first + 1, position: k - first + 1 };
}
