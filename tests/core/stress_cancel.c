/* Stress: 10,000 tasks (in waves of 500) take locks, semaphores, conditions, events, queues,
 * channels and selects, sleep, gather children and use timeouts, while the main task cancels
 * them at pseudo-random points (a fixed-seed xorshift, so every run is the same). At the end
 * every resource must be back: no task alive, the lock free, the semaphore full, nobody
 * waiting, and every value sent through a channel or put in the queue received exactly once.
 * Under AddressSanitizer the run also proves that nothing leaks.
 */
#include "common/check.h"

#include <stdint.h>

enum { WORKERS = 10000, WAVE = 500, STEPS = 4, SEM_UNITS = 8, TAG_SHIFT = 32 };

static aw_lock *lock;
static aw_semaphore *sem;
static aw_condition *cond;
static aw_event *event;
static aw_queue *queue;
static aw_channel *rendezvous, *buffered;

static int holders, generation;
static int64_t sent, received, put, got; /* counts of values that moved */
static int64_t sent_sum, received_sum;   /* and sums of their tags, to catch duplicates */
static int cancelled, timed_out, children;
static uint32_t main_seed = 0x2545f491u;

static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static int64_t random_ms(uint32_t *seed) { return (int64_t)(next_random(seed) % 4); }

static int with_timeout(int status, aw_timeout *scope)
{
    status = aw_timeout_leave(scope, status);
    timed_out += status == AW_ETIMEDOUT;
    return status;
}

static int lock_section(uint32_t *seed)
{
    int status = aw_lock_acquire(lock);
    if (status != AW_OK)
        return status;
    CHECK(++holders == 1);
    status = aw_sleep(random_ms(seed));
    holders--;
    CHECK(aw_lock_release(lock) == AW_OK);
    return status;
}

static int semaphore_section(uint32_t *seed)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, 1 + random_ms(seed));
    int status = with_timeout(aw_semaphore_acquire(sem), &scope);
    if (status != AW_OK)
        return status;
    status = aw_sleep(random_ms(seed));
    CHECK(aw_semaphore_release(sem) == AW_OK);
    return status;
}

static int queue_put(uint32_t *seed, int64_t tag)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, random_ms(seed));
    int status = with_timeout(aw_queue_put(queue, AW_INT(tag)), &scope);
    put += status == AW_OK;
    return status;
}

static int queue_get(uint32_t *seed)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, random_ms(seed));
    int status = with_timeout(aw_queue_get(queue, NULL), &scope);
    if (status == AW_OK) {
        got++;
        aw_queue_task_done(queue);
    }
    return status;
}

static int channel_send(uint32_t *seed, int64_t tag)
{
    aw_select_case cases[] = {{rendezvous, AW_SELECT_SEND, AW_INT(tag)},
                              {buffered, AW_SELECT_SEND, AW_INT(tag)}};
    size_t index;
    int status = aw_select(cases, 2, 1 + random_ms(seed), &index);
    if (status == AW_OK) {
        sent++;
        sent_sum += tag;
    }
    return status;
}

static int channel_recv(uint32_t *seed)
{
    aw_select_case cases[] = {{rendezvous, AW_SELECT_RECV, {0}},
                              {buffered, AW_SELECT_RECV, {0}}};
    size_t index;
    int status = aw_select(cases, 2, 1 + random_ms(seed), &index);
    if (status == AW_OK) {
        received++;
        received_sum += cases[index].value.i;
    }
    return status;
}

static bool generation_moved(void *arg) { return generation != *(int *)arg; }

static int condition_wait(uint32_t *seed)
{
    int status = aw_condition_acquire(cond);
    if (status != AW_OK)
        return status;
    int seen = generation;
    aw_timeout scope;
    aw_timeout_enter(&scope, random_ms(seed));
    status = with_timeout(aw_condition_wait_for(cond, generation_moved, &seen), &scope);
    CHECK(aw_lock_locked(aw_condition_lock(cond)));
    aw_condition_release(cond);
    return status;
}

static int condition_notify(void)
{
    int status = aw_condition_acquire(cond);
    if (status != AW_OK)
        return status;
    generation++;
    aw_condition_notify_all(cond);
    aw_condition_release(cond);
    return AW_OK;
}

static int event_wait(uint32_t *seed)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, 1 + random_ms(seed));
    return with_timeout(aw_event_wait(event), &scope);
}

static int child(void *arg, aw_value *result)
{
    (void)result;
    return aw_sleep((int64_t)(intptr_t)arg);
}

static int gather_children(uint32_t *seed)
{
    aw_task *tasks[2];
    for (int i = 0; i < 2; i++) {
        CHECK(aw_spawn(&tasks[i], child, (void *)(intptr_t)random_ms(seed)) == AW_OK);
        children++;
    }
    int status = aw_gather(tasks, 2, NULL);
    aw_task_release(tasks[0]);
    aw_task_release(tasks[1]);
    return status;
}

