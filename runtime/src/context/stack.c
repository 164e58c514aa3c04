/*
 * Task stacks.
 *
 * With guard pages (the default) every stack is its own mapping whose lowest 64 KiB (one page if
 * pages are larger) are inaccessible, so an overflow faults there (signals.c names the task).
 * That costs two kernel mappings per stack, and address space only for the guard, which is never
 * committed. A region rather than a page: a frame of up to 64 KiB that starts on the stack lands
 * in it even in code built without stack clash probing, and 64 KiB is the guard that gcc's
 * probing assumes on aarch64 (x86-64 probes every 4 KiB).
 *
 * Without guard pages, stacks are carved one after another from 4 MiB regions, which the kernel
 * merges into few mappings, so a million tasks fit under the default vm.max_map_count; nothing
 * then separates one stack from the next, and an overflow writes into the stack below. Either
 * way pages are committed only when touched (MAP_NORESERVE).
 *
 * Released stacks are kept for reuse up to the cache limit (their touched pages stay resident,
 * which is what makes spawn cheap); beyond it a guarded stack is unmapped and a carved one has
 * its pages given back with madvise and waits on the free list for the next spawn.
 */
#include "context/stack.h"
#include "aw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__wasm__)
/* No mmap, no guard pages: stacks are plain heap blocks. */
#define STACK_USE_MALLOC 1
#else
#include <sys/mman.h>
#include <unistd.h>
#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif
#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON
#endif
#endif

enum { REGION_SIZE = 4 << 20, GUARD_SIZE = 64 * 1024 };

void aw__stack_pool_init(stack_pool *pool, bool guard_pages, size_t cache_limit)
{
    memset(pool, 0, sizeof *pool);
#if defined(STACK_USE_MALLOC)
    (void)guard_pages;
    pool->page_size = 16;
    pool->guard_pages = false;
#else
    pool->page_size = (size_t)sysconf(_SC_PAGESIZE);
    pool->guard_pages = guard_pages;
    pool->guard_size = (GUARD_SIZE + pool->page_size - 1) & ~(pool->page_size - 1);
#endif
    pool->cache_limit = cache_limit;
}

static bool take_cached(stack_pool *pool, size_t size, aw_stack *stack)
{
    for (size_t i = pool->cached; i-- > 0;) {
        if (pool->cache[i].size == size) {
            *stack = pool->cache[i];
            pool->cache[i] = pool->cache[--pool->cached];
            return true;
        }
    }
    return false;
}

#if defined(STACK_USE_MALLOC)
static int map_stack(stack_pool *pool, size_t size, aw_stack *stack)
{
    (void)pool;
    void *memory = malloc(size);
    if (memory == NULL)
        return AW_ENOMEM;
    stack->bottom = memory;
    stack->size = size;
    stack->guard = NULL;
    return AW_OK;
}

static void unmap_stack(stack_pool *pool, aw_stack *stack)
{
    (void)pool;
    free(stack->bottom);
}
#else
static void *map_pages(size_t size, int protection)
{
    void *memory = mmap(NULL, size, protection, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return memory == MAP_FAILED ? NULL : memory;
}

/* The whole range is reserved inaccessible and only the stack above the guard is opened, so
 * that even strict overcommit accounting (vm.overcommit_memory=2) never charges the guard. */
static int map_guarded(stack_pool *pool, size_t size, aw_stack *stack)
{
    size_t guard = pool->guard_size;
    char *memory = map_pages(guard + size, PROT_NONE);
    if (memory == NULL)
        return AW_ENOMEM;
    if (mprotect(memory + guard, size, PROT_READ | PROT_WRITE) != 0) {
        /* ENOMEM here means the process ran out of mappings (vm.max_map_count). */
        munmap(memory, guard + size);
        return AW_ENOMEM;
    }
    stack->guard = memory;
    stack->bottom = memory + guard;
    stack->size = size;
    return AW_OK;
}

static int carve_from_region(stack_pool *pool, size_t size, aw_stack *stack)
{
    if (pool->region_left < size) {
        size_t region_size = size > REGION_SIZE ? size : REGION_SIZE;
        aw_stack *regions = realloc(pool->regions, (pool->region_count + 1) * sizeof *regions);
        if (regions == NULL)
            return AW_ENOMEM;
        pool->regions = regions;
        char *region = map_pages(region_size, PROT_READ | PROT_WRITE);
        if (region == NULL)
            return AW_ENOMEM;
        regions[pool->region_count++] = (aw_stack){.bottom = region, .size = region_size};
        pool->region_next = region;
        pool->region_left = region_size;
    }
    stack->bottom = pool->region_next;
    stack->size = size;
    stack->guard = NULL;
    pool->region_next += size;
    pool->region_left -= size;
    return AW_OK;
}

static int map_stack(stack_pool *pool, size_t size, aw_stack *stack)
{
    return pool->guard_pages ? map_guarded(pool, size, stack)
                             : carve_from_region(pool, size, stack);
}

static void unmap_stack(stack_pool *pool, aw_stack *stack)
{
    munmap(stack->guard, pool->guard_size + stack->size);
}
#endif

int aw__stack_acquire_slow(stack_pool *pool, size_t size, aw_stack *stack)
{
    if (take_cached(pool, size, stack))
        return AW_OK;
    return map_stack(pool, size, stack);
}

static bool grow_cache(stack_pool *pool)
{
    size_t capacity = pool->cache_capacity ? pool->cache_capacity * 2 : 16;
    aw_stack *cache = realloc(pool->cache, capacity * sizeof *cache);
    if (cache == NULL)
        return false;
    pool->cache = cache;
    pool->cache_capacity = capacity;
    return true;
}

void aw__stack_release_slow(stack_pool *pool, aw_stack *stack)
{
    bool carved = !pool->guard_pages;
#if defined(STACK_USE_MALLOC)
    carved = false;
#endif
    if (pool->cached >= pool->cache_limit && !carved) {
        unmap_stack(pool, stack);
        return;
    }
    if (pool->cached == pool->cache_capacity && !grow_cache(pool)) {
        if (!carved)
            unmap_stack(pool, stack);
        return; /* a carved stack is lost until the loop frees its region */
    }
#if !defined(STACK_USE_MALLOC)
    if (carved && pool->cached >= pool->cache_limit)
        madvise(stack->bottom, stack->size, MADV_DONTNEED);
#endif
    pool->cache[pool->cached++] = *stack;
}

void aw__stack_pool_free(stack_pool *pool)
{
#if defined(STACK_USE_MALLOC)
    for (size_t i = 0; i < pool->cached; i++)
        unmap_stack(pool, &pool->cache[i]);
#else
    if (pool->guard_pages) {
        for (size_t i = 0; i < pool->cached; i++)
            unmap_stack(pool, &pool->cache[i]);
    }
    for (size_t i = 0; i < pool->region_count; i++)
        munmap(pool->regions[i].bottom, pool->regions[i].size);
#endif
    free(pool->cache);
    free(pool->regions);
    memset(pool, 0, sizeof *pool);
}

bool aw__stack_guard_hit(const aw_stack *stack, const void *address)
{
    const char *a = address;
    return stack->guard != NULL && a >= (const char *)stack->guard && a < (const char *)stack->bottom;
}
