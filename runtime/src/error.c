/* Names and messages of status codes. */
#include "aw.h"

#include <stddef.h>

static const struct {
    int status;
    const char *name;
    const char *message;
} statuses[] = {
    {AW_OK, "AW_OK", "success"},
    {AW_ECANCELED, "AW_ECANCELED", "operation cancelled"},
    {AW_ETIMEDOUT, "AW_ETIMEDOUT", "timed out"},
    {AW_ENOMEM, "AW_ENOMEM", "out of memory"},
    {AW_EINVAL, "AW_EINVAL", "invalid argument"},
    {AW_ESTATE, "AW_ESTATE", "not valid in the current state"},
    {AW_EDEADLOCK, "AW_EDEADLOCK", "deadlock: nothing can wake the waiting tasks"},
    {AW_ECLOSED, "AW_ECLOSED", "closed"},
    {AW_ENOTSUP, "AW_ENOTSUP", "not supported on this target"},
};

static size_t find(int status)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (statuses[i].status == status)
            return i;
    return SIZE_MAX;
}

const char *aw_strerror(int status)
{
    size_t i = find(status);
    if (i != SIZE_MAX)
        return statuses[i].message;
    return status <= AW_ERROR_USER ? "application error" : "unknown error";
}

const char *aw_err_name(int status)
{
    size_t i = find(status);
    if (i != SIZE_MAX)
        return statuses[i].name;
    return status <= AW_ERROR_USER ? "AW_ERROR_USER" : "AW_EUNKNOWN";
}
