/* What the aw-echo test programs share (echo_test.c, echo_faults.c): starting the real server
 * on an ephemeral loopback port and stopping it, reading its fds, RSS and log from /proc, and
 * blocking loopback clients with bounded waits. */
#ifndef ECHO_HARNESS_H
#define ECHO_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>

/* From the command line: echo_test AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT]. */
extern const char *server_path, *backend, *client_path;
extern int failures;

#define CHECK(c) ((c) ? (void)0 : (void)(failures++, fprintf(stderr, "FAILED line %d: %s\n", __LINE__, #c)))
#define REQUIRE(c) do { if (!(c)) { fprintf(stderr, "FAILED line %d: %s\n", __LINE__, #c); exit(1); } } while (0)

typedef struct server {
    pid_t pid;
    int port;
    char log_path[64]; /* its stderr */
} server;

int64_t now_ms(void);
void sleep_ms(int ms);
/* Starts aw-echo with the given extra arguments (NULL-terminated) and, if nofile > 0, that
 * RLIMIT_NOFILE. It must say it listens on the --host given (default 127.0.0.1). */
server start_server(rlim_t nofile, ...);
/* Waits for the server to exit, at most timeout_ms (then kills it and returns -1); returns its
 * exit status, or 128 + the signal that ended it. */
int wait_for_exit(server *s, int timeout_ms);
/* Sends `signal_number` and expects exit status 0 within 5 s. */
void stop_server(server *s, int signal_number);
char *read_log(const server *s);
int count_occurrences(const char *text, const char *what);
int count_fds(pid_t pid);
long rss_kb(pid_t pid);
/* Waits until the server's fd count is `expected`, at most 3 s; returns the last count. */
int wait_for_fds(pid_t pid, int expected);
/* A blocking socket connecting to a numeric loopback address (IPv4 or IPv6), with 5 s send
 * and receive timeouts; *error receives 0 or connect's errno. */
int try_connect(const char *host, int port, int *error);
int connect_to_host(const char *host, int port);
int connect_to(int port);
/* The error of connecting to host:port (0: connected). Connecting to a loopback port nobody
 * listens on can meet itself, when the kernel picks that very port as the source port (TCP's
 * simultaneous open): such an attempt says nothing about a listener and is made again. */
int connect_error(const char *host, int port);
bool send_all(int fd, const void *data, size_t size);
/* Reads exactly `size` bytes within timeout_ms; returns how many arrived. */
size_t recv_exact(int fd, void *buffer, size_t size, int timeout_ms);
/* 0: EOF, -errno: error, -1000: timeout, else bytes (unexpected data). */
int wait_for_eof(int fd, int timeout_ms);
bool echo_once(int fd, const char *text);
unsigned char pattern(size_t i);
/* Sends data in pieces of at most `piece` bytes while reading the echo, polled, so neither
 * side's buffers can deadlock; half-closes after the last byte if asked. Returns true if the
 * echo is exact. */
bool exchange(int fd, const unsigned char *data, size_t size, size_t piece, bool half_close);
void reset_connection(int fd);
void raise_own_fd_limit(rlim_t wanted);

typedef struct scenario {
    const char *name;
    void (*run)(void);
} scenario;

/* The main of a test program: echo_test AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT] runs the
 * scenario of that name, within 90 s, and prints "<name> (<backend>): passed" if no check
 * failed. Returns the exit status (2 for a bad command line). */
int run_scenario(int argc, char **argv, const scenario *scenarios, size_t count);

#endif
