/* The checks of the tests/net programs: a failure prints its line to stderr and counts, and
 * the program exits 1 if any failed (check_failures). Safe from any thread. */
#ifndef AW_NET_CHECK_H
#define AW_NET_CHECK_H

#include <aw.h>

#include <stdatomic.h>
#include <stdio.h>

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

#endif
