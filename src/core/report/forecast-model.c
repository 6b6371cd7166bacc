/* The learned forecast model: discrete-time competing risks (won; lost or
 * disqualified; still open = censored) by step, age in step and month
 * ahead, shrunk level by level towards what has more data. Formulas:
 * docs/reports.md, "The learned model". */
#include <stdlib.h>
#include <string.h>

#include "core/report/forecast-model.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CELLS(m) ((m)->nsteps * FM_BANDS * FM_HORIZON)
#define CELL(step, band, k) \
	(((step) * FM_BANDS + (size_t)(band)) * FM_HORIZON + (size_t)(k))

struct fm_owner {
	int64_t id;
	int64_t won;		/* wins seen within the horizon */
	int64_t *risk;		/* months at risk per cell */
	double effect;
};

int fm_band(int64_t age)
{
	static const int64_t upper[FM_BANDS - 1] = { 7, 14, 30, 60 };
	int b = 0;
	while (b < FM_BANDS - 1 && age >= upper[b])
		b++;
	return b;
}

void fm_init(struct fm *m, size_t nsteps, double k)
{
	memset(m, 0, sizeof(*m));
	m->nsteps = nsteps;
	m->k = k;
	size_t c = CELLS(m) + 1;
	m->n = xcalloc(c, sizeof(*m->n));
	m->w = xcalloc(c, sizeof(*m->w));
	m->l = xcalloc(c, sizeof(*m->l));
	m->hw = xcalloc(c, sizeof(*m->hw));
	m->hl = xcalloc(c, sizeof(*m->hl));
}

void fm_free(struct fm *m)
{
	for (size_t i = 0; i < m->nowners; i++)
		free(m->owners[i].risk);
	free(m->owners);
	free(m->n);
	free(m->w);
	free(m->l);
	free(m->hw);
	free(m->hl);
	memset(m, 0, sizeof(*m));
}

static struct fm_owner *owner_get(struct fm *m, int64_t id, int add)
{
	size_t lo = 0, hi = m->nowners;
	while (lo < hi) {	/* kept sorted by id */
		size_t mid = (lo + hi) / 2;
		if (m->owners[mid].id == id)
			return &m->owners[mid];
		if (m->owners[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!add)
		return NULL;
	ALLOC_GROW(m->owners, m->nowners + 1, m->alloc);
	memmove(&m->owners[lo + 1], &m->owners[lo],
		(m->nowners - lo) * sizeof(*m->owners));
	m->nowners++;
	struct fm_owner *o = &m->owners[lo];
	memset(o, 0, sizeof(*o));
	o->id = id;
	o->risk = xcalloc(CELLS(m) + 1, sizeof(*o->risk));
	o->effect = 1;
	return o;
}

void fm_observe(struct fm *m, size_t step, int band, int64_t owner,
		enum fm_outcome out, int64_t ko, int64_t kc)
{
	struct fm_owner *o = owner ? owner_get(m, owner, 1) : NULL;
	if (step >= m->nsteps)
		return;
	for (int64_t k = 0; k < FM_HORIZON && k < kc; k++) {
		size_t c = CELL(step, band, k);
		m->n[c]++;
		if (o)
			o->risk[c]++;
		if (out != FM_OPEN && k == ko) {
			if (out == FM_WON) {
				m->w[c]++;
				if (o)
					o->won++;
			} else {
				m->l[c]++;
			}
			break;
		}
	}
}

/* (events + k * prior) / (at risk + k) */
static double shrink(int64_t events, int64_t risk, double prior, double k)
{
	return ((double)events + k * prior) / ((double)risk + k);
}

void fm_fit(struct fm *m)
{
	int64_t tn[FM_HORIZON] = { 0 }, tw[FM_HORIZON] = { 0 },
		tl[FM_HORIZON] = { 0 };
	double team_w[FM_HORIZON], team_l[FM_HORIZON];

	/* team-wide per month ahead: every step and age together */
	for (size_t s = 0; s < m->nsteps; s++)
		for (int b = 0; b < FM_BANDS; b++)
			for (int k = 0; k < FM_HORIZON; k++) {
				size_t c = CELL(s, b, k);
				tn[k] += m->n[c];
				tw[k] += m->w[c];
				tl[k] += m->l[c];
			}
	for (int k = 0; k < FM_HORIZON; k++) {
		team_w[k] = tn[k] ? (double)tw[k] / (double)tn[k] : 0;
		team_l[k] = tn[k] ? (double)tl[k] / (double)tn[k] : 0;
	}
	for (size_t s = 0; s < m->nsteps; s++)
		for (int k = 0; k < FM_HORIZON; k++) {
			int64_t sn = 0, sw = 0, sl = 0;
			for (int b = 0; b < FM_BANDS; b++) {
				size_t c = CELL(s, b, k);
				sn += m->n[c];
				sw += m->w[c];
				sl += m->l[c];
			}
			/* the step's, shrunk towards the team's */
			double step_w = shrink(sw, sn, team_w[k], m->k);
			double step_l = shrink(sl, sn, team_l[k], m->k);
			/* each age band's, shrunk towards the step's */
			for (int b = 0; b < FM_BANDS; b++) {
				size_t c = CELL(s, b, k);
				double hw = shrink(m->w[c], m->n[c], step_w, m->k);
				double hl = shrink(m->l[c], m->n[c], step_l, m->k);
				if (hw + hl > 1)
					hl = 1 - hw;
				m->hw[c] = hw;
				m->hl[c] = hl;
			}
		}
	/* an owner's effect: wins seen over wins the team's hazards expect
	 * of the same deals, both with k pseudo-wins, so that it leaves 1
	 * only as far as the owner's own deals show */
	for (size_t i = 0; i < m->nowners; i++) {
		struct fm_owner *o = &m->owners[i];
		double expected = 0;
		for (size_t c = 0; c < CELLS(m); c++)
			expected += (double)o->risk[c] * m->hw[c];
		o->effect = ((double)o->won + m->k) / (expected + m->k);
	}
}

double fm_owner_effect(const struct fm *m, int64_t owner)
{
	const struct fm_owner *o = owner ? owner_get((struct fm *)m, owner, 0)
					 : NULL;
	return o ? o->effect : 1;
}

void fm_predict(const struct fm *m, size_t step, int band, int64_t owner,
		double p[FM_HORIZON])
{
	double f = fm_owner_effect(m, owner), surv = 1;
	for (int k = 0; k < FM_HORIZON; k++) {
		size_t c = CELL(step, band, k);
		double hw = step < m->nsteps ? m->hw[c] * f : 0;
		double hl = step < m->nsteps ? m->hl[c] : 0;
		if (hw > 1)
			hw = 1;
		if (hw + hl > 1)
			hl = 1 - hw;
		p[k] = surv * hw;
		surv *= 1 - hw - hl;
	}
}

void fm_step_counts(const struct fm *m, size_t step, int64_t *seen,
		    int64_t *won, int64_t *lost)
{
	*seen = *won = *lost = 0;
	if (step >= m->nsteps)
		return;
	for (int b = 0; b < FM_BANDS; b++) {
		*seen += m->n[CELL(step, b, 0)];
		for (int k = 0; k < FM_HORIZON; k++) {
			*won += m->w[CELL(step, b, k)];
			*lost += m->l[CELL(step, b, k)];
		}
	}
}
