/* A thread running a pass again and again; see background.h. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "http/background.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct background {
	background_pass_fn *pass;
	void *arg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	volatile int stopping;
};

static void *background_main(void *arg)
{
	struct background *b = arg;
	pthread_mutex_lock(&b->lock);
	while (!b->stopping) {
		pthread_mutex_unlock(&b->lock);
		int64_t wait = b->pass(b->arg, &b->stopping);
		pthread_mutex_lock(&b->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait / 1000;
		until.tv_nsec += (long)(wait % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!b->stopping &&
		       pthread_cond_timedwait(&b->wake, &b->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

struct background *background_start(const char *what,
				    background_pass_fn *pass, void *arg)
{
	struct background *b = xcalloc(1, sizeof(*b));
	b->pass = pass;
	b->arg = arg;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->wake, NULL);
	if (pthread_create(&b->thread, NULL, background_main, b))
		FC_BUG("cannot start %s", what);
	return b;
}

void background_stop(struct background *b)
{
	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->stopping = 1;
	pthread_cond_signal(&b->wake);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	pthread_cond_destroy(&b->wake);
	pthread_mutex_destroy(&b->lock);
	free(b);
}
