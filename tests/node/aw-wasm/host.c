/* What a program run by aw-wasi-run sees of the host: the variables given with --env and no
 * file; and its exit status is the command's. */
#include <stdio.h>
#include <stdlib.h>

static const char *or_none(const char *value) { return value ? value : "(none)"; }

int main(int argc, char **argv)
{
    printf("argc %d, argv[1] %s\n", argc, argc > 1 ? argv[1] : "(none)");
    printf("HOME %s, GREETING %s\n", or_none(getenv("HOME")), or_none(getenv("GREETING")));
    printf("/etc/passwd %s\n", fopen("/etc/passwd", "r") ? "opened" : "cannot be opened");
    return 3;
}
