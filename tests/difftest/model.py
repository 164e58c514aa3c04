"""The program model of the differential tests: random, terminating task programs drawn from a
seed. emit.py writes one model out twice, as an asyncio program and as a C program on aw.

A program has tasks t0 (the main task) .. tN-1, each with a body (a list of statements), a
clean-up (run when the task is cancelled) and an end (return 100 * its number, or fail with an
error code). A statement is a tuple whose first item is its kind:

    ('yield',)                    sleep(0)
    ('sleep', ms)                 a timed sleep on the virtual clock
    ('spawn', j)                  create task tj (each task is spawned by one statement at most)
    ('await', j)                  await tj (only a later task: no cycle of awaits)
    ('wait_for', j, ms)           asyncio.wait_for(tj, ms) / aw_await_for
    ('gather', [j, ...])          asyncio.gather / aw_gather
    ('wait_first', [j, ...])      asyncio.wait(FIRST_COMPLETED) / aw_wait_first
    ('cancel', j)                 tj.cancel() / aw_cancel
    ('on_done', j)                a done callback on tj that prints its outcome
    ('fut_set', f, value)         complete future f
    ('fut_cancel', f)             cancel future f
    ('fut_await', f)              await future f
    ('fut_wait_for', f, ms)       asyncio.wait_for(f, ms) / aw_future_await_for
    ('ev_set', e) ('ev_clear', e) ('ev_wait', e)
    ('put', q, value) ('get', q)  a bounded queue
    ('timeout', ms, [body])       async with asyncio.timeout(ms) / aw_timeout_enter .. leave
    ('lock', l, [body])           async with lock
    ('sem', s, [body])            async with semaphore
    ('group', [body])             async with TaskGroup(); spawns in it are the group's children
    ('cond', c, [body])           async with condition, whose body may hold:
    ('cond_wait', c) ('cond_notify', c, n) ('cond_notify_all', c)

Every task that waits forever is ended by the program's shape: a watchdog task cancels t0
every second of virtual time, and t0 ends with an epilogue that cancels every task still
alive and waits until each is done (clean-ups only sleep and yield, so they end)."""
import random

MAX_TASKS = 7
SLEEPS = (1, 2, 3, 5, 8, 10, 20)
DEADLINES = (1, 2, 4, 6, 10, 15, 25)

BLOCKS = ('timeout', 'lock', 'sem', 'group', 'cond')


class Program:
    def __init__(self, seed, tasks, bodies, cleanups, ends, futures, events, locks, sems,
                 queues, conds):
        self.seed = seed
        self.tasks = tasks          # number of tasks, t0 included
        self.bodies = bodies        # list per task of statements
        self.cleanups = cleanups    # list per task of ('yield',) / ('sleep', ms)
        self.ends = ends            # per task: None (return 100 * i) or an error code 1..9
        self.futures = futures      # number of futures
        self.events = events
        self.locks = locks
        self.sems = sems            # initial values
        self.queues = queues        # maxsizes
        self.conds = conds

    def copy(self, **changes):
        fields = dict(self.__dict__)
        fields.update(changes)
        return Program(**fields)

    def uses(self):
        """The statement kinds the program uses, for reports."""
        kinds = set()

        def walk(stmts):
            for stmt in stmts:
                kinds.add(stmt[0])
                if stmt[0] in BLOCKS:
                    walk(stmt[-1])
        for body in self.bodies:
            walk(body)
        return kinds


