/* Stress: 10,000 workers, in waves of 500, loop over random steps that wait on every kind of
 * thing aw has (sleeps, a lock, a semaphore, a condition, an event, a queue, channels through
 * select, futures of their own, gathers of children, timeout scopes, shielded sections) and
 * never finish on their own. The main task cancels every one of them exactly once, in a
 * random order at random moments, and some a second time while their clean-up, which awaits,
 * runs. Each cancellation is counted by where it found its victim. The randomness is a
 * fixed-seed xorshift, so every run (and every target) makes the same choices and prints the
 * same counts.
 *
 * At the end every resource is back: the lock free, the semaphore full, every value sent or
 * put received exactly once, and aw_loop_get_stats (after every wave too) shows no task record,
 * no stack in use (the cache holds its limit, the rest were unmapped), no armed timer, no
 * future, no pending callback (but, while main runs, the one aw_loop_run_until_done put on it)
 * and an empty ready queue. Under ASan/LSan the run also proves
 * that nothing leaks.
 */
#include "common/check.h"

#include <stdint.h>

enum { WORKERS = 10000, WAVE = 500, SEM_UNITS = 8, TAG_SHIFT = 32, STACK_CACHE = 64 };

/* Where a cancellation finds its victim: what the victim waits on (the step sets it before
 * each wait), or QUEUED when it is in the ready queue after starting (woken, or yielded). */
typedef enum place {
    NOT_STARTED, QUEUED, SLEEP, LOCK, SEMAPHORE, CONDITION, EVENT, QUEUE, CHANNEL, FUTURE,
    GATHER, TIMEOUT_SCOPE, SHIELD, CLEANUP, PLACES
} place;

static const char *const place_names[PLACES] = {
    "not started", "queued", "sleep", "lock", "semaphore", "condition", "event", "queue",
    "channel", "future", "gather", "timeout scope", "shield", "clean-up"};

typedef struct worker {
    aw_task *task;
    int64_t id;
    uint32_t seed;
    place waiting;      /* where the worker waits, or is about to */
    aw_future *future;  /* the FUTURE step's, which the main task may complete */
} worker;

static worker workers[WAVE];

static aw_lock *lock;
static aw_semaphore *sem;
static aw_condition *cond;
static aw_event *event;
static aw_queue *queue;
static aw_channel *rendezvous, *buffered;

static int holders, generation;
static int64_t sent, received, put, got; /* counts of values that moved */
static int64_t sent_sum, received_sum;   /* and sums of their tags, to catch duplicates */
static int64_t children, timed_out, futures_made, callbacks_run, futures_set;
static int64_t first_cancels[PLACES], second_cancels[PLACES];
static uint32_t main_seed = 0x2545f491u;

static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static int64_t random_ms(worker *w) { return (int64_t)(next_random(&w->seed) % 4); }

static int sleep_at(worker *w, place where, int64_t ms)
{
    w->waiting = where;
    return aw_sleep(ms);
}

/* A timeout scope of `ms` around the wait the worker starts at `where` ... */
static void deadline_begin(worker *w, aw_timeout *scope, int64_t ms, place where)
{
    aw_timeout_enter(scope, ms);
    w->waiting = where;
}

/* ... and its end, given the wait's status. */
static int deadline_end(aw_timeout *scope, int status)
{
    status = aw_timeout_leave(scope, status);
    timed_out += status == AW_ETIMEDOUT;
    return status;
}

static int lock_section(worker *w)
{
    aw_timeout scope;
    deadline_begin(w, &scope, 1 + random_ms(w), LOCK);
    int status = deadline_end(&scope, aw_lock_acquire(lock));
    if (status != AW_OK)
        return status;
    CHECK(++holders == 1);
    status = sleep_at(w, SLEEP, random_ms(w) / 2);
    holders--;
    CHECK(aw_lock_release(lock) == AW_OK);
    return status;
}

static int semaphore_section(worker *w)
{
    aw_timeout scope;
    deadline_begin(w, &scope, 1 + random_ms(w), SEMAPHORE);
    int status = deadline_end(&scope, aw_semaphore_acquire(sem));
    if (status != AW_OK)
        return status;
    status = sleep_at(w, SLEEP, random_ms(w));
    CHECK(aw_semaphore_release(sem) == AW_OK);
    return status;
}

