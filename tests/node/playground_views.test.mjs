// Browser tests of what the playground's views tell a learner (issue 15): nothing they show may
// be false (the step's shading, markers over code, a menu that disagrees with the page, stale
// messages), the phone layout, the trace on the virtual clock, the examples' texts, the asyncio
// twin beside the C and a sentence for every step. Same setup as playground_browser.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { root, screenshots, open, step } from './playground_page.mjs';
import { parseTwin } from '../../web/js/twin.js';

const PHONE = { width: 390, height: 844 };

/** Shows every step from `first` to the end and calls visit(k) at each; returns the last step. */
async function eachStep(page, visit, first = 0) {
  const total = await page.evaluate(() => window.awPlayground.run.total);
  for (let k = first; k <= total; k++) {
    await page.evaluate((n) => window.awPlayground.goTo(n), k);
    await visit(k);
  }
  return total;
}

/** The running task and the shaded lines of the shown file. */
const shading = (page) => page.evaluate(() => {
  const s = window.awPlayground.state;
  const running = s.running && s.running.type === 'task' ? s.tasks.find((t) => t.id === s.running.id) : null;
  const listing = document.querySelector('#source .source-file:not([hidden])');
  return {
    file: listing.dataset.file,
    running: running ? { file: running.file, line: running.line, state: running.state } : null,
    shaded: [...listing.querySelectorAll('.src-line.ran, .src-line.ran-range')].map((n) => Number(n.dataset.line)),
  };
});

test('the step\'s shading covers only the line the running task suspended on', async (t) => {
  const { page } = await open(t, '#example=echo_server&step=19');
  let shadedSteps = 0;
  await eachStep(page, async (k) => {
    const { file, running, shaded } = await shading(page);
    const expected = running && running.file === file && running.line && running.state !== 'done' && running.state !== 'cancelled'
      ? [running.line] : [];
    assert.deepEqual(shaded, expected, `echo_server step ${k}`);
    if (shaded.length) shadedSteps++;
  });
  assert.ok(shadedSteps > 10, `${shadedSteps} steps shaded a line`);
});

test('task markers never cover the code; every task on a line is counted', async (t) => {
  const { page } = await open(t, '#example=gather_jobs&step=0');
  let crowded = 0;
  await eachStep(page, async (k) => {
    const lines = await page.evaluate(() => {
      const s = window.awPlayground.state;
      return [...document.querySelectorAll('#source .source-file:not([hidden]) .src-line')].map((line) => {
        const chips = [...line.querySelectorAll('.marks .mark')];
        const code = line.querySelector('.code').getBoundingClientRect();
        return {
          line: Number(line.dataset.line),
          right: Math.max(-Infinity, ...chips.map((c) => c.getBoundingClientRect().right)),
          codeLeft: code.left,
          counted: chips.reduce((n, c) => n + (c.classList.contains('more') ? Number(c.dataset.count) : 1), 0),
          tasks: s.tasks.filter((task) => task.line === Number(line.dataset.line) && task.state !== 'done' && task.state !== 'cancelled').length,
        };
      });
    });
    for (const line of lines) {
      assert.equal(line.counted, line.tasks, `gather_jobs step ${k}, line ${line.line}`);
      if (line.counted > 0) assert.ok(line.right <= line.codeLeft, `gather_jobs step ${k}, line ${line.line}: a marker reaches ${line.right - line.codeLeft} px into the code`);
      if (line.tasks > 2) crowded++;
    }
  });
  assert.ok(crowded > 10, `${crowded} crowded lines checked`);
});

test('choosing examples quickly with the keyboard: the menu and the page agree', async (t) => {
  const { page } = await open(t, '#example=say_after&step=0');
  // A slow line: the next example's source arrives late, after the learner has moved back.
  await page.route('**/examples/task_order.c', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.focus('#example');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.$eval('#example', (s) => s.value), 'task_order');
  await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(2500);
  const shown = await page.evaluate(() => ({ menu: document.getElementById('example').value, name: window.awPlayground.name,
    drawn: document.documentElement.dataset.example, explanation: document.getElementById('explanation').textContent }));
  assert.equal(shown.menu, 'say_after');
  assert.equal(shown.name, 'say_after');
  assert.equal(shown.drawn, 'say_after');
  const catalog = await page.evaluate(() => window.awPlayground.run.meta.example);
  assert.equal(catalog, 'say_after');
});

