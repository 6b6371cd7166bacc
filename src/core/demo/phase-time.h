/* CPU time of the demo's phases, printed to stderr when the environment
 * sets FULCRUM_DEMO_TIMING (docs/benchmarks.md reads them): one line per
 * phase, its CPU seconds (user + system) since the phase before. Silent
 * and nearly free otherwise. */
#ifndef FC_CORE_DEMO_PHASE_TIME_H
#define FC_CORE_DEMO_PHASE_TIME_H

struct phase_time {
	int on;
	double last;	/* CPU seconds at the end of the phase before */
};

void phase_time_start(struct phase_time *t);
/* Prints "demo: NAME S.SS s CPU" for the phase that ends now. */
void phase_time_end(struct phase_time *t, const char *name);

#endif