static bool generation_moved(void *arg) { return generation != *(int *)arg; }

static int condition_section(worker *w)
{
    w->waiting = LOCK;
    int status = aw_condition_acquire(cond);
    if (status != AW_OK)
        return status;
    if (next_random(&w->seed) % 3 == 0) {
        generation++;
        aw_condition_notify_all(cond);
    } else {
        int seen = generation;
        w->waiting = CONDITION;
        status = aw_condition_wait_for(cond, generation_moved, &seen);
    }
    CHECK(aw_lock_is_locked(aw_condition_lock(cond))); /* held again, even when cancelled */
    aw_condition_release(cond);
    return status;
}

static int queue_put(worker *w, int64_t tag)
{
    w->waiting = QUEUE;
    int status = aw_queue_put(queue, AW_INT(tag));
    put += status == AW_OK;
    return status;
}

static int queue_get(void)
{
    int status = aw_queue_get(queue, NULL);
    if (status == AW_OK) {
        got++;
        aw_queue_task_done(queue);
    }
    return status;
}

static int channel_send(worker *w, int64_t tag)
{
    aw_select_case cases[] = {{rendezvous, AW_SELECT_SEND, AW_INT(tag)},
                              {buffered, AW_SELECT_SEND, AW_INT(tag)}};
    size_t index;
    w->waiting = CHANNEL;
    int status = aw_select(cases, 2, -1, &index);
    if (status == AW_OK) {
        sent++;
        sent_sum += tag;
    }
    return status;
}

static int channel_recv(worker *w)
{
    aw_select_case cases[] = {{rendezvous, AW_SELECT_RECV, {0}},
                              {buffered, AW_SELECT_RECV, {0}}};
    size_t index;
    w->waiting = CHANNEL;
    int status = aw_select(cases, 2, -1, &index);
    if (status == AW_OK) {
        received++;
        received_sum += cases[index].value.i;
    }
    return status;
}

static void count_callback(aw_future *future, void *arg)
{
    (void)future, (void)arg;
    callbacks_run++;
}

/* Waits on a future of its own (cancelling the wait cancels the future, so it must not be
 * shared), which the main task may complete before the deadline. */
static int future_wait(worker *w)
{
    CHECK(aw_future_new(&w->future) == AW_OK);
    CHECK(aw_future_on_done(w->future, count_callback, NULL) == AW_OK);
    futures_made++;
    w->waiting = FUTURE;
    int status = aw_future_await_for(w->future, 1 + 2 * random_ms(w), NULL);
    timed_out += status == AW_ETIMEDOUT;
    aw_future_unref(w->future);
    w->future = NULL;
    return status;
}

static int child(void *arg, aw_value *result)
{
    (void)result;
    return aw_sleep((int64_t)(intptr_t)arg);
}

static int gather_children(worker *w)
{
    aw_task *tasks[2];
    for (int i = 0; i < 2; i++) {
        CHECK(aw_spawn(&tasks[i], child, (void *)(intptr_t)random_ms(w)) == AW_OK);
        children++;
    }
    w->waiting = GATHER;
    int status = aw_gather(tasks, 2, NULL);
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);
    return status;
}

/* A queue get or an event wait under a deadline. */
static int timeout_scope(worker *w)
{
    aw_timeout scope;
    deadline_begin(w, &scope, 2 * random_ms(w), TIMEOUT_SCOPE);
    return deadline_end(&scope, next_random(&w->seed) % 2 ? queue_get() : aw_event_wait(event));
}

/* A cancellation that arrives in the section lands on the first wait after it. */
static int shielded(worker *w)
{
    aw_shield_begin();
    int status = sleep_at(w, SHIELD, 1 + random_ms(w));
    aw_shield_end();
    CHECK(status == AW_OK);
    return status;
}