test('a message goes away once it is no longer true', async (t) => {
  const { page } = await open(t, '#example=say_after&step=999');
  assert.equal(await page.isVisible('#message'), true);
  await page.click('#back'); // no longer the last step of a link past the end
  assert.equal(await page.isHidden('#message'), true);
  // "does not suspend or finish after step N" holds at that step only.
  await page.click('#end');
  await page.selectOption('#until-task', { index: 0 });
  await page.click('#back');
  await page.click('#until');
  await page.click('#until'); // main finished: nothing after this step
  assert.match(await page.textContent('#message'), /does not suspend or finish after step/);
  await page.click('#back');
  assert.equal(await page.isHidden('#message'), true);
  // The step budget's message belongs to the runaway run; another example clears it.
  const { page: runaway } = await open(t, '#example=runaway');
  assert.equal(await runaway.isVisible('#message'), true);
  await runaway.click('#step');
  assert.equal(await runaway.isVisible('#message'), true, 'still true of this run');
  await runaway.evaluate(() => window.awPlayground.load('say_after'));
  assert.equal(await runaway.isHidden('#message'), true);
  // A link that could not be opened: said once, gone at the first move.
  const { page: bad } = await open(t, '#example=nope');
  assert.equal(await bad.isVisible('#message'), true);
  await bad.click('#step');
  assert.equal(await bad.isHidden('#message'), true);
});

test('phone: the step controls stay on screen, the timeline follows, nothing is cut', async (t) => {
  const { page } = await open(t, '#example=echo_server&step=5', PHONE);
  const onScreen = (selector) => page.$eval(selector, (node) => {
    const box = node.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth
      && (hit === node || node.contains(hit));
  });
  // Reading the code, then the console further down: Step and Back stay where a thumb is.
  for (const target of ['.src-line[data-line="150"]', '#console', '#timeline']) {
    await page.$eval(target, (node) => node.scrollIntoView({ block: 'center' }));
    if (target.startsWith('.src-line')) await page.screenshot({ path: `${screenshots}/playground-narrow.png`, fullPage: false });
    assert.equal(await onScreen('#step'), true, `Step hidden while reading ${target}`);
    assert.equal(await onScreen('#back'), true, `Back hidden while reading ${target}`);
    await page.click('#step');
  }
  assert.equal(await step(page), 8);
  // The code being read is not hidden under the controls: the page can scroll past them.
  const last = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const foot = document.querySelector('.foot').getBoundingClientRect();
    return { foot: foot.bottom, stepper: document.getElementById('stepper').getBoundingClientRect().top };
  });
  assert.ok(last.foot <= last.stepper + 1, `the page's end (${last.foot}) lies under the controls (${last.stepper})`);
  // The timeline follows the step.
  const total = await page.evaluate(() => window.awPlayground.run.total);
  for (const k of [total, Math.floor(total / 2), 1]) {
    await page.evaluate((n) => window.awPlayground.goTo(n), k);
    const seen = await page.evaluate(() => {
      const box = document.getElementById('timeline').getBoundingClientRect();
      const cell = document.querySelector('#timeline .cell.cursor').getBoundingClientRect();
      return { inside: cell.left >= box.left && cell.right <= box.right, wide: document.getElementById('timeline').scrollWidth > box.width };
    });
    assert.ok(seen.wide, 'the timeline is wider than the phone');
    assert.ok(seen.inside, `step ${k}: the timeline's cursor is scrolled out of view`);
  }
  // "This step" shows its whole text.
  const { page: gather } = await open(t, '#example=gather_jobs&step=0', PHONE);
  const k = await gather.evaluate(() => window.awPlayground.run.timeline.entries.find((e) => e.label === 'done callback of main').step);
  await gather.evaluate((n) => window.awPlayground.goTo(n), k);
  const box = await gather.$eval('#running', (node) => ({ text: node.textContent, cut: node.scrollWidth > node.clientWidth }));
  assert.deepEqual(box, { text: 'done callback of main', cut: false });
  // An unknown part of a link is named, but not echoed back in full.
  const { page: long } = await open(t, `#${'x'.repeat(200000)}=1`, PHONE);
  const message = await long.textContent('#message');
  assert.match(message, /^This link could not be opened \(unknown part "x{40}…"\)/);
  assert.ok(message.length < 200, `${message.length} characters`);
});

