/* Large frames near the end of a task's stack. Task 2 "clash" (64 KiB of stack) recurses until
 * it is <depth> KiB deep, then calls a function whose frame holds a <size> KiB buffer, either a
 * fixed local array or an alloca, and touches the buffer's lowest byte first, then its highest,
 * as code that fills a buffer from the start does. Task 3 "neighbour", spawned just after, so
 * that its stack is mapped right below the clash's, keeps a 48 KiB canary in its frame while it
 * waits on a pipe (through the loop's I/O backend, AW_IO_BACKEND) for the clash to finish.
 *
 *     stack_clash <depth KiB> <fixed|alloca> <size KiB>
 *
 * Exactly one of two things may happen (run_stack_clash_test.cmake checks which, per case):
 * the frame fits and the program prints
 *     clash: a 16 KiB fixed frame at 8 KiB deep returned
 *     neighbour: canary and name intact
 * or it does not, and the process dies by SIGABRT with only
 *     aw: stack overflow in task 2 "clash" (stack 64 KiB)
 * on stderr. A frame larger than the guard region below the stack can only be caught if the
 * code probes its frames (-fstack-clash-protection, which the aw target passes on); without,
 * the write lands in the neighbour's stack, or faults beyond it with no report. */
#include <aw.h>

#include <alloca.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { KIB = 1024, CANARY_SIZE = 48 * KIB, LEVEL_SIZE = 512 };

#define NOINLINE __attribute__((noinline))

static int fds[2]; /* the clash writes a byte to fds[1] when its frame returned */
static size_t depth_wanted;
static size_t frame_size;
static const char *frame_kind;
static int (*frame_function)(void);

/* The lowest byte first: the first store is the one farthest below the stack. */
static NOINLINE int touch(volatile char *buffer, size_t size)
{
    buffer[0] = 1;
    buffer[size - 1] = 2;
    return buffer[0] + buffer[size - 1];
}

static NOINLINE int alloca_frame(void)
{
    return touch(alloca(frame_size), frame_size);
}

/* fixed_<N>: a frame with a local array of N KiB. */
#define FIXED_FRAME(kib)                                                                          \
    static NOINLINE int fixed_##kib(void)                                                         \
    {                                                                                             \
        volatile char buffer[kib * KIB];                                                          \
        return touch(buffer, sizeof buffer);                                                      \
    }
FIXED_FRAME(16)
FIXED_FRAME(48)
FIXED_FRAME(96)
FIXED_FRAME(160)
FIXED_FRAME(1024)

static const struct {
    size_t kib;
    int (*function)(void);
} fixed_frames[] = {{16, fixed_16}, {48, fixed_48}, {96, fixed_96}, {160, fixed_160},
                    {1024, fixed_1024}};

/* Recurses in frames of about LEVEL_SIZE bytes until `top` is `depth_wanted` bytes above. */
static NOINLINE int descend(uintptr_t top)
{
    volatile char level[LEVEL_SIZE];
    level[0] = 1;
    if (top - (uintptr_t)level < depth_wanted)
        return descend(top) + level[0];
    return frame_function() + level[0];
}

static int clash(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    volatile char top;
    aw_sleep(0); /* the neighbour fills its canary first */
    descend((uintptr_t)&top);
    printf("clash: a %zu KiB %s frame at %zu KiB deep returned\n", frame_size / KIB, frame_kind,
           depth_wanted / KIB);
    fflush(stdout);
    return write(fds[1], "x", 1) == 1 ? AW_OK : AW_EIO;
}

static int neighbour(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    volatile unsigned char canary[CANARY_SIZE];
    for (size_t i = 0; i < CANARY_SIZE; i++)
        canary[i] = (unsigned char)(i * 7 + 1);
    int status = aw_wait_readable(fds[0], -1);
    if (status != AW_OK) {
        printf("neighbour: aw_wait_readable returned %s\n", aw_strerror(status));
        return status;
    }
    for (size_t i = 0; i < CANARY_SIZE; i++) {
        if (canary[i] != (unsigned char)(i * 7 + 1)) {
            printf("neighbour: canary overwritten at byte %zu\n", i);
            return AW_EINVAL;
        }
    }
    if (strcmp(aw_task_name(aw_current()), "neighbour") != 0) {
        printf("neighbour: its record was overwritten\n");
        return AW_EINVAL;
    }
    printf("neighbour: canary and name intact\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *tasks[2];
    if (aw_spawn_with(&tasks[0], clash, NULL, &(aw_spawn_options){.name = "clash"}) != AW_OK ||
        aw_spawn_with(&tasks[1], neighbour, NULL, &(aw_spawn_options){.name = "neighbour"}) !=
            AW_OK)
        return AW_ENOMEM;
    int status = AW_OK;
    for (int i = 0; i < 2; i++) {
        int task_status = aw_join(tasks[i], NULL);
        if (status == AW_OK)
            status = task_status;
    }
    return status;
}

static size_t parse_kib(const char *text)
{
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value > 4096)
        return SIZE_MAX;
    return (size_t)value * KIB;
}

int main(int argc, char **argv)
{
    if (argc == 4) {
        depth_wanted = parse_kib(argv[1]);
        frame_kind = argv[2];
        frame_size = parse_kib(argv[3]);
        if (strcmp(frame_kind, "alloca") == 0 && frame_size != SIZE_MAX)
            frame_function = alloca_frame;
        for (size_t i = 0; i < sizeof fixed_frames / sizeof fixed_frames[0]; i++) {
            if (strcmp(frame_kind, "fixed") == 0 && fixed_frames[i].kib * KIB == frame_size)
                frame_function = fixed_frames[i].function;
        }
    }
    if (frame_function == NULL || depth_wanted == SIZE_MAX || frame_size == 0) {
        fprintf(stderr, "usage: stack_clash <depth KiB> <fixed|alloca> <size KiB>\n"
                        "  fixed sizes: 16 48 96 160 1024; alloca: 1 to 4096\n");
        return 2;
    }
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    int status = aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    if (status != AW_OK)
        printf("aw_run_with: %s\n", aw_strerror(status));
    return status == AW_OK ? 0 : 1;
}
