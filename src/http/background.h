/* A background thread of `fulcrum serve` (webhook delivery, the BCC
 * mailbox's fetch): it runs a pass, sleeps as long as the pass asked, and
 * runs it again, until background_stop() wakes it and waits for the pass
 * under way to end. */
#ifndef FC_HTTP_BACKGROUND_H
#define FC_HTTP_BACKGROUND_H

#include <stdint.h>

/* One pass with ARG; returns how long to sleep, in milliseconds. STOPPING
 * turns non-zero when the server stops: a long pass looks at it and
 * returns early. */
typedef int64_t background_pass_fn(void *arg, volatile int *stopping);

struct background;

/* Starts the thread; WHAT names it in the message of a failed start. */
struct background *background_start(const char *what,
				    background_pass_fn *pass, void *arg);
/* Stops and joins the thread and frees B (NULL: nothing). */
void background_stop(struct background *b);

#endif