test('the downloaded trace runs on the virtual clock, each step a visible slice', async (t) => {
  const { page } = await open(t, '#example=gather_jobs&step=0');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const trace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const run = await page.evaluate(() => ({ total: window.awPlayground.run.total,
    times: window.awPlayground.run.timeline.entries.map((e) => e.timeMs) }));
  const slices = trace.traceEvents.filter((e) => e.ph === 'X');
  assert.deepEqual(slices.map((e) => e.args.step), Array.from({ length: run.total }, (_, i) => i + 1));
  let end = 0;
  for (const slice of slices) {
    assert.ok(slice.dur > 0, `step ${slice.args.step} has no width`);
    assert.ok(slice.ts >= end, `step ${slice.args.step} overlaps the one before`);
    assert.equal(slice.args.virtual_ms, run.times[slice.args.step]);
    assert.ok(slice.ts >= slice.args.virtual_ms * 1000, `step ${slice.args.step} is drawn before its virtual time`);
    end = slice.ts + slice.dur;
  }
  // The jobs' last timer is due at 900 ms: the trace spans the program's 900 ms.
  assert.ok(end >= 900000, `the trace spans ${end} us`);
  assert.ok(slices[slices.length - 1].ts - 900000 < 100 * run.total);
  const prints = trace.traceEvents.filter((e) => e.name === 'print').map((e) => e.args.text).join('');
  assert.equal(prints, readFileSync(`${root}tests/playground/expected/gather_jobs.out`, 'utf8'));
});

test('every example\'s description agrees with the article it cites', async (t) => {
  const { page } = await open(t, '#example=round_robin&step=0');
  const explanation = await page.textContent('#explanation');
  // Seed 003's MyConcurrentRunner runs each generator to its end before the next one.
  assert.match(explanation, /calls next\(\) on it until it is exhausted/);
  assert.doesNotMatch(explanation, /resumes them in turn/);
  await page.click('#end');
  const order = (await page.evaluate(() => window.awPlayground.state.console.map((l) => l.text))).slice(0, 4);
  assert.deepEqual(order, ['task1_part1.1', 'task1_part2.0', 'task1_part3.1', 'task1_part1.1'], 'asyncio takes turns');
});

