/* The search of core/search.h: one query per kind, each joining the index
 * to the record's table so the visibility predicates of core/query.h apply
 * to the record itself, ranked and cut in the database. The two dialects
 * differ only in how the index is read (FTS5's MATCH, bm25 and snippet;
 * PostgreSQL's @@, ts_rank and ts_headline). */
#include <stdlib.h>
#include <string.h>

#include "core/query.h"
#include "core/search-words.h"
#include "core/search.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* How a kind's results read and who may see them. X is the record. */
struct kind_sql {
	const char *name;
	const char *table;
	const char *title;
	const char *context;
	const char *deal_id;
	const char *contact_id;
	const char *entity;	/* owner-visible records (query.h), or NULL
				   for those that hang off a deal */
	int has_owner;		/* for those: rows without a deal fall back
				   to their owner */
};

#define DEAL_TITLE "(SELECT dt.title FROM deals dt WHERE dt.org_id = x.org_id " \
	"AND dt.id = x.deal_id)"
#define CONTACT_NAME "(SELECT cn.name FROM contacts cn WHERE cn.org_id = " \
	"x.org_id AND cn.id = x.contact_id)"
#define ACCOUNT_NAME "(SELECT an.name FROM accounts an WHERE an.org_id = " \
	"x.org_id AND an.id = x.account_id)"

static const struct kind_sql kinds[SEARCH_KIND_COUNT + 1] = {
	[SEARCH_CONTACT] = { "contact", "contacts", "x.name", ACCOUNT_NAME,
			     "NULL", "NULL", "contact", 0 },
	[SEARCH_ACCOUNT] = { "account", "accounts", "x.name", "x.domain",
			     "NULL", "NULL", "account", 0 },
	[SEARCH_DEAL] = { "deal", "deals", "x.title", ACCOUNT_NAME, "NULL",
			  "NULL", "deal", 0 },
	[SEARCH_INTERACTION] = { "interaction", "interactions",
				 "COALESCE(NULLIF(x.purpose, ''), x.kind) || ' · ' || "
				 "substr(x.at, 1, 10)",
				 "COALESCE(" DEAL_TITLE ", " CONTACT_NAME ")",
				 "x.deal_id", "x.contact_id", NULL, 1 },
	[SEARCH_WANT] = { "want", "wants", "x.text", DEAL_TITLE, "x.deal_id",
			  "x.contact_id", NULL, 0 },
	[SEARCH_NEXT_STEP] = { "next_step", "next_steps", "x.what",
			       "COALESCE(" DEAL_TITLE ", " CONTACT_NAME ")",
			       "x.deal_id", "x.contact_id", NULL, 1 },
};

const char *search_kind_name(enum search_kind kind)
{
	return kind >= SEARCH_CONTACT && kind <= SEARCH_KIND_COUNT ?
	       kinds[kind].name : NULL;
}

