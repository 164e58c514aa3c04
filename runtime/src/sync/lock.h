/* The lock's structure, shared with the condition that wraps one. Nothing here is public. */
#ifndef AW_LOCK_H
#define AW_LOCK_H

#include "sync/sync.h"

struct aw_lock {
    aw_loop *loop;
    uint64_t id;
    bool locked;
    aw_list waiters; /* sync_waiter, FIFO */
};

void aw__lock_init(aw_lock *lock, aw_loop *loop);

#endif
