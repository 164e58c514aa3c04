"""Writes a model program (model.py) out as an asyncio program (aio.py's helpers) and as a C
program on aw (harness.h's helpers). Both print the same lines: each names the task and the
event ("t2 await t3: ok 300"), ends with the virtual time ("@15"), and the lines of a program
follow its header "== program <seed>"."""
from model import BLOCKS


# ------------------------------------------------------------------------------------------
# asyncio
# ------------------------------------------------------------------------------------------

class PythonWriter:
    def __init__(self, program):
        self.p = program
        self.lines = []

    def out(self, depth, text):
        self.lines.append("    " * depth + text)

    def program(self):
        p = self.p
        self.out(0, f"async def p{p.seed}():")
        self.out(1, "loop = asyncio.get_running_loop()")
        self.out(1, f"T = [None] * {p.tasks}")
        self.out(1, f"F = [loop.create_future() for _ in range({p.futures})]")
        self.out(1, f"E = [asyncio.Event() for _ in range({p.events})]")
        self.out(1, f"L = [asyncio.Lock() for _ in range({p.locks})]")
        self.out(1, f"S = [asyncio.Semaphore(v) for v in {p.sems!r}]")
        self.out(1, f"Q = [asyncio.Queue(n) for n in {p.queues!r}]")
        self.out(1, f"C = [asyncio.Condition() for _ in range({p.conds})]")
        self.out(1, "G = None")
        for i in range(1, p.tasks):
            self.task(i)
        self.out(1, "T[0] = asyncio.current_task()")
        self.out(1, "dog = asyncio.create_task(watchdog(T[0]))")
        self.out(1, "try:")
        self.block(0, p.bodies[0], 2)
        self.out(2, 'say("t0 body done")')
        self.out(1, "except asyncio.CancelledError:")
        self.out(2, 'say("t0 cancelled")')
        self.out(1, "await epilogue(dog, T)")
        self.out(1, "return 0")
        return "\n".join(self.lines) + "\n"

    def task(self, i):
        p = self.p
        self.out(1, f"async def t{i}():")
        self.out(2, "try:")
        self.block(i, p.bodies[i], 3)
        self.out(2, "except asyncio.CancelledError:")
        self.out(3, f'say("t{i} cleanup")')
        self.block(i, p.cleanups[i], 3)
        self.out(3, f'say("t{i} ends cancelled")')
        self.out(3, "raise")
        if p.ends[i] is None:
            self.out(2, f'say("t{i} returns {100 * i}")')
            self.out(2, f"return {100 * i}")
        else:
            self.out(2, f'say("t{i} fails {p.ends[i]}")')
            self.out(2, f"raise Failure({p.ends[i]})")

    def block(self, i, stmts, d, group=None):
        if not stmts:
            self.out(d, "pass")
        for stmt in stmts:
            self.statement(i, stmt, d, group)

    def guarded(self, d, tasks, what, action):
        """action runs only if every task in tasks was spawned."""
        check = " or ".join(f"T[{j}] is None" for j in tasks)
        self.out(d, f"if {check}:")
        self.out(d + 1, f'say("{what}: not spawned")')
        self.out(d, "else:")
        self.out(d + 1, action)

    def statement(self, i, stmt, d, group):
        kind, who = stmt[0], f"t{i}"
        ms = lambda value: f"{value} * MS"  # noqa: E731
        if kind == 'yield':
            self.out(d, f'await step("{who} yield", asyncio.sleep(0), False)')
        elif kind == 'sleep':
            self.out(d, f'await step("{who} sleep {stmt[1]}", asyncio.sleep({ms(stmt[1])}), False)')
        elif kind == 'spawn':
            j = stmt[1]
            if group:
                self.out(d, "try:")
                self.out(d + 1, f"T[{j}] = {group}.create_task(t{j}())")
                self.out(d, "except RuntimeError:")
                self.out(d + 1, f'say("{who} spawn t{j}: refused")')
                self.out(d, "else:")
                self.out(d + 1, f'say("{who} spawns t{j}")')
            else:
                self.out(d, f"T[{j}] = asyncio.create_task(t{j}())")
                self.out(d, f'say("{who} spawns t{j}")')
        elif kind == 'await':
            j = stmt[1]
            self.guarded(d, [j], f"{who} await t{j}", f'await step("{who} await t{j}", T[{j}])')
        elif kind == 'wait_for':
            j, deadline = stmt[1], stmt[2]
            what = f"{who} wait_for t{j} {deadline}"
            self.guarded(d, [j], what,
                         f'await step("{what}", asyncio.wait_for(T[{j}], {ms(deadline)}))')
        elif kind == 'gather':
            what = f"{who} gather {','.join(f't{j}' for j in stmt[1])}"
            args = ", ".join(f"T[{j}]" for j in stmt[1])
            self.guarded(d, stmt[1], what, f'await step("{what}", asyncio.gather({args}))')
        elif kind == 'wait_first':
            what = f"{who} wait_first {','.join(f't{j}' for j in stmt[1])}"
            args = ", ".join(f"T[{j}]" for j in stmt[1])
            self.guarded(d, stmt[1], what, f'await step("{what}", wait_first([{args}]))')
        elif kind == 'cancel':
            j = stmt[1]
            self.guarded(d, [j], f"{who} cancel t{j}",
                         f'say(f"{who} cancel t{j}: {{\'ok\' if T[{j}].cancel() else \'done\'}}")')
        elif kind == 'on_done':
            j = stmt[1]
            self.guarded(d, [j], f"{who} on_done t{j}",
                         f'T[{j}].add_done_callback(lambda t: say(f"done t{j}: {{outcome(t)}}")); '
                         f'say("{who} on_done t{j}")')
        elif kind == 'fut_set':
            f, value = stmt[1], stmt[2]
            self.out(d, f'say(f"{who} set f{f} {value}: '
                        f'{{\'done\' if F[{f}].done() else F[{f}].set_result({value}) or \'ok\'}}")')
        elif kind == 'fut_cancel':
            f = stmt[1]
            self.out(d, f'say(f"{who} cancel f{f}: {{\'ok\' if F[{f}].cancel() else \'done\'}}")')
        elif kind == 'fut_await':
            self.out(d, f'await step("{who} await f{stmt[1]}", F[{stmt[1]}])')
        elif kind == 'fut_wait_for':
            f, deadline = stmt[1], stmt[2]
            self.out(d, f'await step("{who} wait_for f{f} {deadline}", '
                        f'asyncio.wait_for(F[{f}], {ms(deadline)}))')
        elif kind == 'ev_set':
            self.out(d, f'E[{stmt[1]}].set(); say("{who} set e{stmt[1]}")')
        elif kind == 'ev_clear':
            self.out(d, f'E[{stmt[1]}].clear(); say("{who} clear e{stmt[1]}")')
        elif kind == 'ev_wait':
            self.out(d, f'await step("{who} wait e{stmt[1]}", E[{stmt[1]}].wait(), False)')
        elif kind == 'put':
            q, value = stmt[1], stmt[2]
            self.out(d, f'await step("{who} put q{q} {value}", Q[{q}].put({value}), False)')
        elif kind == 'get':
            self.out(d, f'await step("{who} get q{stmt[1]}", Q[{stmt[1]}].get())')
        elif kind == 'cond_wait':
            self.out(d, f'await step("{who} wait c{stmt[1]}", C[{stmt[1]}].wait(), False)')
        elif kind == 'cond_notify':
            c, n = stmt[1], stmt[2]
            self.out(d, f'C[{c}].notify({n}); say("{who} notify c{c} {n}")')
        elif kind == 'cond_notify_all':
            self.out(d, f'C[{stmt[1]}].notify_all(); say("{who} notify_all c{stmt[1]}")')
        elif kind == 'timeout':
            deadline, body = stmt[1], stmt[2]
            what = f"{who} timeout {deadline}"
            self.out(d, "try:")
            self.out(d + 1, f"async with asyncio.timeout({ms(deadline)}):")
            self.out(d + 2, f'say("{what}: enter")')
            self.block(i, body, d + 2, group)
            self.out(d, "except TimeoutError:")
            self.out(d + 1, f'say("{what}: timeout")')
            self.out(d, "else:")
            self.out(d + 1, f'say("{what}: ok")')
        elif kind in ('lock', 'sem', 'cond'):
            name = {'lock': 'L', 'sem': 'S', 'cond': 'C'}[kind]
            what = f"{who} {kind} {name.lower()}{stmt[1]}"
            self.out(d, f'await step("{what}", {name}[{stmt[1]}].acquire(), False)')
            self.out(d, "try:")
            self.block(i, stmt[2], d + 1, group)
            self.out(d, "finally:")
            self.out(d + 1, f"{name}[{stmt[1]}].release()")
            self.out(d, f'say("{what}: released")')
        elif kind == 'group':
            name = f"g{d}"
            self.out(d, "try:")
            self.out(d + 1, f"async with TaskGroup() as {name}:")
            self.out(d + 2, f'say("{who} group: enter")')
            self.block(i, stmt[1], d + 2, name)
            self.out(d, "except BaseExceptionGroup as error:")
            self.out(d + 1, f'say(f"{who} group: error {{group_errors(error)}}")')
            self.out(d, "else:")
            self.out(d + 1, f'say("{who} group: ok")')
        else:
            raise ValueError(f"unknown statement {stmt!r}")