/** run_twin.py's `--source` (the twin program it runs) or `--waits` (JSON) for an example. */
function runTwin(option, name) {
  const python = process.env.AW_PYTHON || 'python3';
  const result = spawnSync(python, [`${root}tests/playground/run_twin.py`, option, `${root}wasm/playground/examples/${name}.c`], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/**
 * Per task in spawn order, the Python lines its C steps wait at (through the example's twin
 * lines, repeats collapsed): what the twin's markers show. Tasks only the C has are left out.
 */
function pairedWaits(run, name) {
  const twin = parseTwin(readFileSync(`${root}wasm/playground/examples/${name}.c`, 'utf8'));
  const waits = new Map();
  const cOnly = new Set();
  for (const e of run) {
    if (e.kind === 'spawn') waits.set(e.task, []);
    if (e.kind !== 'step_end') continue;
    if (C_ONLY_FUNCTIONS.has(e.function)) cOnly.add(e.task);
    const line = e.file === `${name}.c` ? twin.lines.get(e.line) : undefined;
    const list = waits.get(e.task);
    if (line !== undefined && list[list.length - 1] !== line) list.push(line);
  }
  return [...waits].filter(([id]) => !cOnly.has(id)).map(([, list]) => list);
}

// Tasks only the C program has: blocking.c simulates asyncio.to_thread's worker thread as a task.
const C_ONLY_FUNCTIONS = new Set(['worker_thread']);

// The examples without an asyncio twin (each one's top comment says why).
const NO_TWIN = new Set(['echo_server', 'udp_echo']);

test('the asyncio twin beside the C: the program run_twin.py runs, with markers moving in step', async (t) => {
  const { page } = await open(t, '#example=say_after&step=0');
  const names = await page.$$eval('#example option', (options) => options.map((o) => o.value));
  let checked = 0;
  for (const name of names) {
    await page.selectOption('#example', name);
    await page.waitForSelector(`html[data-example="${name}"]`, { state: 'attached', timeout: 60000 });
    if (NO_TWIN.has(name)) {
      assert.equal(await page.isDisabled('#lang-py'), true, `${name} has no twin`);
      continue;
    }
    await page.click('#lang-py');
    assert.equal(await page.isVisible('#twin'), true);
    assert.equal(await page.isVisible('#source'), true, 'side by side on a wide screen');
    const shown = await page.$$eval('#twin .src-line .code', (nodes) => nodes.map((n) => n.textContent.replace(/^ $/, '')).join('\n'));
    assert.equal(`${shown}\n`, runTwin('--source', name), `${name}: the Python shown is the twin run_twin.py checks`);
    // Where the markers put each task is where asyncio's task really waits, in the same order.
    const events = await page.evaluate(() => window.awPlayground.run.steps.flat().filter((e) => e.kind === 'spawn' || e.kind === 'step_end'));
    assert.deepEqual(pairedWaits(events, name), JSON.parse(runTwin('--waits', name)), `${name}: each task's waits, C (paired) and asyncio`);
    await eachStep(page, async (k) => {
      const marks = await page.evaluate(() => {
        const s = window.awPlayground.state;
        const file = document.getElementById('source').querySelector('.source-file').dataset.file;
        const read = (root) => [...root.querySelectorAll('.src-line')].flatMap((line) => [...line.querySelectorAll('.mark')]
          .map((m) => ({ line: Number(line.dataset.line), text: line.querySelector('.code').textContent, id: m.dataset.task, count: m.dataset.count })));
        return { file, tasks: s.tasks.filter((x) => x.state !== 'done' && x.state !== 'cancelled' && x.line)
          .map((x) => ({ id: x.id, file: x.file, line: x.line, function: x.function })), py: read(document.getElementById('twin')) };
      });
      for (const mark of marks.py) assert.match(mark.text, /\bawait\b|async with/, `${name} step ${k}: a marker on "${mark.text}"`);
      const pyCount = marks.py.reduce((n, m) => n + (m.count ? Number(m.count) : 1), 0);
      const twins = marks.tasks.filter((x) => x.file === marks.file && !C_ONLY_FUNCTIONS.has(x.function));
      assert.equal(pyCount, twins.length, `${name} step ${k}: every task waiting in ${marks.file} has its Python marker`);
      checked++;
    });
    await page.click('#lang-c');
  }
  assert.ok(checked > 150, `${checked} steps checked`);
  await page.selectOption('#example', 'gather_jobs');
  await page.waitForSelector('html[data-example="gather_jobs"]', { state: 'attached' });
  await page.click('#lang-py');
  await page.evaluate(() => window.awPlayground.goTo(14));
  await page.screenshot({ path: `${screenshots}/playground-twin.png`, fullPage: false });
  // On a phone the twin takes the C's place.
  await page.setViewportSize(PHONE);
  await page.selectOption('#example', 'gather_jobs');
  await page.waitForSelector('html[data-example="gather_jobs"]', { state: 'attached' });
  await page.click('#lang-py');
  assert.equal(await page.isVisible('#twin'), true);
  assert.equal(await page.isHidden('#source'), true);
});

test('a sentence for every step and the phases of its loop iteration', async (t) => {
  const { page } = await open(t, '#example=echo_server&step=0');
  const sentences = [];
  await eachStep(page, async (k) => {
    const text = await page.textContent('#narration');
    assert.match(text, /^\S.+\.$/, `step ${k}: "${text}"`);
    sentences.push(text);
  });
  assert.ok(sentences.some((s) => /carol's read has nothing to read: carol waits on socket \d+; the loop runs the next ready task, \w/.test(s)),
    sentences.join('\n'));
  assert.ok(sentences.some((s) => /^Timer \d+ is due at 5 ms and wakes bob;/.test(s)), 'a timer step');
  assert.ok(sentences.some((s) => /conn 3's read has nothing to read: conn 3 waits on socket \d+/.test(s)), 'a handler waits on its socket');
  // The phases of the iteration: I/O polled, the timers due, then the ready entries one by one.
  const k = await page.evaluate(() => window.awPlayground.run.timeline.entries.find((e) => e.label.startsWith('timer')).step);
  await page.evaluate((n) => window.awPlayground.goTo(n), k);
  const phases = await page.$$eval('#phases li', (nodes) => nodes.map((n) => n.textContent));
  assert.equal(phases.length, 3);
  assert.equal(phases[0], 'I/O polled');
  assert.match(phases[1], /^timers due: timer \d+, timer \d+$/);
  assert.match(phases[2], /^ready entries run: 1 of \d+$/);
});

test('predict, then reveal: the page stops before each step that prints', async (t) => {
  const { page } = await open(t, '#example=task_order&step=0');
  const total = await page.evaluate(() => window.awPlayground.run.total);
  await page.click('#predict');
  assert.equal(await page.getAttribute('#predict', 'aria-pressed'), 'true');
  const answers = [];
  let wrong = false;
  while (await step(page) < total) {
    await page.click('#step');
    if (await page.isHidden('#quiz')) continue;
    const before = await step(page);
    const printed = await page.evaluate((k) => window.awPlayground.run.steps[k + 1].filter((e) => e.kind === 'output').map((e) => e.text).join(''), before);
    assert.notEqual(printed, '', `step ${before + 1} prints`);
    const console = await page.$$eval('#console li .text', (nodes) => nodes.map((n) => n.textContent));
    const choices = await page.$$eval('#quiz-choices button', (nodes) => nodes.map((n) => n.dataset.line));
    assert.ok(choices.includes(printed.split('\n')[0]), `${choices}`);
    assert.ok(!console.includes(printed.split('\n')[0]), 'the answer is not on the console yet');
    // The first question gets a wrong answer, the others the right one.
    const pick = wrong ? printed.split('\n')[0] : choices.find((c) => c !== printed.split('\n')[0]);
    await page.click(`#quiz-choices button[data-line="${pick.replace(/"/g, '\\"')}"]`);
    assert.equal(await step(page), before + 1, 'the reveal shows the step that prints');
    const verdict = await page.textContent('#quiz-verdict');
    const why = await page.textContent('#narration');
    assert.equal(verdict, `${wrong ? 'Right.' : `Not quite: it prints "${printed.split('\n')[0].trim()}".`} Why: ${why}`);
    assert.equal(await page.$eval('#quiz-choices .is-answer', (n) => n.dataset.line), printed.split('\n')[0]);
    answers.push(printed.split('\n')[0]);
    wrong = true;
  }
  // A step may print more than one line: it is asked about the first.
  const expected = await page.evaluate(() => window.awPlayground.run.steps.map((events) => events.filter((e) => e.kind === 'output')
    .map((e) => e.text).join('')).filter((text) => text !== '').map((text) => text.split('\n')[0]));
  assert.deepEqual(answers, expected, 'one question before every step that prints');
  assert.equal(answers.length, 6);
  // Moving forward with a question open reveals it; predict off runs straight to the end.
  await page.click('#reset');
  await page.click('#step');
  assert.equal(await page.isVisible('#quiz'), true);
  const asked = await step(page);
  await page.keyboard.press('ArrowRight');
  assert.equal(await step(page), asked + 1);
  assert.match(await page.textContent('#quiz-verdict'), /^It prints ".+"\. Why: /);
  await page.click('#back');
  assert.equal(await page.isHidden('#quiz'), true);
  await page.click('#predict');
  await page.click('#end');
  assert.equal(await step(page), total);
});

test('the echo example says plainly where its simulated connect differs from real sockets', async (t) => {
  const { page } = await open(t, '#example=echo_server&step=0');
  assert.match(await page.textContent('#explanation'),
    /a simulated connect completes at once, so each client runs on to its first read before the server accepts; on loopback sockets asyncio's connect waits for the next I\/O poll and the server accepts all three before alice prints "connected"\./);
  await page.click('#end');
  const lines = await page.evaluate(() => window.awPlayground.state.console.map((l) => l.text));
  const connected = lines.findIndex((l) => / alice +connected$/.test(l));
  const accepted = lines.findIndex((l) => /server accepted a connection/.test(l));
  assert.ok(connected >= 0 && connected < accepted, 'what the text says is what the run shows');
});

test('the wait graph links a gather to the tasks it still waits for', async (t) => {
  const { page } = await open(t, '#example=gather_jobs&step=0');
  const counts = [];
  await eachStep(page, async (k) => {
    const seen = await page.evaluate(() => {
      const s = window.awPlayground.state;
      const main = s.tasks.find((x) => x.name === 'main');
      const jobs = s.tasks.filter((x) => x.name.startsWith('job ') && x.state !== 'done').map((x) => x.id);
      const edges = [...document.querySelectorAll('#graph [data-edge]')].map((e) => e.dataset.edge);
      return { waiting: main.state === 'waiting' && main.wait.kind === 'gather', gather: main.wait && main.wait.object, jobs, edges };
    });
    if (!seen.waiting) return;
    assert.deepEqual(seen.edges, seen.jobs.map((id) => `gather:${seen.gather}>task:${id}`), `gather_jobs step ${k}`);
    counts.push(seen.edges.length);
  }, 1);
  assert.equal(counts[0], 10);
  assert.ok(counts.includes(1), `${counts}`);
  // A task group waits for its children the same way.
  const { page: group } = await open(t, '#example=task_group&step=0');
  const found = await group.evaluate(() => {
    for (let k = 0; k <= window.awPlayground.run.total; k++) {
      window.awPlayground.goTo(k);
      const edges = document.querySelectorAll('#graph [data-edge]').length;
      if (edges > 0) return edges;
    }
    return 0;
  });
  assert.ok(found >= 2, `${found} edges from the group`);
});

/** A screenshot of the tasks panel, with the step controls out of its way (not sticky). */
async function tasksPanelShot(page, file) {
  await page.addStyleTag({ content: '.stepper { position: static; }' });
  await page.locator('.tasks-panel').screenshot({ path: `${screenshots}/${file}` });
}

/** The socket table as shown: one row per socket. */
const socketRows = (page) => page.$$eval('#sockets tr[data-socket]', (rows) => rows.map((row) => {
  const cells = [...row.children].map((c) => c.textContent);
  return { id: Number(row.dataset.socket), owner: cells[0], end: cells[1], state: cells[2], in: Number(cells[3]), out: Number(cells[4]), waiting: cells[5] };
}));

test('echo: a socket table with each connection\'s state, bytes in and out, and who waits on it', async (t) => {
  const { page } = await open(t, '#example=echo_server&step=0');
  assert.equal(await page.isVisible('#sockets-box'), true);
  let sawWaiting = 0;
  const total = await eachStep(page, async (k) => {
    const rows = await socketRows(page);
    const expected = await page.evaluate((n) => {
      // From the trace itself: the bytes each socket read and wrote up to this step.
      const bytes = new Map();
      for (const events of window.awPlayground.run.steps.slice(0, n + 1)) {
        for (const e of events) {
          if (e.kind !== 'socket') continue;
          const b = bytes.get(e.object) || { in: 0, out: 0 };
          if (e.op === 'read') b.in += e.bytes;
          if (e.op === 'write') b.out += e.bytes;
          bytes.set(e.object, b);
        }
      }
      const waits = [...document.querySelectorAll('#io-waits li[data-socket]')].map((li) => li.textContent);
      return { bytes: [...bytes], waits };
    }, k);
    for (const [id, b] of expected.bytes) {
      const row = rows.find((r) => r.id === id);
      assert.ok(row, `step ${k}: socket ${id} has a row`);
      assert.deepEqual([row.in, row.out], [b.in, b.out], `step ${k}: socket ${id}'s bytes`);
    }
    // Whoever waits on a socket in the I/O waits is named in its row, and nobody else.
    const waiting = rows.filter((r) => r.waiting !== '');
    assert.equal(waiting.length, expected.waits.length, `step ${k}: ${JSON.stringify(rows)} / ${expected.waits}`);
    for (const row of waiting) {
      assert.ok(expected.waits.some((w) => w.startsWith(`socket ${row.id} `) && w.includes(row.waiting.replace(/ \((read|write)\)$/, ''))),
        `step ${k}: socket ${row.id} waited on by ${row.waiting}`);
    }
    sawWaiting += waiting.length;
  });
  assert.ok(sawWaiting > 20, `${sawWaiting} waits seen`);
  // Carol waits on her read: her socket's row says so, while her echo is on the way.
  const k = await page.evaluate(() => window.awPlayground.run.steps.findIndex((events) => events.some((e) => e.kind === 'step_end' && e.name === 'carol' && e.wait === 'io')));
  await page.evaluate((n) => window.awPlayground.goTo(n), k);
  const carol = (await socketRows(page)).find((r) => r.owner.endsWith(' carol'));
  assert.equal(carol.waiting, 'carol (read)');
  assert.equal(carol.state, 'open');
  await tasksPanelShot(page, 'playground-sockets.png');
  // At the end: what each client sent came back; bob half-closed, carol reset.
  await page.evaluate((n) => window.awPlayground.goTo(n), total);
  const rows = await socketRows(page);
  const row = (owner) => rows.find((r) => r.owner === owner);
  assert.deepEqual(rows.map((r) => r.owner), ['1 server', '2 alice', '3 conn 1', '4 bob', '5 conn 2', '6 carol', '7 conn 3']);
  assert.deepEqual(rows.map((r) => r.end), ['listener :5433', 'client :49152 ↔ 3', 'server end ↔ 2', 'client :49153 ↔ 5',
    'server end ↔ 4', 'client :49154 ↔ 7', 'server end ↔ 6']);
  assert.deepEqual([row('2 alice').out, row('2 alice').in, row('3 conn 1').in, row('3 conn 1').out], [10, 10, 10, 10]);
  assert.deepEqual([row('4 bob').out, row('4 bob').in], [8, 8]);
  assert.deepEqual([row('6 carol').out, row('6 carol').in, row('6 carol').state], [4, 4, 'reset']);
  assert.deepEqual(rows.map((r) => r.state), ['closed', 'closed', 'closed', 'closed', 'closed', 'reset', 'closed']);
  // The states on the way: accepted, bob's half-close seen from both ends, carol's reset.
  const states = await page.evaluate(() => {
    const seen = new Set();
    for (let n = 0; n <= window.awPlayground.run.total; n++) {
      window.awPlayground.goTo(n);
      for (const row of document.querySelectorAll('#sockets tr[data-socket]')) seen.add(`${row.children[0].textContent}: ${row.children[2].textContent}`);
    }
    return [...seen];
  });
  for (const state of ['1 server: listening', '3: waiting for accept', '3 server: open', '3 conn 1: open',
    '4 bob: shut down (sends no more)', '5 server: peer shut down', '4 bob: shut down (sends no more), peer closed',
    '3 conn 1: peer closed', '6 carol: reset', '7 conn 3: reset by peer']) {
    assert.ok(states.includes(state), `${state} in ${states.join(' | ')}`);
  }
  // An example without sockets has no table.
  await page.selectOption('#example', 'say_after');
  await page.waitForSelector('html[data-example="say_after"]', { state: 'attached' });
  assert.equal(await page.isHidden('#sockets-box'), true);
});

test('the call stack of the selected task: every frame between its function and its await', async (t) => {
  const { page } = await open(t, '#example=say_after&step=0');
  const names = await page.$$eval('#example option', (options) => options.map((o) => o.value));
  let checked = 0;
  let deep = 0;
  for (const name of names) {
    await page.selectOption('#example', name);
    await page.waitForSelector(`html[data-example="${name}"]`, { state: 'attached', timeout: 60000 });
    await eachStep(page, async (k) => {
      const seen = await page.evaluate(() => {
        const s = window.awPlayground.state;
        const running = s.running && s.running.type === 'task' ? s.tasks.find((x) => x.id === s.running.id) : null;
        const code = (file, line) => {
          const node = document.querySelector(`#source .source-file[data-file="${file}"] .src-line[data-line="${line}"] .code`);
          return node ? node.textContent : null;
        };
        const frames = [...document.querySelectorAll('#stack li')].map((li) => ({
          gap: li.classList.contains('gap'), empty: li.classList.contains('empty'), function: li.querySelector('.function')?.textContent,
          file: li.dataset.file, line: Number(li.dataset.line), text: li.textContent,
        })).map((f) => ({ ...f, code: f.file ? code(f.file, f.line) : null }));
        const definition = (fn) => [...document.querySelectorAll('#source .src-line .code')].map((n) => n.textContent)
          .find((line) => new RegExp(`^static (int|void) ${fn}\\(`).test(line)) ?? null;
        return { title: document.getElementById('stack-title').textContent, frames,
          task: running && { name: running.name, state: running.state, file: running.file, line: running.line, function: running.function },
          entry: frames.length ? definition(frames[frames.length - 1].function) : null };
      });
      if (!seen.task) return;
      assert.equal(seen.title, `Call stack of ${seen.task.name}`, `${name} step ${k}`);
      if (seen.task.state === 'done' || seen.task.state === 'cancelled') {
        assert.equal(seen.frames.length, 1);
        assert.ok(seen.frames[0].empty, `${name} step ${k}: ${seen.frames[0].text}`);
        return;
      }
      const where = `${name} step ${k} (${seen.task.name}): ${seen.frames.map((f) => f.text).join(' | ')}`;
      if (!seen.task.line) { // a wait the runtime made again without a site (a task group's)
        assert.deepEqual(seen.frames.map((f) => f.text), ['… where it suspended is not recorded'], where);
        return;
      }
      // Innermost first: the await site, a line with an awaiting aw_ call.
      assert.deepEqual([seen.frames[0].file, seen.frames[0].line, seen.frames[0].function], [seen.task.file, seen.task.line, seen.task.function], where);
      assert.match(seen.frames[0].code, /\baw_\w+\(/, where);
      // Every call is recorded in these examples: no gap, each frame's line calls the frame below.
      assert.ok(seen.frames.every((f) => !f.gap && !f.empty), where);
      for (let i = 1; i < seen.frames.length; i++) {
        assert.match(seen.frames[i].code, new RegExp(`\\b${seen.frames[i - 1].function}\\(`), where);
      }
      // The outermost frame is a task's function: the stack goes down to the task's entry.
      assert.match(seen.entry ?? '', /^static int \w+\(void \*arg, aw_value \*result\)$/, where);
      if (seen.frames.length > 1) deep++;
      checked++;
    });
  }
  assert.ok(checked >= 80 && deep >= 15, `${checked} steps checked, ${deep} stacks of more than one frame`);
  // A task is selected by a click on its row; its stack stays shown while others run.
  await page.selectOption('#example', 'echo_server');
  await page.waitForSelector('html[data-example="echo_server"]', { state: 'attached' });
  const k = await page.evaluate(() => window.awPlayground.run.steps.findIndex((events) => events.some((e) => e.kind === 'step_end' && e.name === 'conn 1')));
  await page.evaluate((n) => window.awPlayground.goTo(n), k);
  const stackText = () => page.$$eval('#stack li', (nodes) => nodes.map((n) => [...n.children].map((c) => c.textContent).join(' ')));
  const select = async (name) => {
    const id = await page.evaluate((n) => window.awPlayground.state.tasks.find((x) => x.name === n).id, name);
    await page.click(`#tasks tr[data-task="${id}"]`);
  };
  await select('conn 1');
  const handler = ['echo_handle_connection echo_handler.c:31 suspended here', 'connection_task echo_server.c:53 calls echo_handle_connection'];
  assert.deepEqual(await stackText(), handler);
  await page.click('#step');
  await page.click('#step');
  assert.notEqual(await page.evaluate(() => window.awPlayground.state.running.id), await page.evaluate(() => window.awPlayground.state.tasks.find((x) => x.name === 'conn 1').id));
  assert.equal(await page.textContent('#stack-title'), 'Call stack of conn 1');
  assert.deepEqual(await stackText(), handler);
  await select('alice');
  assert.equal(await page.textContent('#stack-title'), 'Call stack of alice');
  assert.deepEqual(await stackText(), ['receive echo_server.c:113 suspended here', 'alice echo_server.c:147 calls receive']);
  await tasksPanelShot(page, 'playground-stack.png');
  // A click on a frame shows its file.
  await select('conn 1');
  await page.click('#stack li[data-file="echo_server.c"]');
  assert.equal(await page.$eval('#source .source-file:not([hidden])', (n) => n.dataset.file), 'echo_server.c');
});
