/* The learned forecast model (docs/reports.md, "The learned model"): from
 * the deals seen open at past snapshot dates, each in a step and an age in
 * that step, and what followed (won, lost or disqualified in the k-th
 * month after, or still open when the history read ends: censored), the
 * monthly hazards of winning and of closing otherwise per step, age band
 * and month ahead, shrunk towards the step's and the team's, with an
 * owner's effect on winning where their deals say enough. Only
 * forecast.c uses it. */
#ifndef FC_CORE_REPORT_FORECAST_MODEL_H
#define FC_CORE_REPORT_FORECAST_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define FM_HORIZON 12	/* months ahead a deal's chances are spread over */
#define FM_BANDS 5	/* ages in step: <7, <14, <30, <60, >=60 days */

enum fm_outcome { FM_OPEN, FM_WON, FM_LOST };

struct fm_owner;

struct fm {
	size_t nsteps;
	int64_t *n, *w, *l;	/* at risk, won, lost: [step][band][k] */
	double *hw, *hl;	/* fitted hazards, same shape */
	struct fm_owner *owners;
	size_t nowners, alloc;
	double k;		/* strength of every shrinkage */
};

/* The age band of AGE days in a step. */
int fm_band(int64_t age);
void fm_init(struct fm *m, size_t nsteps, double k);
void fm_free(struct fm *m);
/* A deal open at a snapshot in STEP, BAND, owned by OWNER, that closed
 * with OUT in the KO-th month after (FM_OPEN: not seen closing), its
 * history read up to month KC after the snapshot (the months before KC
 * are wholly seen). */
void fm_observe(struct fm *m, size_t step, int band, int64_t owner,
		enum fm_outcome out, int64_t ko, int64_t kc);
/* Fits the hazards once every observation is in. */
void fm_fit(struct fm *m);
/* P[k]: the probability that a deal now in STEP, BAND, of OWNER (0: no
 * owner effect) is won in the k-th month from now, k < FM_HORIZON. */
void fm_predict(const struct fm *m, size_t step, int band, int64_t owner,
		double p[FM_HORIZON]);
/* Deals seen at a snapshot in STEP (any age), and of those how many were
 * seen won and closed otherwise within the horizon. */
void fm_step_counts(const struct fm *m, size_t step, int64_t *seen,
		    int64_t *won, int64_t *lost);
/* The owner effect on the hazard of winning (1 when nothing is known). */
double fm_owner_effect(const struct fm *m, int64_t owner);

#endif
