/* GET /api/v1/search?q=&kind=&limit=: one search over contacts, accounts,
 * deals, interactions, wants and next steps (core/search.h). */
#include "core/search.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int search_get(struct req *r)
{
	const char *kind = req_query(r, "kind");
	unsigned mask = SEARCH_ALL_KINDS;
	int64_t limit;
	json_t *out = NULL;
	int rc;
	if ((rc = req_query_int(r, "limit", 1, SEARCH_LIMIT_MAX,
				SEARCH_LIMIT_DEFAULT, &limit)) ||
	    (kind && (rc = search_kinds_parse(kind, "kind", &mask, &r->err))) ||
	    (rc = search(&r->ctx, req_query(r, "q"), mask, (int)limit, &out,
			 &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static const struct route_query search_query[] = {
	{ "q", "the words to find (1-200 bytes, at most 16 words), each as the "
	  "start of a word, accents ignored; punctuation separates words",
	  "string" },
	{ "kind", "comma-separated kinds to search: contact, account, deal, "
	  "interaction, want, next_step (all when not given)", "string" },
	{ "limit", "results per kind, best first: 1-50, 10 when not given",
	  "integer" },
	{ NULL, NULL, NULL },
};

const struct route routes_search[] = {
	{ "GET", "/api/v1/search", search_get, 0,
	  "Search every kind of record the caller may see, ranked and grouped "
	  "by kind", .doc = { .result = "SearchResults",
			      .query = search_query } },
	ROUTE_END
};
