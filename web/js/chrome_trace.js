// The downloaded trace: a Chrome trace (JSON, opens in Perfetto) of a run on its virtual clock,
// built from state.js's run. A step takes no virtual time, so each one is drawn STEP_US wide at
// its virtual time; steps that share an instant follow one another (a step never starts before
// the one before it ends, so a run of many steps at one instant is stretched, never stacked).
// Each slice's args carry the exact virtual time, iteration and step.

export const STEP_US = 100;

/** The Chrome trace of `run` (the example called `name`) as an object. */
export function chromeTrace(run, name) {
  const { entries, lanes } = run.timeline;
  const events = [{ ph: 'M', pid: 1, tid: 0, name: 'process_name', args: { name: `aw playground: ${name} (virtual clock)` } }];
  for (const lane of lanes) {
    events.push({ ph: 'M', pid: 1, tid: lane.id, name: 'thread_name', args: { name: lane.id === 0 ? 'loop' : `task ${lane.id} ${lane.name}` } });
    events.push({ ph: 'M', pid: 1, tid: lane.id, name: 'thread_sort_index', args: { sort_index: lane.id } });
  }
  let free = 0; // where the next slice may start
  for (let k = 1; k <= run.total; k++) {
    const entry = entries[k];
    const ts = Math.max(Math.round(entry.timeMs * 1000), free);
    free = ts + STEP_US;
    const args = { step: k, iteration: entry.iteration, virtual_ms: entry.timeMs };
    const end = run.steps[k].find((e) => e.kind === 'step_end' && e.task === entry.lane);
    if (end) Object.assign(args, { suspends_at: `${end.file}:${end.line}`, waits_on: `${end.wait} ${end.object}` });
    events.push({ ph: 'X', pid: 1, tid: entry.lane, ts, dur: STEP_US, name: entry.lane === 0 ? entry.label : 'step', cat: 'aw', args });
    for (const e of run.steps[k]) {
      if (e.kind === 'output') events.push({ ph: 'i', s: 't', pid: 1, tid: e.task || 0, ts: ts + STEP_US / 2, name: 'print', cat: 'aw', args: { text: e.text } });
    }
  }
  return { traceEvents: events, displayTimeUnit: 'ms', otherData: { clock: 'virtual', example: name, steps: run.total } };
}
