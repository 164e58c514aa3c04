/* The one intrusive doubly linked list: a node embedded in each member, a head holding the two
 * ends. Members are found from their node with AW_CONTAINER_OF; nothing is allocated. Inline:
 * a future's waiter list is on the path of every wait. Nothing here is public. */
#ifndef AW_BASE_LIST_H
#define AW_BASE_LIST_H

#include "base/compiler.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct aw_list_node {
    struct aw_list_node *prev, *next; /* both NULL when the node is in no list */
} aw_list_node;

typedef struct aw_list {
    aw_list_node *first, *last;
} aw_list;

static inline void aw__list_init(aw_list *list) { list->first = list->last = NULL; }

static inline bool aw__list_is_empty(const aw_list *list) { return list->first == NULL; }

static inline void aw__list_push_back(aw_list *list, aw_list_node *node)
{
    node->next = NULL;
    node->prev = list->last;
    if (list->last != NULL)
        list->last->next = node;
    else
        list->first = node;
    list->last = node;
}

/* `node` must be in `list`. */
static inline void aw__list_remove(aw_list *list, aw_list_node *node)
{
    if (node->prev != NULL)
        node->prev->next = node->next;
    else
        list->first = node->next;
    if (node->next != NULL)
        node->next->prev = node->prev;
    else
        list->last = node->prev;
    node->prev = node->next = NULL;
}

/* Whether `node`, once pushed on `list`, is still in it (a removed node has no links). */
static inline bool aw__list_contains(const aw_list *list, const aw_list_node *node)
{
    return node->prev != NULL || list->first == node;
}

/* Removes `node` from the list it was pushed on if it is still there; a no-op otherwise. */
static inline void aw__list_remove_if_present(aw_list *list, aw_list_node *node)
{
    if (aw__list_contains(list, node))
        aw__list_remove(list, node);
}

/* The first node, unlinked; NULL if the list is empty. */
static inline aw_list_node *aw__list_pop_front(aw_list *list)
{
    aw_list_node *node = list->first;
    if (node != NULL)
        aw__list_remove(list, node);
    return node;
}

static inline void *aw__list_entry(aw_list_node *node, size_t offset)
{
    return node != NULL ? (char *)node - offset : NULL;
}

/* The member of type `type` whose `member` is `node` (evaluated once), or NULL for NULL. */
#define AW_LIST_ENTRY(node, type, member) ((type *)aw__list_entry((node), offsetof(type, member)))

/* Visits every node from first to last; the body must not unlink `node` (read node->next
 * first, or pop, to do that). */
#define AW_LIST_FOR_EACH(node, list)                                                             \
    for (aw_list_node *node = (list)->first; node != NULL; node = node->next)

#endif
