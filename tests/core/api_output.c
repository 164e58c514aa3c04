/* aw_printf and aw_write_output: they return the number of bytes written, handle output longer
 * than aw_printf's internal buffer, write exactly the size given, work without a loop, and report
 * AW_EINVAL for NULL data with a size. */
#include "common/check.h"

#include <string.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    char long_line[2001];
    memset(long_line, 'x', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    int written = aw_printf("%s\n", long_line);
    aw_printf("long line: %d bytes\n", written);
    written = aw_write_output("abc\ndef", 4);
    aw_printf("first 4 bytes of 7: %d bytes\n", written);
    aw_printf("empty: %d bytes\n", aw_printf("%s", ""));
    return AW_OK;
}

int main(void)
{
    int written = aw_printf("no loop: %d + %d\n", 2, 3);
    aw_printf("%d bytes\n", written);
    show("write_output(NULL, 0)", aw_write_output(NULL, 0));
    show("write_output(NULL, 1)", aw_write_output(NULL, 1));
    return run_test(main_task, NULL);
}