static int step(worker *w, int64_t tag)
{
    switch (next_random(&w->seed) % 13) {
    case 0: return sleep_at(w, SLEEP, random_ms(w));
    case 1: return lock_section(w);
    case 2: return semaphore_section(w);
    case 3: return condition_section(w);
    case 4: w->waiting = EVENT; return aw_event_wait(event);
    case 5: return queue_put(w, tag);
    case 6: w->waiting = QUEUE; return queue_get();
    case 7: return channel_send(w, tag);
    case 8: return channel_recv(w);
    case 9: return future_wait(w);
    case 10: return gather_children(w);
    case 11: return timeout_scope(w);
    default: return shielded(w);
    }
}

/* Clean-up after the cancellation, which awaits; a second cancellation may cut it short. */
static void clean_up(worker *w)
{
    w->waiting = CLEANUP;
    switch (next_random(&w->seed) % 3) {
    case 0:
        aw_sleep(1 + random_ms(w));
        break;
    case 1:
        if (aw_lock_acquire(lock) == AW_OK) {
            aw_sleep(1);
            CHECK(aw_lock_release(lock) == AW_OK);
        }
        break;
    default: /* clean-up that must not be cut short */
        aw_shield_begin();
        CHECK(aw_sleep(1 + random_ms(w)) == AW_OK);
        aw_shield_end();
        break;
    }
}

static int worker_main(void *arg, aw_value *result)
{
    (void)result;
    worker *w = arg;
    for (int64_t i = 0;; i++) {
        if (step(w, (w->id << TAG_SHIFT) | i) == AW_ECANCELED)
            break;
    }
    CHECK(aw_task_cancelling(aw_current()) > 0); /* only the main task's cancel ends a step */
    clean_up(w);
    return AW_ECANCELED;
}

static place where(const worker *w)
{
    if (w->waiting != NOT_STARTED && aw_task_get_state(w->task) == AW_TASK_READY)
        return QUEUED;
    return w->waiting;
}

/* The main task's other moves, between cancellations: set or clear the event, complete a
 * worker's future. */
static void stir(void)
{
    uint32_t r = next_random(&main_seed);
    if (r % 8 == 0)
        aw_event_set(event);
    else if (r % 8 == 1)
        aw_event_clear(event);
    worker *w = &workers[(r >> 8) % WAVE];
    if (r % 4 != 3 && w->future != NULL && !aw_future_is_done(w->future)) {
        CHECK(aw_future_set_result(w->future, AW_INT(1)) == AW_OK);
        futures_set++;
    }
}

/* live is 1 (main) during the waves, 0 at the end. */
static void check_stats(size_t live, const char *when)
{
    size_t stop_callbacks = live; /* aw_loop_run_until_done's, on main */
    aw_loop_stats stats;
    aw_loop_get_stats(aw_loop_current(), &stats);
    if (stats.live_tasks != live || stats.finished_tasks != 0 || stats.stacks_in_use != live ||
        stats.stacks_cached != STACK_CACHE || stats.timers_armed != 0 || stats.futures != 0 ||
        stats.done_callbacks != stop_callbacks || stats.ready != 0) {
        aw_printf("%s: live %zu, finished %zu, stacks %zu + %zu cached, timers %zu, futures %zu, "
                  "callbacks %zu, ready %zu\n",
                  when, stats.live_tasks, stats.finished_tasks, stats.stacks_in_use,
                  stats.stacks_cached, stats.timers_armed, stats.futures, stats.done_callbacks,
                  stats.ready);
        ++*check_failures();
    }
}

