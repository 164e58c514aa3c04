/*
 * Unix domain stream sockets: only the address is theirs. The socket is a real_socket (net.c)
 * like a TCP one, so accept, read, write, shutdown, close and reset are the same code, and
 * connect is net.c's aw__real_connect with a sockaddr_un.
 *
 * A path names a file, which outlives the process that bound it: a server killed without
 * closing its listener leaves a socket file that makes the next bind fail with EADDRINUSE.
 * listen therefore removes a socket file that nobody accepts on (a probe connect is refused),
 * and never anything else: a live listener's path, or a file that is not a socket, stays and
 * the call returns AW_EADDRINUSE. Closing the listener removes the file it made, unless
 * another one has replaced it meanwhile. Linux's abstract names ("@name") have no file.
 */
#include "base/error.h"
#include "core/loop.h"
#include "net/net.h"

#if defined(__wasm__)

int aw_unix_listen(aw_socket **listener, const char *path, int backlog)
{
    (void)listener, (void)path, (void)backlog;
    return AW_ENOTSUP;
}

int aw_unix_connect(aw_socket **connection, const char *path, int64_t ms)
{
    (void)connection, (void)path, (void)ms;
    return AW_ENOTSUP;
}

#else

#include "net/real.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* The socket file a listener bound: removed when it closes, if it is still that file. */
struct unix_file {
    dev_t device;
    ino_t inode;
    char path[];
};

typedef struct unix_address {
    struct sockaddr_un address;
    socklen_t length;
    bool abstract; /* "@name" on Linux: no file */
} unix_address;

static int make_address(const char *path, unix_address *out)
{
    if (path == NULL || path[0] == '\0')
        return AW_EINVAL;
    size_t length = strlen(path);
    *out = (unix_address){.address = {.sun_family = AF_UNIX}};
#if defined(__linux__)
    if (path[0] == '@') { /* the '@' becomes the leading NUL of an abstract name */
        if (length > sizeof out->address.sun_path)
            return AW_ENAMETOOLONG;
        memcpy(out->address.sun_path + 1, path + 1, length - 1);
        out->length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length);
        out->abstract = true;
        return AW_OK;
    }
#endif
    if (length >= sizeof out->address.sun_path) /* the terminating NUL must fit */
        return AW_ENAMETOOLONG;
    memcpy(out->address.sun_path, path, length + 1);
    out->length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length + 1);
    return AW_OK;
}

/* True if `path` is a socket file nobody listens on (a connect is refused): it is removed. */
static bool remove_stale(const unix_address *address)
{
    struct stat file;
    if (lstat(address->address.sun_path, &file) != 0 || !S_ISSOCK(file.st_mode))
        return false;
    int probe = aw__real_socket(AF_UNIX, SOCK_STREAM);
    if (probe < 0)
        return false;
    bool stale = connect(probe, (const struct sockaddr *)&address->address, address->length) != 0 &&
                 errno == ECONNREFUSED;
    close(probe);
    return stale && unlink(address->address.sun_path) == 0;
}

static int bind_and_listen(int fd, const unix_address *address, int backlog)
{
    const struct sockaddr *name = (const struct sockaddr *)&address->address;
    if (bind(fd, name, address->length) != 0) {
        int error = errno;
        if (error != EADDRINUSE || address->abstract || !remove_stale(address))
            return aw__status_from_errno(error);
        if (bind(fd, name, address->length) != 0) /* another listener took it meanwhile */
            return aw__status_from_errno(errno);
    }
    if (listen(fd, backlog > 0 ? backlog : SOMAXCONN) != 0)
        return aw__status_from_errno(errno);
    return AW_OK;
}

/* The record of the file just bound at `path`, or NULL (out of memory). */
static struct unix_file *record_file(const char *path)
{
    size_t size = strlen(path) + 1;
    struct unix_file *file = malloc(sizeof *file + size);
    struct stat status;
    if (file == NULL || stat(path, &status) != 0) {
        free(file);
        return NULL;
    }
    file->device = status.st_dev;
    file->inode = status.st_ino;
    memcpy(file->path, path, size);
    return file;
}

void aw__unix_file_remove(struct unix_file *file)
{
    struct stat status;
    if (stat(file->path, &status) == 0 && status.st_dev == file->device &&
        status.st_ino == file->inode)
        unlink(file->path);
    free(file);
}

int aw_unix_listen(aw_socket **out, const char *path, int backlog)
{
    unix_address address;
    int status = out == NULL ? AW_EINVAL : make_address(path, &address);
    if (status != AW_OK)
        return status;
    int fd = aw__real_socket(AF_UNIX, SOCK_STREAM);
    if (fd < 0)
        return aw__status_from_errno(errno);
    status = bind_and_listen(fd, &address, backlog);
    struct unix_file *file = NULL;
    if (status == AW_OK && !address.abstract && (file = record_file(path)) == NULL) {
        unlink(path);
        status = AW_ENOMEM;
    }
    if (status != AW_OK) {
        close(fd);
        return status;
    }
    status = aw__real_wrap(fd, out);
    if (status == AW_OK)
        ((real_socket *)*out)->file = file;
    else if (file != NULL)
        aw__unix_file_remove(file);
    return status;
}

int aw_unix_connect(aw_socket **out, const char *path, int64_t ms)
{
    unix_address address;
    int status = out == NULL ? AW_EINVAL : make_address(path, &address);
    if (status != AW_OK)
        return status;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    int fd = aw__real_socket(AF_UNIX, SOCK_STREAM);
    if (fd < 0)
        return aw__status_from_errno(errno);
    status = aw__real_connect(fd, (const struct sockaddr *)&address.address, address.length,
                              aw__deadline_after(ms));
    if (status != AW_OK) {
        close(fd);
        return status;
    }
    return aw__real_wrap(fd, out);
}

#endif
