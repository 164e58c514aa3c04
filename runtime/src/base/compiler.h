/* Compiler conveniences every layer uses. Nothing here is public. */
#ifndef AW_BASE_COMPILER_H
#define AW_BASE_COMPILER_H

#include <stddef.h>

#if defined(__wasm__)
#define AW_THREAD_LOCAL /* single-threaded target */
#else
/* initial-exec: a thread-local read is one load from the thread pointer, also in libaw.so
 * (the default model for shared code calls __tls_get_addr on every access). The runtime's
 * few bytes fit the static TLS space glibc keeps even for libraries loaded with dlopen. */
#define AW_THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
#endif

#define AW_CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

#endif
