/* The task dump: every live task, its state and where it is suspended. Written with write(2)
 * and hand-rolled formatting only, so that the SIGQUIT handler may call it. */
#include "base/list.h"
#include "core/task.h"

#include <string.h>
#include <unistd.h>

typedef struct line_buffer {
    char text[512];
    size_t length;
} line_buffer;

static void put(line_buffer *line, const char *text)
{
    if (text == NULL)
        text = "?";
    while (*text != '\0' && line->length < sizeof line->text - 1)
        line->text[line->length++] = *text++;
}

static void put_number(line_buffer *line, uint64_t number)
{
    char digits[24];
    size_t count = 0;
    do {
        digits[count++] = (char)('0' + number % 10);
        number /= 10;
    } while (number != 0);
    while (count > 0 && line->length < sizeof line->text - 1)
        line->text[line->length++] = digits[--count];
}

static const char *state_name(uint8_t state)
{
    switch ((aw_task_state)state) {
    case AW_TASK_READY: return "ready";
    case AW_TASK_RUNNING: return "running";
    case AW_TASK_WAITING: return "waiting";
    case AW_TASK_DONE: return "done";
    }
    return "?";
}

static void put_wait(line_buffer *line, const aw_task *task)
{
    if (task->wait == AW_WAIT_NONE)
        return;
    if (task->wait == AW_WAIT_READY) {
        put(line, " (yielded)");
        return;
    }
    put(line, " on ");
    put(line, aw_wait_kind_name(task->wait));
    put(line, " ");
    put_number(line, task->wait_object);
    if (task->wait == AW_WAIT_TIMER) {
        put(line, " until ");
        put_number(line, (uint64_t)task->wait_deadline / 1000000);
        put(line, " ms");
    }
}

void aw_loop_dump(const aw_loop *loop, int fd)
{
    if (loop == NULL)
        return;
    line_buffer line = {.length = 0};
    put(&line, "aw: ");
    put_number(&line, loop->live_tasks);
    put(&line, " live task(s), iteration ");
    put_number(&line, loop->iteration);
    put(&line, ", clock ");
    put_number(&line, (uint64_t)loop->now / 1000000);
    put(&line, " ms\n");
    (void)!write(fd, line.text, line.length);
    AW_LIST_FOR_EACH(node, &loop->tasks) {
        const aw_task *task = AW_CONTAINER_OF(node, const aw_task, live_node);
        if (task->state == AW_TASK_DONE)
            continue;
        line.length = 0;
        put(&line, "  task ");
        put_number(&line, task->id);
        put(&line, " \"");
        put(&line, aw__task_name(task));
        put(&line, "\" ");
        put(&line, task->started ? state_name(task->state) : "not started");
        put_wait(&line, task);
        if (task->state != AW_TASK_RUNNING && task->started && task->site.file != NULL) {
            put(&line, " at ");
            put(&line, task->site.file);
            put(&line, ":");
            put_number(&line, (uint64_t)task->site.line);
            put(&line, " in ");
            put(&line, task->site.function);
        }
        put(&line, "\n");
        (void)!write(fd, line.text, line.length);
    }
}
