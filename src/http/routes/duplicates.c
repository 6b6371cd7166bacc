/* GET /api/v1/duplicates/contacts|accounts: the likely pairs with their
 * evidence, of the records the caller may see (core/duplicate.h). The
 * refusal of a create or an edit that would make one is the record
 * routes' (routes/crud.c): 409 with the candidates in "duplicates". */
#include "core/duplicate.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int list(struct req *r, const char *kind)
{
	struct duplicates_query q = { 0 };
	json_t *out = NULL;
	int64_t limit;
	int rc;
	if ((rc = req_query_int(r, "limit", 1, DUPLICATE_LIST_MAX,
				DUPLICATE_LIST_DEFAULT, &limit)))
		return rc;
	q.limit = (int)limit;
	if ((rc = duplicates_list(&r->ctx, kind, &q, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int contacts(struct req *r)
{
	return list(r, "contacts");
}

static int accounts(struct req *r)
{
	return list(r, "accounts");
}

static const struct route_query list_query[] = {
	{ "limit", "pairs at most (1-1000, default 100)", "integer" },
	{ NULL, NULL, NULL }
};

const struct route routes_duplicates[] = {
	{ "GET", "/api/v1/duplicates/contacts", contacts, 0,
	  "Likely duplicate contacts: pairs sharing an e-mail, a phone, or a "
	  "name alike at their account",
	  .doc = { .result = "DuplicatePairs", .query = list_query } },
	{ "GET", "/api/v1/duplicates/accounts", accounts, 0,
	  "Likely duplicate accounts: pairs sharing a domain or a name, or one's "
	  "domain the other's contacts' e-mails",
	  .doc = { .result = "DuplicatePairs", .query = list_query } },
	ROUTE_END
};