static int step(uint32_t *seed, int64_t tag)
{
    switch (next_random(seed) % 10) {
    case 0: return lock_section(seed);
    case 1: return semaphore_section(seed);
    case 2: return queue_put(seed, tag);
    case 3: return queue_get(seed);
    case 4: return channel_send(seed, tag);
    case 5: return channel_recv(seed);
    case 6: return condition_wait(seed);
    case 7: return condition_notify();
    case 8: return event_wait(seed);
    default: return gather_children(seed);
    }
}

static int worker(void *arg, aw_value *result)
{
    (void)result;
    int64_t id = (int64_t)(intptr_t)arg;
    uint32_t seed = (uint32_t)id * 2654435761u + 1;
    for (int64_t i = 0; i < STEPS; i++) {
        if (step(&seed, (id << TAG_SHIFT) | i) == AW_ECANCELED) {
            cancelled++;
            return AW_ECANCELED;
        }
    }
    return AW_OK;
}

static void drain(void)
{
    aw_value value;
    while (aw_channel_try_recv(rendezvous, &value) == AW_OK ||
           aw_channel_try_recv(buffered, &value) == AW_OK) {
        received++;
        received_sum += value.i;
    }
    while (aw_queue_get_nowait(queue, NULL) == AW_OK) {
        got++;
        aw_queue_task_done(queue);
    }
}

static void run_wave(int first)
{
    aw_task *tasks[WAVE];
    aw_event_clear(event);
    for (int i = 0; i < WAVE; i++)
        CHECK(aw_spawn(&tasks[i], worker, (void *)(intptr_t)(first + i)) == AW_OK);
    for (int i = 0; i < WAVE / 5; i++) {
        aw_sleep((int64_t)(next_random(&main_seed) % 2));
        aw_task *victim = tasks[next_random(&main_seed) % WAVE];
        if (!aw_task_done(victim))
            aw_cancel(victim);
        if (i == WAVE / 10)
            aw_event_set(event);
    }
    aw_event_set(event);
    aw_gather_all(tasks, WAVE, NULL, NULL);
    for (int i = 0; i < WAVE; i++) {
        CHECK(aw_task_done(tasks[i]));
        aw_task_release(tasks[i]);
    }
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_lock_new(&lock) == AW_OK);
    CHECK(aw_semaphore_new_bounded(&sem, SEM_UNITS) == AW_OK);
    CHECK(aw_condition_new(&cond, NULL) == AW_OK);
    CHECK(aw_event_new(&event) == AW_OK);
    CHECK(aw_queue_new(&queue, 16) == AW_OK);
    CHECK(aw_channel_new(&rendezvous, 0) == AW_OK);
    CHECK(aw_channel_new(&buffered, 4) == AW_OK);
    for (int first = 0; first < WORKERS; first += WAVE)
        run_wave(first);
    aw_sleep(10); /* children of cancelled gathers finish */
    drain();
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    if (aw_loop_new(&loop, virtual_clock()) != AW_OK)
        return 1;
    aw_task *main_handle;
    aw_spawn_with(&main_handle, main_task, NULL,
                  &(aw_spawn_options){.name = "main"});
    int status = aw_loop_run_until_done(loop, main_handle);
    CHECK(status == AW_OK && aw_task_status(main_handle) == AW_OK);
    aw_task_release(main_handle);
    CHECK(aw_loop_run(loop) == AW_OK);
    CHECK(aw_loop_live_tasks(loop) == 0);
    CHECK(!aw_lock_locked(lock) && holders == 0);
    CHECK(aw_semaphore_value(sem) == SEM_UNITS && !aw_semaphore_locked(sem));
    CHECK(!aw_lock_locked(aw_condition_lock(cond)));
    CHECK(aw_queue_size(queue) == 0 && aw_queue_join(queue) != AW_OK); /* ESTATE: no task */
    CHECK(sent == received && sent_sum == received_sum && put == got);
    aw_printf("stress: %d workers done, children %s, %s cancelled, %s timed out; "
              "live tasks %zu; channel values sent = received: %d; queue put = got: %d; "
              "lock, semaphore and condition at rest: %d\n",
              WORKERS, children > 0 ? "spawned" : "none", cancelled > 0 ? "some" : "none",
              timed_out > 0 ? "some" : "none", aw_loop_live_tasks(loop),
              sent == received && sent_sum == received_sum, put == got,
              !aw_lock_locked(lock) && aw_semaphore_value(sem) == SEM_UNITS);
    aw_channel_free(rendezvous);
    aw_channel_free(buffered);
    aw_queue_free(queue);
    aw_event_free(event);
    aw_condition_free(cond);
    aw_semaphore_free(sem);
    aw_lock_free(lock);
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
