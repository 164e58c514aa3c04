/*
 * Task stacks: mmap'ed, lazily committed by the kernel, with a guard region (64 KiB) below each
 * unless the loop was asked for none, and kept in a bounded cache for reuse.
 */
#ifndef AW_STACK_H
#define AW_STACK_H

#include "aw.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct aw_stack {
    void *bottom;      /* lowest usable address */
    size_t size;       /* usable bytes, a multiple of the page size */
    void *guard;       /* the start of the guard region, which ends at bottom; or NULL */
} aw_stack;

typedef struct stack_pool {
    bool guard_pages;
    size_t cache_limit;
    size_t cached;
    size_t cache_capacity;
    aw_stack *cache;         /* released stacks of any size, most recent last */
    aw_stack *regions;       /* no-guard mode: regions carved into stacks */
    size_t region_count;
    char *region_next;       /* no-guard mode: the unused rest of the newest region */
    size_t region_left;
    size_t page_size;
    size_t guard_size;       /* of the region below each guarded stack: 64 KiB, whole pages */
} stack_pool;

void aw__stack_pool_init(stack_pool *pool, bool guard_pages, size_t cache_limit);
/* The rest of aw__stack_acquire and aw__stack_release below, out of line: a cached stack of
 * another size, a new mapping, a cache that is full or must grow. */
int aw__stack_acquire_slow(stack_pool *pool, size_t size, aw_stack *stack);
void aw__stack_release_slow(stack_pool *pool, aw_stack *stack);
void aw__stack_pool_free(stack_pool *pool);

static inline size_t aw__stack_round_size(const stack_pool *pool, size_t size)
{
    size_t page = pool->page_size;
    if (size < 4 * page)
        size = 4 * page;
    return (size + page - 1) & ~(page - 1);
}

/* Gives a stack of at least `size` usable bytes. Returns AW_OK or AW_ENOMEM. Inline for the
 * common case of every spawn: the stack released last (by the task before) has the size. */
static inline int aw__stack_acquire(stack_pool *pool, size_t size, aw_stack *stack)
{
    size = aw__stack_round_size(pool, size);
    if (pool->cached > 0 && pool->cache[pool->cached - 1].size == size) {
        *stack = pool->cache[--pool->cached];
        return AW_OK;
    }
    return aw__stack_acquire_slow(pool, size, stack);
}

static inline void aw__stack_release(stack_pool *pool, aw_stack *stack)
{
    if (pool->cached < pool->cache_limit && pool->cached < pool->cache_capacity)
        pool->cache[pool->cached++] = *stack;
    else
        aw__stack_release_slow(pool, stack);
}
/* True if `address` is in the guard region of `stack`. */
bool aw__stack_guard_hit(const aw_stack *stack, const void *address);

#endif
