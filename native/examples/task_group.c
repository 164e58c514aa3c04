/* A task group where one child fails: its siblings are cancelled, the group reports the error.
 * Run: ./task_group  (virtual clock: instant) */
#include <aw.h>

enum { DOWNLOAD_FAILED = AW_ERROR_USER - 1 };

typedef struct download {
    const char *url;
    int64_t milliseconds;
    bool fails;
} download;

static int fetch(void *arg, aw_value *result)
{
    const download *d = arg;
    aw_printf("%6lld ms  fetching %s\n", (long long)aw_now_ms(), d->url);
    int status = aw_sleep(d->milliseconds);
    if (status == AW_ECANCELED) {
        aw_printf("%6lld ms  %s cancelled\n", (long long)aw_now_ms(), d->url);
        return status;
    }
    if (d->fails) {
        aw_printf("%6lld ms  %s failed\n", (long long)aw_now_ms(), d->url);
        return DOWNLOAD_FAILED;
    }
    aw_printf("%6lld ms  %s done\n", (long long)aw_now_ms(), d->url);
    result->i = d->milliseconds;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static download downloads[] = {
        {"https://example.org/a", 300, false},
        {"https://example.org/b", 100, true},
        {"https://example.org/c", 500, false},
    };
    aw_group *group;
    aw_group_new(&group);
    for (size_t i = 0; i < sizeof downloads / sizeof downloads[0]; i++)
        aw_group_spawn(group, NULL, fetch, &downloads[i], NULL);
    int status = aw_group_wait(group, AW_OK);
    aw_printf("%6lld ms  group: %s\n", (long long)aw_now_ms(),
              status == DOWNLOAD_FAILED ? "a download failed" : aw_err_name(status));
    aw_group_free(group);
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
