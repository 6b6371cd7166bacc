/* The per-connection cache of tokens, users and processes; see memo.h for
 * when it is trusted. Maps are small arrays searched in order: a server
 * sees a handful of tokens, users and processes at a time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/memo.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct memo_user {
	int64_t org_id;
	struct fc_actor actor;
};

struct memo_process {
	int64_t org_id, id;	/* id 0: the organisation's default */
	struct process *p;
};

struct memo_fields {
	int64_t org_id;
	char kind[16];
	struct field_def *defs;
	int n;
};

#define MEMO_FIELDS_MAX 16	/* kinds of the organisations served */

struct memo {
	int64_t gen;		/* the generation the entries were read under */
	int have_gen;
	struct memo_token tokens[MEMO_MAX];
	int ntokens;
	struct memo_user users[MEMO_MAX];
	int nusers;
	struct memo_process procs[MEMO_MAX];
	int nprocs;
	struct memo_fields fields[MEMO_FIELDS_MAX];
	int nfields;
};

static void clear(struct memo *m)
{
	for (int i = 0; i < m->nprocs; i++)
		process_free(m->procs[i].p);
	for (int i = 0; i < m->nfields; i++)
		field_defs_free(m->fields[i].defs, m->fields[i].n);
	m->ntokens = m->nusers = m->nprocs = m->nfields = 0;
}

static void memo_free(void *p)
{
	struct memo *m = p;
	if (!m)
		return;
	clear(m);
	free(m);
}

static int read_generation(struct db *db, int64_t *gen)
{
	return db_query_int(db, gen, "SELECT n FROM cache_generation WHERE id = 1",
			    NULL);
}

/* The cache when it may be used now, else NULL. STORING: the caller is
 * about to add an entry. */
static struct memo *usable(struct db *db, int storing)
{
	struct memo *m = db->memo;
	int64_t gen = 0;

	if (!m) {
		m = db->memo = xcalloc(1, sizeof(*m));
		db->memo_free = memo_free;
	}
	if (db->tx_write) {
		/* this transaction's own writes bump the generation before it
		 * commits: an entry is trusted only while nobody, this
		 * transaction included, has changed anything cached */
		if (storing || read_generation(db, &gen) || !m->have_gen ||
		    gen != m->gen)
			return NULL;
		return m;
	}
	if (!db->memo_checked) {
		if (read_generation(db, &gen))
			return NULL;
		if (!m->have_gen || gen != m->gen) {
			clear(m);
			m->gen = gen;
			m->have_gen = 1;
		}
		db->memo_checked = 1;
	}
	return m;
}

int memo_token_get(struct db *db, const char *hash, struct memo_token *out)
{
	struct memo *m = usable(db, 0);
	for (int i = 0; m && i < m->ntokens; i++) {
		if (!strcmp(m->tokens[i].hash, hash)) {
			*out = m->tokens[i];
			return 1;
		}
	}
	return 0;
}

void memo_token_put(struct db *db, const struct memo_token *t)
{
	struct memo *m = usable(db, 1);
	if (!m)
		return;
	for (int i = 0; i < m->ntokens; i++) {
		if (!strcmp(m->tokens[i].hash, t->hash)) {
			m->tokens[i] = *t;
			return;
		}
	}
	if (m->ntokens == MEMO_MAX)
		m->ntokens = 0;
	m->tokens[m->ntokens++] = *t;
}

int memo_user_get(struct db *db, int64_t org_id, int64_t user_id,
		  struct fc_actor *out)
{
	struct memo *m = usable(db, 0);
	for (int i = 0; m && i < m->nusers; i++) {
		if (m->users[i].org_id == org_id &&
		    m->users[i].actor.id == user_id) {
			*out = m->users[i].actor;
			return 1;
		}
	}
	return 0;
}

void memo_user_put(struct db *db, int64_t org_id, const struct fc_actor *u)
{
	struct memo *m = usable(db, 1);
	if (!m)
		return;
	if (m->nusers == MEMO_MAX)
		m->nusers = 0;
	m->users[m->nusers].org_id = org_id;
	m->users[m->nusers++].actor = *u;
}

static struct process *copy_process(const struct process *p)
{
	struct process *c = xcalloc(1, sizeof(*c));
	*c = *p;
	c->steps = xcalloc((size_t)(p->nsteps ? p->nsteps : 1), sizeof(*c->steps));
	for (int i = 0; i < p->nsteps; i++) {
		c->steps[i] = p->steps[i];
		c->steps[i].goal = xstrdup(p->steps[i].goal);
		c->steps[i].guidance = xstrdup(p->steps[i].guidance);
	}
	return c;
}

struct process *memo_process_get(struct db *db, int64_t org_id, int64_t id)
{
	struct memo *m = usable(db, 0);
	for (int i = 0; m && i < m->nprocs; i++)
		if (m->procs[i].org_id == org_id && m->procs[i].id == id)
			return copy_process(m->procs[i].p);
	return NULL;
}

void memo_process_put(struct db *db, int64_t org_id, int64_t id,
		      const struct process *p)
{
	struct memo *m = usable(db, 1);
	if (!m)
		return;
	if (m->nprocs == MEMO_MAX) {
		for (int i = 0; i < m->nprocs; i++)
			process_free(m->procs[i].p);
		m->nprocs = 0;
	}
	m->procs[m->nprocs].org_id = org_id;
	m->procs[m->nprocs].id = id;
	m->procs[m->nprocs++].p = copy_process(p);
}

static struct field_def *copy_fields(const struct field_def *defs, int n)
{
	struct field_def *c = xcalloc((size_t)(n ? n : 1), sizeof(*c));
	for (int i = 0; i < n; i++) {
		c[i] = defs[i];
		/* a copy of its own: the caller may hand it to another thread */
		c[i].choices = defs[i].choices ? json_deep_copy(defs[i].choices)
					       : NULL;
	}
	return c;
}

int memo_fields_get(struct db *db, int64_t org_id, const char *kind,
		    struct field_def **out, int *n)
{
	struct memo *m = db->tx_write ? NULL : usable(db, 0);
	for (int i = 0; m && i < m->nfields; i++) {
		if (m->fields[i].org_id == org_id &&
		    !strcmp(m->fields[i].kind, kind)) {
			*out = copy_fields(m->fields[i].defs, m->fields[i].n);
			*n = m->fields[i].n;
			return 1;
		}
	}
	return 0;
}

void memo_fields_put(struct db *db, int64_t org_id, const char *kind,
		     const struct field_def *defs, int n)
{
	struct memo *m = usable(db, 1);
	struct memo_fields *f;
	if (!m || strlen(kind) >= sizeof(f->kind))
		return;
	if (m->nfields == MEMO_FIELDS_MAX) {
		for (int i = 0; i < m->nfields; i++)
			field_defs_free(m->fields[i].defs, m->fields[i].n);
		m->nfields = 0;
	}
	f = &m->fields[m->nfields++];
	f->org_id = org_id;
	snprintf(f->kind, sizeof(f->kind), "%s", kind);
	f->defs = copy_fields(defs, n);
	f->n = n;
}
