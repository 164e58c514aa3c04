/* What a program built by aw_wasm_executable hands its host (tests/node/wasm_install.test.mjs):
 * its arguments, and its exit status after the loop has waited on the real clock (on Emscripten
 * a wait in JavaScript, after which main finishes in a later turn of the event loop), either
 * main's return value or that of an exit() call, which also flushes the line left unfinished. */
#include <aw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sleep_then_print(void *arg, aw_value *result)
{
    (void)result;
    char **args = arg;
    int status = aw_sleep(5);
    printf("woke: %s; arguments:", aw_err_name(status));
    for (; *args; args++)
        printf(" %s", *args);
    return status;
}

int main(int argc, char **argv)
{
    (void)argc;
    if (aw_run(sleep_then_print, argv + 1, NULL) != AW_OK)
        return 1;
    if (argv[1] && strcmp(argv[1], "exit") == 0)
        exit(4);
    printf("\n");
    return 3;
}