def python_program(program):
    return PythonWriter(program).program()


def python_file(programs):
    parts = ["# Generated by tests/difftest/emit.py: one asyncio program per model program.",
             "import asyncio",
             "from aio import (MS, Failure, TaskGroup, epilogue, group_errors, outcome,",
             "                 run_programs, say, step, wait_first, watchdog)", ""]
    parts += [python_program(p) for p in programs]
    parts.append(f"run_programs([{', '.join(f'({p.seed}, p{p.seed})' for p in programs)}])")
    return "\n".join(parts) + "\n"


# ------------------------------------------------------------------------------------------
# C on aw
# ------------------------------------------------------------------------------------------

class CWriter:
    def __init__(self, program):
        self.p = program
        self.lines = []
        self.labels = 0

    def out(self, depth, text):
        self.lines.append("    " * depth + text)

    def label(self):
        self.labels += 1
        return f"exit{self.labels}"

    def program(self):
        p = self.p
        name = f"p{p.seed}"
        self.out(0, f"/* program {p.seed} */")
        for i in range(1, p.tasks):
            self.out(0, f"static int {name}_t{i}(void *arg, aw_value *result);")
        for i in range(1, p.tasks):
            self.task(name, i)
        self.out(0, f"static int {name}_main(void *arg, aw_value *result)")
        self.out(0, "{")
        self.out(1, "int st = AW_OK;")
        self.out(1, "aw_value v = {0};")
        self.out(1, "(void)arg, (void)result, (void)st, (void)v;")
        self.out(1, f"dt_begin({p.tasks}, {p.futures}, {p.events}, {p.locks}, {p.conds});")
        for s, value in enumerate(p.sems):
            self.out(1, f"dt_semaphore({s}, {value});")
        for q, size in enumerate(p.queues):
            self.out(1, f"dt_queue({q}, {size});")
        used = self.block(0, name, p.bodies[0], 1, "cancelled", None)
        self.out(1, 'dt_say("t0 body done");')
        if used:
            self.out(1, "goto epilogue;")
            self.out(0, "cancelled:")
            self.out(1, 'dt_say("t0 cancelled");')
            self.out(0, "epilogue:")
        self.out(1, "dt_epilogue();")
        self.out(1, "return AW_OK;")
        self.out(0, "}")
        return "\n".join(self.lines) + "\n"

    def task(self, name, i):
        p = self.p
        self.out(0, f"static int {name}_t{i}(void *arg, aw_value *result)")
        self.out(0, "{")
        self.out(1, "int st = AW_OK;")
        self.out(1, "aw_value v = {0};")
        self.out(1, "(void)arg, (void)result, (void)st, (void)v;")
        used = self.block(i, name, p.bodies[i], 1, "cancelled", None)
        if p.ends[i] is None:
            self.out(1, f'dt_say("t{i} returns {100 * i}");')
            self.out(1, f"result->i = {100 * i};")
            self.out(1, "return AW_OK;")
        else:
            self.out(1, f'dt_say("t{i} fails {p.ends[i]}");')
            self.out(1, f"return DT_FAILURE({p.ends[i]});")
        if used:
            self.out(0, "cancelled:")
            self.out(1, f'dt_say("t{i} cleanup");')
            for stmt in p.cleanups[i]:
                self.simple(i, name, stmt, 1, "return AW_ECANCELED;", None)
            self.out(1, f'dt_say("t{i} ends cancelled");')
            self.out(1, "return AW_ECANCELED;")
        self.out(0, "}")

    def block(self, i, name, stmts, d, exit_label, group):
        """Writes stmts; a cancellation sets st and jumps to exit_label. True if it may."""
        used = False
        for stmt in stmts:
            used |= self.statement(i, name, stmt, d, exit_label, group)
        return used

    def guarded(self, d, tasks, what, actions):
        check = " || ".join(f"!dt.t[{j}]" for j in tasks)
        self.out(d, f"if ({check}) {{")
        self.out(d + 1, f'dt_say("{what}: not spawned");')
        self.out(d, "} else {")
        for action in actions:
            self.out(d + 1, action)
        self.out(d, "}")

    def simple(self, i, name, stmt, d, on_cancel, group):
        """A statement that is not a block; on_cancel is the C statement run on cancellation.
        Returns True if it may be cancelled."""
        kind, who = stmt[0], f"t{i}"
        check = f"if (st == AW_ECANCELED) {on_cancel}"
        if kind == 'yield':
            self.out(d, f'st = aw_yield(); dt_show("{who} yield", st);')
        elif kind == 'sleep':
            self.out(d, f'st = aw_sleep({stmt[1]}); dt_show("{who} sleep {stmt[1]}", st);')
        elif kind == 'spawn':
            j = stmt[1]
            if group:
                self.out(d, f'dt_group_spawn({group}, {j}, {name}_t{j}, "{who}");')
            else:
                self.out(d, f"dt_spawn({j}, {name}_t{j});")
                self.out(d, f'dt_say("{who} spawns t{j}");')
            return False
        elif kind == 'await':
            j = stmt[1]
            what = f"{who} await t{j}"
            self.guarded(d, [j], what, [f"st = aw_await(dt.t[{j}], &v);",
                                        f'dt_show_value("{what}", st, v);', check])
            return True
        elif kind == 'wait_for':
            j, deadline = stmt[1], stmt[2]
            what = f"{who} wait_for t{j} {deadline}"
            self.guarded(d, [j], what, [f"st = aw_await_for(dt.t[{j}], {deadline}, &v);",
                                        f'dt_show_value("{what}", st, v);', check])
            return True
        elif kind in ('gather', 'wait_first'):
            tasks = stmt[1]
            what = f"{who} {kind} {','.join(f't{j}' for j in tasks)}"
            array = ", ".join(f"dt.t[{j}]" for j in tasks)
            self.guarded(d, tasks, what, [
                f"aw_task *tasks[] = {{{array}}};",
                f'st = dt_{kind}("{what}", tasks, {len(tasks)});', check])
            return True
        elif kind == 'cancel':
            j = stmt[1]
            self.guarded(d, [j], f"{who} cancel t{j}", [
                f'dt_say("{who} cancel t{j}: %s", aw_cancel(dt.t[{j}]) == AW_OK ? "ok" : "done");'])
            return False
        elif kind == 'on_done':
            j = stmt[1]
            self.guarded(d, [j], f"{who} on_done t{j}", [
                f"dt_on_done({j});", f'dt_say("{who} on_done t{j}");'])
            return False
        elif kind == 'fut_set':
            f, value = stmt[1], stmt[2]
            self.out(d, f'dt_say("{who} set f{f} {value}: %s", '
                        f'aw_future_set_result(dt.f[{f}], AW_INT({value})) == AW_OK ? "ok" : "done");')
            return False
        elif kind == 'fut_cancel':
            f = stmt[1]
            self.out(d, f'dt_say("{who} cancel f{f}: %s", '
                        f'aw_future_cancel(dt.f[{f}]) == AW_OK ? "ok" : "done");')
            return False
        elif kind == 'fut_await':
            f = stmt[1]
            self.out(d, f'st = aw_future_await(dt.f[{f}], &v); dt_show_value("{who} await f{f}", st, v);')
        elif kind == 'fut_wait_for':
            f, deadline = stmt[1], stmt[2]
            self.out(d, f"st = aw_future_await_for(dt.f[{f}], {deadline}, &v);")
            self.out(d, f'dt_show_value("{who} wait_for f{f} {deadline}", st, v);')
        elif kind == 'ev_set':
            self.out(d, f'aw_event_set(dt.e[{stmt[1]}]); dt_say("{who} set e{stmt[1]}");')
            return False
        elif kind == 'ev_clear':
            self.out(d, f'aw_event_clear(dt.e[{stmt[1]}]); dt_say("{who} clear e{stmt[1]}");')
            return False
        elif kind == 'ev_wait':
            self.out(d, f'st = aw_event_wait(dt.e[{stmt[1]}]); dt_show("{who} wait e{stmt[1]}", st);')
        elif kind == 'put':
            q, value = stmt[1], stmt[2]
            self.out(d, f'st = aw_queue_put(dt.q[{q}], AW_INT({value})); '
                        f'dt_show("{who} put q{q} {value}", st);')
        elif kind == 'get':
            q = stmt[1]
            self.out(d, f'st = aw_queue_get(dt.q[{q}], &v); dt_show_value("{who} get q{q}", st, v);')
        elif kind == 'cond_wait':
            c = stmt[1]
            self.out(d, f'st = aw_condition_wait(dt.c[{c}]); dt_show("{who} wait c{c}", st);')
        elif kind == 'cond_notify':
            c, n = stmt[1], stmt[2]
            self.out(d, f'aw_condition_notify(dt.c[{c}], {n}); dt_say("{who} notify c{c} {n}");')
            return False
        elif kind == 'cond_notify_all':
            c = stmt[1]
            self.out(d, f'aw_condition_notify_all(dt.c[{c}]); dt_say("{who} notify_all c{c}");')
            return False
        else:
            raise ValueError(f"unknown statement {stmt!r}")
        self.out(d, check)
        return True

    def statement(self, i, name, stmt, d, exit_label, group):
        kind, who = stmt[0], f"t{i}"
        if kind not in BLOCKS:
            return self.simple(i, name, stmt, d, f"goto {exit_label};", group)
        inner = self.label()
        self.out(d, "{")
        if kind == 'timeout':
            what = f"{who} timeout {stmt[1]}"
            self.out(d + 1, f"aw_timeout scope; aw_timeout_enter(&scope, {stmt[1]});")
            self.out(d + 1, f'dt_say("{what}: enter");')
            used = self.block(i, name, stmt[2], d + 1, inner, group)
            self.out(d + 1, "st = AW_OK;")
            if used:
                self.out(d, f"{inner}:")
            self.out(d + 1, "st = aw_timeout_leave(&scope, st);")
            self.out(d + 1, f"if (st == AW_ECANCELED) goto {exit_label};")
            self.out(d + 1, f'dt_say("{what}: %s", st == AW_ETIMEDOUT ? "timeout" : "ok");')
        elif kind in ('lock', 'sem', 'cond'):
            what = f"{who} {kind} {kind[0]}{stmt[1]}"
            take, give = {
                'lock': (f"aw_lock_acquire(dt.l[{stmt[1]}])", f"aw_lock_release(dt.l[{stmt[1]}])"),
                'sem': (f"aw_semaphore_acquire(dt.s[{stmt[1]}])",
                        f"aw_semaphore_release(dt.s[{stmt[1]}])"),
                'cond': (f"aw_condition_acquire(dt.c[{stmt[1]}])",
                         f"aw_condition_release(dt.c[{stmt[1]}])")}[kind]
            self.out(d + 1, f'st = {take}; dt_show("{what}", st);')
            self.out(d + 1, f"if (st == AW_ECANCELED) goto {exit_label};")
            used = self.block(i, name, stmt[2], d + 1, inner, group)
            self.out(d + 1, "st = AW_OK;")
            if used:
                self.out(d, f"{inner}:")
            self.out(d + 1, f"{give};")
            self.out(d + 1, f"if (st == AW_ECANCELED) goto {exit_label};")
            self.out(d + 1, f'dt_say("{what}: released");')
        elif kind == 'group':
            self.out(d + 1, "aw_group *group; dt_group_new(&group);")
            self.out(d + 1, f'dt_say("{who} group: enter");')
            used = self.block(i, name, stmt[1], d + 1, inner, "group")
            self.out(d + 1, "st = AW_OK;")
            if used:
                self.out(d, f"{inner}:")
            self.out(d + 1, f'st = dt_group_end(group, st, "{who} group");')
            self.out(d + 1, f"if (st == AW_ECANCELED) goto {exit_label};")
        self.out(d, "}")
        return True


def c_program(program):
    return CWriter(program).program()


def c_file(programs):
    parts = ["/* Generated by tests/difftest/emit.py: one aw program per model program. */",
             '#include "harness.h"', ""]
    parts += [c_program(p) for p in programs]
    parts.append("const dt_program dt_programs[] = {")
    parts += [f"    {{{p.seed}, p{p.seed}_main}}," for p in programs]
    parts.append("};")
    parts.append("const size_t dt_program_count = sizeof dt_programs / sizeof dt_programs[0];")
    return "\n".join(parts) + "\n"
