/*  peers.h: how many distinct clients have submitted lately.

    Group commit waits for the clients that are busy submitting, and only
    for them: a client answered a moment ago is about to send its next
    submission, and waiting for it fills one group instead of splitting
    the busy clients into two groups that take turns. A client is "busy"
    for PEERS_WINDOW_MS after its last submission. The count is an
    estimate (a full table forgets), used only to decide how long to wait.  */
#ifndef RAPOR_PEERS_H
#define RAPOR_PEERS_H

#include <stddef.h>
#include <stdint.h>

#define PEERS_WINDOW_MS 250

typedef struct _peers_t peers_t;

/*  NULL on out of memory.  */
peers_t *peers_new (void);
void peers_destroy (peers_t **self_p);

/*  Notes that the client `id` (its connection's routing id, as text)
    submitted at now_ms.  */
void peers_seen (peers_t *self, const char *id, int64_t now_ms);

/*  How many distinct clients submitted within the window before now_ms.  */
size_t peers_busy (const peers_t *self, int64_t now_ms);

#endif
