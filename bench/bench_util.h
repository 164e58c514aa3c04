/* Timing, medians and reporting shared by the core benchmarks. They print; they never fail. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BENCH_RUNS = 5 };

/* Runs per measurement: BENCH_RUNS, or 1 in quick mode (bench/run --quick only checks that
 * every benchmark runs and prints its numbers). */
static int bench_runs = BENCH_RUNS;

static inline double bench_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1e9 + (double)now.tv_nsec;
}

static inline int bench_compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double bench_median(const double *values, int count)
{
    double sorted[64];
    memcpy(sorted, values, (size_t)count * sizeof *values);
    qsort(sorted, (size_t)count, sizeof *sorted, bench_compare);
    return count % 2 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

/* "12.3 [11.9 12.1 12.3 13.0 14.2]": the median, then every run in order. */
static inline void bench_print_runs(const char *label, const double *values, int count,
                                    const char *unit)
{
    printf("  %-36s %9.2f %-6s  runs:", label, bench_median(values, count), unit);
    for (int i = 0; i < count; i++)
        printf(" %.2f", values[i]);
    printf("\n");
}

static inline void bench_target(const char *what, double value, double limit, const char *unit)
{
    printf("  target %-29s %9.2f %-6s  <= %.2f: %s\n", what, value, unit, limit,
           value <= limit ? "met" : "MISSED");
}

/* Resident set size in KiB, from /proc/self/status (0 where there is none). */
static inline long bench_rss_kib(void)
{
    FILE *file = fopen("/proc/self/status", "r");
    if (file == NULL)
        return 0;
    char line[256];
    long kib = 0;
    while (fgets(line, sizeof line, file) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    fclose(file);
    return kib;
}

#endif