class Generator:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)

    def program(self):
        r = self.r
        self.tasks = r.randint(2, MAX_TASKS)
        self.futures = r.randint(0, 2)
        self.events = r.randint(0, 2)
        self.locks = r.randint(0, 2)
        self.sems = [r.randint(1, 2) for _ in range(r.randint(0, 1))]
        self.queues = [r.randint(1, 2) for _ in range(r.randint(0, 1))]
        self.conds = r.randint(0, 1)
        bodies = [self.block(i, r.randint(1, 6), 0, ()) for i in range(self.tasks)]
        for j in range(1, self.tasks):
            spawner = 0 if r.random() < 0.5 else r.randrange(j)
            self.insert_spawn(bodies[spawner], j)
        cleanups = [[] if i == 0 else self.cleanup() for i in range(self.tasks)]
        ends = [None] + [r.randint(1, 9) if r.random() < 0.3 else None
                         for _ in range(1, self.tasks)]
        return Program(self.seed, self.tasks, bodies, cleanups, ends, self.futures, self.events,
                       self.locks, self.sems, self.queues, self.conds)

    def cleanup(self):
        r = self.r
        return [r.choice([('yield',), ('sleep', r.choice(SLEEPS))])
                for _ in range(r.choice((0, 0, 1, 2)))]

    def insert_spawn(self, body, j):
        """Puts ('spawn', j) at a random place of body or of one of its blocks."""
        places = []

        def walk(stmts):
            places.append(stmts)
            for stmt in stmts:
                if stmt[0] in BLOCKS:
                    walk(stmt[-1])
        walk(body)
        target = self.r.choice(places)
        target.insert(min(self.r.randint(0, len(target)), self.r.randint(0, len(target))),
                      ('spawn', j))

    def later(self, i, count):
        """Up to count distinct tasks after ti, or [] if there is none."""
        later = list(range(i + 1, self.tasks))
        if not later:
            return []
        return self.r.sample(later, min(len(later), self.r.randint(1, count)))

    def block(self, i, size, depth, held):
        return [s for s in (self.statement(i, depth, held) for _ in range(size)) if s]

    def statement(self, i, depth, held):
        r = self.r
        kinds = ['yield', 'sleep', 'sleep', 'cancel', 'on_done']
        if i + 1 < self.tasks:
            kinds += ['await', 'await', 'wait_for', 'gather', 'wait_first']
        if self.futures:
            kinds += ['fut_set', 'fut_set', 'fut_cancel', 'fut_await', 'fut_wait_for']
        if self.events:
            kinds += ['ev_set', 'ev_set', 'ev_clear', 'ev_wait']
        if self.queues:
            kinds += ['put', 'get']
        if depth < 2:
            kinds += ['timeout', 'group']
            if self.locks:
                kinds.append('lock')
            if self.sems:
                kinds.append('sem')
            if self.conds:
                kinds.append('cond')
        kind = r.choice(kinds)
        other = r.choice([t for t in range(self.tasks) if t != i])
        if kind == 'yield':
            return ('yield',)
        if kind == 'sleep':
            return ('sleep', r.choice(SLEEPS))
        if kind in ('cancel', 'on_done'):
            return (kind, other)
        if kind == 'await':
            return ('await', self.later(i, 1)[0])
        if kind == 'wait_for':
            return ('wait_for', self.later(i, 1)[0], r.choice(DEADLINES))
        if kind in ('gather', 'wait_first'):
            return (kind, self.later(i, 3))
        if kind == 'fut_set':
            return ('fut_set', r.randrange(self.futures), r.randint(1, 99))
        if kind in ('fut_cancel', 'fut_await'):
            return (kind, r.randrange(self.futures))
        if kind == 'fut_wait_for':
            return ('fut_wait_for', r.randrange(self.futures), r.choice(DEADLINES))
        if kind in ('ev_set', 'ev_clear', 'ev_wait'):
            return (kind, r.randrange(self.events))
        if kind == 'put':
            return ('put', r.randrange(len(self.queues)), r.randint(1, 99))
        if kind == 'get':
            return ('get', r.randrange(len(self.queues)))
        inner = r.randint(1, 3)
        if kind == 'timeout':
            return ('timeout', r.choice(DEADLINES), self.block(i, inner, depth + 1, held))
        if kind == 'group':
            return ('group', self.block(i, inner, depth + 1, held))
        if kind == 'cond':
            c = r.randrange(self.conds)
            if ('cond', c) in held:
                return None
            # Only statements that wait on no task: a task cancelled in a condition wait takes
            # the lock back before it ends, so a holder waiting for it would never finish.
            body = [s for s in self.block(i, inner - 1, depth + 1, held + (('cond', c),))
                    if s[0] in ('yield', 'sleep', 'fut_set', 'ev_set', 'cancel', 'on_done')]
            for _ in range(r.randint(1, 2)):
                body.insert(r.randint(0, len(body)), r.choice(
                    [('cond_wait', c), ('cond_wait', c), ('cond_notify', c, r.randint(1, 2)),
                     ('cond_notify_all', c)]))
            return ('cond', c, body)
        count = self.locks if kind == 'lock' else len(self.sems)
        index = r.randrange(count)
        if (kind, index) in held:
            return None  # taking a lock again inside itself only deadlocks
        return (kind, index, self.block(i, inner, depth + 1, held + ((kind, index),)))


def generate(seed):
    return Generator(seed).program()