int search_kinds_parse(const char *list, const char *field, unsigned *mask,
		       struct fc_error *err)
{
	const char *p = list;
	*mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int k;
		for (k = SEARCH_CONTACT; k <= SEARCH_KIND_COUNT; k++)
			if (strlen(kinds[k].name) == len &&
			    !strncmp(kinds[k].name, p, len))
				break;
		if (k > SEARCH_KIND_COUNT)
			return fc_fail(err, FC_EINVAL, field, "'%s' must be kinds "
				       "among contact, account, deal, interaction, "
				       "want, next_step (comma-separated)", field);
		*mask |= 1u << k;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void visible(struct qb *q, struct fc_ctx *ctx, const struct kind_sql *k)
{
	if (k->entity)
		qb_owner_visible(q, ctx, "x", k->entity);
	else
		qb_deal_visible(q, ctx, "x", k->has_owner);
}

/* A kind's rows of the FTS5 index are one range of rowids (sql/025). */
#define KIND_SHIFT 40
#define RANGE_LO(kind) ((int64_t)(kind) << KIND_SHIFT)
#define RANGE_HI(kind) (((int64_t)(kind) + 1) << KIND_SHIFT)

/* The rows of KIND from record id FLOOR on that match and that ctx->user
 * may see. The organisation
 * is the record's (its (org_id, id) key), not the index's UNINDEXED
 * org_id: reading that column fetches each match's whole stored text. */
static void from_sqlite(struct qb *q, struct fc_ctx *ctx, int kind,
			const char *match, int64_t floor)
{
	const struct kind_sql *k = &kinds[kind];
	qb_sql(q, " FROM search_fts JOIN %s x ON x.org_id = ? AND x.id = "
	       "search_fts.rowid - ? WHERE search_fts MATCH ? "
	       "AND search_fts.rowid >= ? AND search_fts.rowid < ?", k->table);
	qb_int(q, ctx->org_id);
	qb_int(q, RANGE_LO(kind));
	qb_text(q, match);
	qb_int(q, RANGE_LO(kind) + floor);
	qb_int(q, RANGE_HI(kind));
	visible(q, ctx, k);
}

static void from_pg(struct qb *q, struct fc_ctx *ctx, int kind,
		    const char *tsquery, int64_t floor)
{
	const struct kind_sql *k = &kinds[kind];
	qb_sql(q, " FROM search_index s JOIN %s x ON x.org_id = s.org_id AND "
	       "x.id = s.record_id WHERE s.org_id = ? AND s.kind = %d AND "
	       "s.doc @@ to_tsquery('fulcrum_search', ?) AND s.record_id >= ?",
	       k->table, kind);
	qb_int(q, ctx->org_id);
	qb_text(q, tsquery);
	qb_int(q, floor);
	visible(q, ctx, k);
}

/* Runs Q (released here), which selects one id: *ID gets it, or 0 when it
 * selects no row. */
static int one_id(struct fc_ctx *ctx, struct qb *q, int64_t *id,
		  struct fc_error *err)
{
	struct db_stmt *st = qb_prepare(q, ctx->db);
	int rc;