static void run_wave(int first)
{
    int order[WAVE];
    aw_task *tasks[WAVE];
    aw_event_clear(event);
    for (int i = 0; i < WAVE; i++) {
        workers[i] = (worker){.id = first + i, .seed = (uint32_t)(first + i) * 2654435761u + 1};
        CHECK(aw_spawn(&workers[i].task, worker_main, &workers[i]) == AW_OK);
        tasks[i] = workers[i].task;
        order[i] = i;
    }
    for (int i = WAVE - 1; i > 0; i--) { /* Fisher-Yates: each worker once, in random order */
        int j = (int)(next_random(&main_seed) % (uint32_t)(i + 1));
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
    }
    for (int i = 0; i < WAVE; i++) {
        uint32_t r = next_random(&main_seed);
        if (r % 12 == 0)
            CHECK(aw_sleep((int64_t)(r / 12 % 3)) == AW_OK);
        stir();
        worker *victim = &workers[order[i]];
        first_cancels[where(victim)]++;
        CHECK(aw_cancel(victim->task) == AW_OK);
        if (r % 8 == 5) {
            worker *again = &workers[order[(r >> 8) % (uint32_t)(i + 1)]];
            if (!aw_task_is_done(again->task)) {
                second_cancels[where(again)]++;
                CHECK(aw_cancel(again->task) == AW_OK);
            }
        }
    }
    CHECK(aw_gather_all(tasks, WAVE, NULL, NULL) == AW_OK);
    for (int i = 0; i < WAVE; i++) {
        CHECK(aw_task_status(tasks[i]) == AW_ECANCELED);
        aw_task_unref(tasks[i]);
    }
    check_stats(1, "after a wave");
}

static void drain(void)
{
    aw_value value;
    while (aw_channel_try_recv(rendezvous, &value) == AW_OK ||
           aw_channel_try_recv(buffered, &value) == AW_OK) {
        received++;
        received_sum += value.i;
    }
    while (aw_queue_try_get(queue, NULL) == AW_OK) {
        got++;
        aw_queue_task_done(queue);
    }
}

static void print_counts(const char *what, const int64_t *counts)
{
    int64_t total = 0;
    for (int i = 0; i < PLACES; i++)
        total += counts[i];
    aw_printf("%s: %lld\n", what, (long long)total);
    for (int i = 0; i < PLACES; i++)
        if (counts[i] > 0)
            aw_printf("  %-13s %5lld\n", place_names[i], (long long)counts[i]);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_lock_new(&lock) == AW_OK);
    CHECK(aw_semaphore_new_bounded(&sem, SEM_UNITS) == AW_OK);
    CHECK(aw_condition_new(&cond, NULL) == AW_OK);
    CHECK(aw_event_new(&event) == AW_OK);
    CHECK(aw_queue_new(&queue, 4) == AW_OK);
    CHECK(aw_channel_new(&rendezvous, 0) == AW_OK);
    CHECK(aw_channel_new(&buffered, 4) == AW_OK);
    for (int first = 0; first < WORKERS; first += WAVE)
        run_wave(first);
    drain();
    CHECK(aw_queue_join(queue) == AW_OK); /* every value taken was marked done: no wait */
    CHECK(!aw_lock_is_locked(lock) && holders == 0);
    CHECK(aw_semaphore_value(sem) == SEM_UNITS && !aw_semaphore_is_locked(sem));
    CHECK(!aw_lock_is_locked(aw_condition_lock(cond)));
    CHECK(sent == received && sent_sum == received_sum && put == got);
    CHECK(callbacks_run == futures_made);
    print_counts("first cancellations, by where they found the worker", first_cancels);
    print_counts("second cancellations", second_cancels);
    aw_printf("children gathered %lld, deadlines passed %lld, futures %lld (%lld set by main), "
              "channel values %lld, queue values %lld\n",
              (long long)children, (long long)timed_out, (long long)futures_made,
              (long long)futures_set, (long long)sent, (long long)put);
    aw_channel_free(rendezvous);
    aw_channel_free(buffered);
    aw_queue_free(queue);
    aw_event_free(event);
    aw_condition_free(cond);
    aw_semaphore_free(sem);
    aw_lock_free(lock);
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .stack_cache = STACK_CACHE};
    if (aw_loop_new(&loop, &options) != AW_OK)
        return 1;
    aw_task *main_handle;
    aw_spawn_with(&main_handle, main_task, NULL, &(aw_spawn_options){.name = "main"});
    CHECK(aw_loop_run_until_done(loop, main_handle) == AW_OK);
    CHECK(aw_task_status(main_handle) == AW_OK);
    aw_task_unref(main_handle);
    CHECK(aw_loop_run(loop) == AW_OK);
    check_stats(0, "at the end");
    aw_printf("at the end: every task record, stack, timer, future and callback returned: %s\n",
              *check_failures() == 0 ? "yes" : "no");
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
