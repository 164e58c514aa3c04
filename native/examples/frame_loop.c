/* aw driven by a game's frame loop, which must never block for longer than a frame (16 ms)
 * (docs/embedding.md). Each frame reads the input, gives aw one turn
 * (aw_loop_try_run_iteration: one loop iteration at most, and never a wait), draws, and waits
 * for the next frame. The tasks
 * load assets on timers, animate one step per frame, react to a key the frame loop delivers
 * through a queue, and hold a 60 s autosave timer that no frame ever waits for.
 * Frames here are 16 ms of the virtual clock, and aw_blocking_sleep(16) stands for the wait for
 * the display's next frame, so every run prints the same frames; a game uses the monotonic
 * clock and its own frame wait, and the loop body stays the same. The frame loop checks what
 * "never blocks" means: the loop's clock does not move inside aw_loop_try_run_iteration, and
 * each call runs at most one iteration.
 * Run: ./frame_loop  (instant; also built for WASI and Emscripten by tests/wasm) */
#include <aw.h>

#include <stdio.h>

enum { FRAME_MS = 16, KEY_FRAME = 9, QUIT_FRAME = 14 };

static int frame; /* the frame being run: what the tasks print */

static int loader(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const char *const assets[] = {"map", "sprites", "music"};
    for (int i = 0; i < 3; i++) {
        int status = aw_sleep(40); /* stands for reading a file */
        if (status != AW_OK)
            return status;
        aw_printf("frame %d: loaded %s\n", frame, assets[i]);
    }
    return AW_OK;
}

static int animation(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (int step = 0; step < 3; step++) {
        aw_printf("frame %d: animation step %d\n", frame, step);
        int status = aw_yield(); /* the next step in the next iteration: the next frame */
        if (status != AW_OK)
            return status;
    }
    return AW_OK;
}

static int input(void *arg, aw_value *result)
{
    (void)result;
    aw_value key;
    int status;
    while ((status = aw_queue_get(arg, &key)) == AW_OK)
        aw_printf("frame %d: key '%c'\n", frame, (char)key.i);
    return status;
}

static int autosave(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int status = aw_sleep(60000);
    aw_printf("frame %d: autosave %s\n", frame, status == AW_OK ? "ran" : "cancelled");
    return status;
}

/* One turn of aw inside a frame. Returns 0 when it kept the frame's rules. */
static int run_aw(aw_loop *loop)
{
    int64_t now = aw_loop_now_ns(loop);
    uint64_t iteration = aw_loop_iteration(loop);
    int ran = aw_loop_try_run_iteration(loop); /* 1, 0, or AW_EAGAIN: nothing due yet */
    if (ran < 0 && ran != AW_EAGAIN)
        return 1;
    if (aw_loop_now_ns(loop) != now || aw_loop_iteration(loop) - iteration > 1) {
        printf("frame %d: aw waited or ran more than one iteration\n", frame);
        return 1;
    }
    return 0;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    aw_loop *loop;
    aw_queue *keys;
    aw_task *tasks[4];
    if (aw_loop_new(&loop, &options) != AW_OK || aw_queue_new(&keys, 8) != AW_OK)
        return 1;
    aw_spawn(&tasks[0], loader, NULL);
    aw_spawn(&tasks[1], animation, NULL);
    aw_spawn(&tasks[2], input, keys);
    aw_spawn(&tasks[3], autosave, NULL);

    int failures = 0;
    for (frame = 0; frame <= QUIT_FRAME; frame++) {
        if (frame == KEY_FRAME) /* the input of this frame */
            aw_queue_try_put(keys, AW_INT(' '));
        if (frame == QUIT_FRAME) { /* the player quits: everything still running stops */
            aw_printf("frame %d: quit\n", frame);
            for (int i = 0; i < 4; i++)
                aw_cancel(tasks[i]);
        }
        failures += run_aw(loop);
        /* draw the frame here */
        aw_blocking_sleep(FRAME_MS); /* stands for the wait for the next frame */
    }
    /* The cancelled tasks ran their cancellation in the quit frame's turn. */
    printf("after %d frames: %zu tasks left, loop iteration %llu\n", frame,
           aw_loop_live_tasks(loop), (unsigned long long)aw_loop_iteration(loop));
    for (int i = 0; i < 4; i++)
        aw_task_unref(tasks[i]);
    aw_queue_free(keys);
    aw_loop_free(loop);
    return failures == 0 ? 0 : 1;
}
