/* The checks of the tests/net programs: a failure prints its line to stderr and counts, and
 * the program exits 1 if any failed (check_failures). Safe from any thread. */
#ifndef AW_NET_CHECK_H
#define AW_NET_CHECK_H

#include <aw.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_int check_failures;

static inline void check_failed(int line, const char *what, int got, int expected)
{
    atomic_fetch_add(&check_failures, 1);
    if (got == expected)
        fprintf(stderr, "FAILED line %d: %s\n", line, what);
    else
        fprintf(stderr, "FAILED line %d: %s = %s, expected %s\n", line, what, aw_err_name(got),
                aw_err_name(expected));
}

#define CHECK(c) ((c) ? (void)0 : check_failed(__LINE__, #c, 0, 0))
#define CHECK_STATUS(call, expected)                                                        \
    do {                                                                                    \
        int got_ = (call);                                                                  \
        if (got_ != (expected))                                                             \
            check_failed(__LINE__, #call, got_, (expected));                                \
    } while (0)

/* The backend AW_IO_BACKEND names ("default" without it): these programs run once per backend. */
static inline const char *check_backend_name(void)
{
    const char *backend = getenv("AW_IO_BACKEND");
    return backend != NULL ? backend : "default";
}

/* Checks that the running loop uses the backend AW_IO_BACKEND names. */
static inline void check_backend(void)
{
    if (getenv("AW_IO_BACKEND") != NULL)
        CHECK(strcmp(aw_loop_io_backend(aw_loop_current()), check_backend_name()) == 0);
}

/* Prints "<program> (<backend>): all checks passed" if none failed; the exit status. */
static inline int check_report(const char *program)
{
    if (check_failures == 0)
        printf("%s (%s): all checks passed\n", program, check_backend_name());
    return check_failures == 0 ? 0 : 1;
}

#endif