	if (!st) {
		qb_release(q);
		return db_error(ctx->db, err);
	}
	*id = 0;
	if ((rc = db_step(st)) > 0)
		*id = db_col_int(st, 0);
	db_done(st);
	qb_release(q);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* The window: *FLOOR gets the record id of the oldest of the newest
 * SEARCH_RANKED_MAX matches of KIND in the index, 0 when there are fewer,
 * -1 when there are none (the kind needs no ranking then: each further
 * query matches the text again, which for a long prefix is the cost). The
 * index alone answers, in id order, without reading a record: on SQLite
 * FTS5 walks the rowids of the kind's range newest first. */
static int window_floor(struct fc_ctx *ctx, int kind, const char *query,
			int64_t *floor, struct fc_error *err)
{
	struct qb q;

	qb_init(&q);
	qb_sql(&q, "SELECT CASE WHEN COUNT(*) = 0 THEN -1 WHEN COUNT(*) < ? "
	       "THEN 0 ELSE MIN(w.r) END FROM ");
	qb_int(&q, SEARCH_RANKED_MAX);
	if (db_dialect(ctx->db) == DB_PG) {
		qb_sql(&q, "(SELECT record_id AS r FROM search_index WHERE "
		       "org_id = ? AND kind = %d AND doc @@ to_tsquery("
		       "'fulcrum_search', ?) ORDER BY record_id DESC LIMIT ?) w",
		       kind);
		qb_int(&q, ctx->org_id);
		qb_text(&q, query);
	} else {
		qb_sql(&q, "(SELECT rowid - ? AS r FROM search_fts WHERE "
		       "search_fts MATCH ? AND rowid >= ? AND rowid < ? "
		       "ORDER BY rowid DESC LIMIT ?) w");
		qb_int(&q, RANGE_LO(kind));
		qb_text(&q, query);
		qb_int(&q, RANGE_LO(kind));
		qb_int(&q, RANGE_HI(kind));
	}
	qb_int(&q, SEARCH_RANKED_MAX);
	return one_id(ctx, &q, floor, err);
}

/* *FLOOR gets the id of the Nth newest match of KIND that ctx->user may
 * see (0 when there are fewer): walking matches in id order through the
 * visibility rules, it stops at the Nth. */
static int visible_floor(struct fc_ctx *ctx, int kind, const char *query,
			 int n, int64_t *floor, struct fc_error *err)
{
	int pg = db_dialect(ctx->db) == DB_PG;
	struct qb q;

	qb_init(&q);
	qb_sql(&q, "SELECT x.id");
	if (pg)
		from_pg(&q, ctx, kind, query, 0);
	else
		from_sqlite(&q, ctx, kind, query, 0);
	qb_sql(&q, pg ? " ORDER BY s.record_id DESC LIMIT 1 OFFSET ?" :
	       " ORDER BY search_fts.rowid DESC LIMIT 1 OFFSET ?");
	qb_int(&q, n - 1);
	return one_id(ctx, &q, floor, err);
}

/* The best LIMIT visible matches from FLOOR on, best first. The rank is
 * an expression the index is not asked to order by, so it is computed for
 * the rows the visibility rules let through only; the title, context and
 * snippet are made outside the ranked, cut subquery: for the rows returned
 * only. FTS5's snippet needs its MATCH, found again by rowid. */
static void build_sqlite(struct qb *q, struct fc_ctx *ctx, int kind,
			 const char *match, int64_t floor, int limit)
{
	const struct kind_sql *k = &kinds[kind];
	qb_sql(q, "SELECT x.id, %s, %s, snippet(search_fts, 1, '', '', '…', 12), "
	       "b.rank, %s, %s FROM (SELECT search_fts.rowid AS fid, "
	       "-search_fts.rank AS rank", k->title, k->context, k->deal_id,
	       k->contact_id);
	from_sqlite(q, ctx, kind, match, floor);
	qb_sql(q, " ORDER BY 2 DESC, 1 LIMIT ?) b "
	       "JOIN search_fts ON search_fts.rowid = b.fid "
	       "JOIN %s x ON x.org_id = ? AND x.id = b.fid - ? "
	       "WHERE search_fts MATCH ? ORDER BY b.rank DESC, b.fid", k->table);
	qb_int(q, limit);
	qb_int(q, ctx->org_id);
	qb_int(q, RANGE_LO(kind));
	qb_text(q, match);
}

static void build_pg(struct qb *q, struct fc_ctx *ctx, int kind,
		     const char *tsquery, int64_t floor, int limit)
{
	const struct kind_sql *k = &kinds[kind];
	qb_sql(q, "SELECT x.id, %s, %s, ts_headline('fulcrum_search', s.body, "
	       "to_tsquery('fulcrum_search', ?), 'MaxWords=12, MinWords=4, "
	       "ShortWord=0, StartSel=\"\", StopSel=\"\"'), b.rank, %s, %s "
	       "FROM (SELECT s.record_id AS id, ts_rank(s.doc, "
	       "to_tsquery('fulcrum_search', ?)) AS rank", k->title, k->context,
	       k->deal_id, k->contact_id);
	qb_text(q, tsquery);
	qb_text(q, tsquery);
	from_pg(q, ctx, kind, tsquery, floor);
	qb_sql(q, " ORDER BY 2 DESC, 1 LIMIT ?) b "
	       "JOIN search_index s ON s.org_id = ? AND s.kind = %d AND "
	       "s.record_id = b.id JOIN %s x ON x.org_id = s.org_id AND "
	       "x.id = b.id ORDER BY b.rank DESC, b.id", kind, k->table);
	qb_int(q, limit);
	qb_int(q, ctx->org_id);
}

static json_t *text_or_null(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? json_null() :
	       json_string(db_col_text(st, i));
}

static json_t *id_or_null(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? json_null() :
	       json_integer(db_col_int(st, i));
}

/* The body joins a record's fields with spaces, so empty fields leave runs
 * of them: one space between words, none at the ends. A snippet is a few
 * words; one longer than OUT is cut at a character's start. */
static void tidy(const char *in, char *out, size_t size)
{
	const char *p = in ? in : "";
	size_t n = 0;
	for (; *p && n + 1 < size; p++) {
		if (*p == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		out[n++] = *p;
	}
	if (*p) {
		/* cut: drop the last character, which may be cut short */
		while (n && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
			n--;
		if (n && (unsigned char)out[n - 1] >= 0xc0)
			n--;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* Appends the best LIMIT visible matches from FLOOR on to RESULTS. */
static int rank_from(struct fc_ctx *ctx, int kind, const char *query,
		     int64_t floor, int limit, json_t *results,
		     struct fc_error *err)
{
	struct qb q;
	struct db_stmt *st;
	int rc;

	qb_init(&q);
	if (db_dialect(ctx->db) == DB_PG)
		build_pg(&q, ctx, kind, query, floor, limit);
	else
		build_sqlite(&q, ctx, kind, query, floor, limit);
	if (!(st = qb_prepare(&q, ctx->db))) {
		qb_release(&q);
		return db_error(ctx->db, err);
	}
	while ((rc = db_step(st)) > 0) {
		char snippet[512];
		tidy(db_col_text(st, 3), snippet, sizeof(snippet));
		json_array_append_new(results, json_pack("{s:I, s:o, s:o, s:s, "
			"s:f, s:o, s:o}", "id", (json_int_t)db_col_int(st, 0),
			"title", text_or_null(st, 1), "context", text_or_null(st, 2),
			"snippet", snippet, "rank",
			db_col_double(st, 4), "deal_id", id_or_null(st, 5),
			"contact_id", id_or_null(st, 6)));
	}
	db_done(st);
	qb_release(&q);	/* after the steps: the statement may hold its binds */
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* The visible matches among the kind's newest SEARCH_RANKED_MAX are ranked:
 * the work of a word found in half the records stays bounded whoever
 * searches. When fewer than LIMIT of them are visible (a rep among many
 * owners, a word mostly in others' records), the search walks on to older
 * matches until it has LIMIT visible ones and ranks those with the window's. */
static int search_kind(struct fc_ctx *ctx, int kind, const char *query,
		       int limit, json_t *results, struct fc_error *err)
{
	int64_t floor;
	int rc;

	if ((rc = window_floor(ctx, kind, query, &floor, err)) || floor < 0 ||
	    (rc = rank_from(ctx, kind, query, floor, limit, results, err)))
		return rc;
	if (!floor || (int)json_array_size(results) >= limit)
		return 0;
	if ((rc = visible_floor(ctx, kind, query, limit, &floor, err)))
		return rc;
	json_array_clear(results);
	return rank_from(ctx, kind, query, floor, limit, results, err);
}

/* FTS5 has prefix indexes for 2 and 3 letters only: a longer open last
 * word ("kowalski*") makes every MATCH merge the lists of all the words it
 * starts, once per query of each kind. The index's vocabulary says which
 * words those are. When it is one word, matching that word whole finds
 * the same records with the same rank and snippets, and each query reads
 * its one list from the kind's range only; when it is none, nothing
 * matches. Only ASCII words are looked up: their folding (unicode61,
 * diacritics removed) is lower case; others stay prefixes.
 * Returns 1 (one word, put in W's last word, now whole), 0 (left as it
 * is) or 2 (no word of the index starts so), or -1 on a database error. */
#define VOCAB_MIN 4
static int resolve_open_word(struct fc_ctx *ctx, struct search_words *w)
{
	char *word, lo[SEARCH_TEXT_MAX + 1], hi[SEARCH_TEXT_MAX + 1];
	char *found = NULL;
	struct qb q;
	struct db_stmt *st;
	size_t len;
	int rc, rows = 0;

	if (!w->n || !search_words_prefix(w, w->n - 1))
		return 0;
	word = w->word[w->n - 1];
	len = strlen(word);
	if (len < VOCAB_MIN || len > SEARCH_TEXT_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)word[i];
		if (c >= 0x80)
			return 0;
		lo[i] = hi[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	lo[len] = hi[len] = '\0';
	hi[len - 1]++;	/* a letter or digit: the next byte is no wrap */
	if (db_exec(ctx->db, "CREATE VIRTUAL TABLE IF NOT EXISTS "
		    "temp.search_vocab USING fts5vocab(main, search_fts, 'row')"))
		return -1;
	qb_init(&q);
	qb_sql(&q, "SELECT term FROM temp.search_vocab WHERE term >= ? AND "
	       "term < ? LIMIT 2");
	qb_text(&q, lo);
	qb_text(&q, hi);
	if (!(st = qb_prepare(&q, ctx->db))) {
		qb_release(&q);
		return -1;
	}
	while ((rc = db_step(st)) > 0)
		if (!rows++)
			found = xstrdup(db_col_text(st, 0));
	db_done(st);
	qb_release(&q);
	if (rc < 0) {
		free(found);
		return -1;
	}
	if (rows != 1 || strchr(found, '"')) {
		free(found);
		return rows ? 0 : 2;
	}
	free(w->word[w->n - 1]);
	w->word[w->n - 1] = found;
	w->last_open = 0;
	return 1;
}

int search(struct fc_ctx *ctx, const char *text, unsigned mask, int limit,
	   json_t **out, struct fc_error *err)
{
	struct search_words w;
	struct buf query = BUF_INIT;
	json_t *words, *groups;
	size_t len = text ? strlen(text) : 0;
	int rc = 0, began = 0, none = 0;

	if (!len)
		return fc_fail(err, FC_EINVAL, "q", "the search text is required");
	if (len > SEARCH_TEXT_MAX)
		return fc_fail(err, FC_EINVAL, "q", "the search text must be at "
			       "most %d bytes", SEARCH_TEXT_MAX);
	if (limit < 1 || limit > SEARCH_LIMIT_MAX)
		return fc_fail(err, FC_EINVAL, "limit", "'limit' must be 1-%d",
			       SEARCH_LIMIT_MAX);
	if (search_words_split(text, len, &w))
		return fc_fail(err, FC_EINVAL, "q", "the search text must be at "
			       "most %d words", SEARCH_WORDS_MAX);
	if (mask == SEARCH_ALL_KINDS)
		mask = ~0u;

	words = json_array();
	for (int i = 0; i < w.n; i++)
		json_array_append_new(words, json_string(w.word[i]));
	groups = json_array();
	/* one snapshot for every kind */
	if (w.n && db_begin(ctx->db, 0))
		rc = db_error(ctx->db, err);
	else if (w.n)
		began = 1;
	if (began && db_dialect(ctx->db) != DB_PG) {
		int r = resolve_open_word(ctx, &w);
		if (r < 0)
			rc = db_error(ctx->db, err);
		else if (r == 2)
			none = 1;
	}
	if (db_dialect(ctx->db) == DB_PG)
		search_words_tsquery(&w, &query);
	else
		search_words_fts5(&w, &query);
	for (int k = SEARCH_CONTACT; k <= SEARCH_KIND_COUNT && !rc; k++) {
		json_t *results;
		if (!(mask & (1u << k)))
			continue;
		results = json_array();
		json_array_append_new(groups, json_pack("{s:s, s:o}", "kind",
							kinds[k].name, "results",
							results));
		if (w.n && !none)
			rc = search_kind(ctx, k, query.s, limit, results, err);
	}
	if (began)
		rc = ctx_tx_end(ctx, rc, err);
	search_words_free(&w);
	buf_release(&query);
	if (rc) {
		json_decref(words);
		json_decref(groups);
		return rc;
	}
	*out = json_pack("{s:o, s:o}", "words", words, "groups", groups);
	return 0;
}

/* On SQLite the records are read in rowid order, kind after kind (the
 * unary + keeps the planner off the org_id indexes, whose order is not
 * the rowids'): FTS5 buffers terms in memory only while the rowids it is
 * given ascend, and flushes a segment at every step back, which made the
 * rebuild of a 30,000-deal demo four times slower. */
int search_rebuild(struct fc_ctx *ctx, struct fc_error *err)
{
	int pg = db_dialect(ctx->db) == DB_PG;
	if (db_run(ctx->db, pg ? "DELETE FROM search_index WHERE org_id = ?"
		   : "DELETE FROM search_fts WHERE org_id = ?", "i", ctx->org_id) ||
	    db_run(ctx->db, pg ?
		   "INSERT INTO search_index (org_id, kind, record_id, title, "
		   "body, doc) SELECT org_id, kind, record_id, title, body, "
		   "setweight(to_tsvector('fulcrum_search', title), 'A') || "
		   "setweight(to_tsvector('fulcrum_search', body), 'B') "
		   "FROM search_source WHERE org_id = ?" :
		   "INSERT INTO search_fts (rowid, title, body, org_id) "
		   "SELECT kind * 1099511627776 + record_id, title, body, org_id "
		   "FROM search_source WHERE +org_id = ?", "i", ctx->org_id))
		return db_error(ctx->db, err);
	return 0;
}
