/* Names and messages of status codes. */
#include "aw.h"
#include "base/compiler.h"
#include "base/error.h"

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
    {AW_EAGAIN, "AW_EAGAIN", "operation would have to wait"},
    {AW_EBROKEN, "AW_EBROKEN", "the barrier is broken"},
    {AW_ECONNRESET, "AW_ECONNRESET", "connection reset by peer"},
    {AW_ECONNREFUSED, "AW_ECONNREFUSED", "connection refused"},
    {AW_EPIPE, "AW_EPIPE", "broken pipe: the peer closed the connection"},
    {AW_EADDRINUSE, "AW_EADDRINUSE", "address already in use"},
    {AW_EMFILE, "AW_EMFILE", "too many open files"},
    {AW_ENOTFOUND, "AW_ENOTFOUND", "host name not found"},
    {AW_EIO, "AW_EIO", "input/output error"},
    {AW_EACCES, "AW_EACCES", "permission denied"},
    {AW_ENOENT, "AW_ENOENT", "no such file or directory"},
    {AW_ENAMETOOLONG, "AW_ENAMETOOLONG", "path too long for a Unix socket address"},
    {AW_EMSGSIZE, "AW_EMSGSIZE", "message too long: datagram too large or truncated"},
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

#include <errno.h>

#if defined(__wasm__)

/* WASI's fd calls have errno values too, but the API promises 0 here. */
int aw_last_os_error(void) { return 0; }
static void record_os_error(int error) { (void)error; }

#else

static AW_THREAD_LOCAL int last_os_error;

int aw_last_os_error(void) { return last_os_error; }
static void record_os_error(int error) { last_os_error = error; }

#endif

int aw__status_from_errno(int error)
{
    if (error != 0)
        record_os_error(error);
    switch (error) {
    case 0: return AW_OK;
    case ENOMEM: case ENOBUFS: return AW_ENOMEM;
    case EINVAL: case EBADF: case ENOTSOCK: return AW_EINVAL;
    case ECONNRESET: case ECONNABORTED: return AW_ECONNRESET;
    case ECONNREFUSED: return AW_ECONNREFUSED;
    case EPIPE: return AW_EPIPE;
    case EADDRINUSE: return AW_EADDRINUSE;
    case EMFILE: case ENFILE: return AW_EMFILE;
    case ETIMEDOUT: return AW_ETIMEDOUT;
    case EACCES: return AW_EACCES;
    case EPERM: case EOPNOTSUPP: return AW_ENOTSUP;
    case ENOENT: return AW_ENOENT;
    case ENAMETOOLONG: return AW_ENAMETOOLONG;
    case EMSGSIZE: return AW_EMSGSIZE;
    case EAGAIN: return AW_EAGAIN;
    default: return AW_EIO;
    }
}
