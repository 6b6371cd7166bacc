/* Merging two contacts or two accounts (core/merge.h): what a merge would
 * keep, the merge, the merges into a record, one merge, and its undo. */
#include <stdint.h>
#include <string.h>

#include "core/merge.h"
#include "http/routes/routes.h"
#include "util/banned.h"

/* GET .../{id}/merge?other=N: the side-by-side fields and the default
 * choice of each. */
static int preview(struct req *r, const struct entity *e)
{
	int64_t id, other;
	json_t *out = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if (!req_query(r, "other"))
		return fc_fail(&r->err, FC_EINVAL, "other", "'other' names the "
			       "record to merge into this one");
	if ((rc = req_query_int(r, "other", 1, INT64_MAX, 0, &other)) ||
	    (rc = merge_preview(&r->ctx, e, id, other, NULL, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

/* POST .../{id}/merge {"other_id": N, "take": {"field": "other"}}. */
static int merge(struct req *r, const struct entity *e)
{
	int64_t id, merge_id;
	json_t *other = json_object_get(r->body, "other_id");
	json_t *take = json_object_get(r->body, "take");
	json_t *out = NULL;
	const char *key;
	json_t *v;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	json_object_foreach(r->body, key, v)
		if (strcmp(key, "other_id") && strcmp(key, "take"))
			return fc_fail(&r->err, FC_EINVAL, key, "unknown member "
				       "'%s'", key);
	if (!json_is_integer(other) || json_integer_value(other) < 1)
		return fc_fail(&r->err, FC_EINVAL, "other_id", "'other_id' must "
			       "be the id of the record merged into this one");
	if ((rc = merge_records(&r->ctx, e, id, json_integer_value(other), take,
				&merge_id, &r->err)) ||
	    (rc = merge_get(&r->ctx, merge_id, &out, &r->err)))
		return rc;
	resp_json(r, 201, out);
	return 0;
}

static int list(struct req *r, const struct entity *e)
{
	int64_t id;
	json_t *out = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = merge_list(&r->ctx, e, id, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int contact_preview(struct req *r) { return preview(r, &entity_contact); }
static int account_preview(struct req *r) { return preview(r, &entity_account); }
static int contact_merge(struct req *r) { return merge(r, &entity_contact); }
static int account_merge(struct req *r) { return merge(r, &entity_account); }
static int contact_merges(struct req *r) { return list(r, &entity_contact); }
static int account_merges(struct req *r) { return list(r, &entity_account); }

static int merges_get(struct req *r)
{
	int64_t id;
	json_t *out = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = merge_get(&r->ctx, id, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int merges_undo(struct req *r)
{
	int64_t id;
	json_t *out = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = merge_undo(&r->ctx, id, &r->err)) ||
	    (rc = merge_get(&r->ctx, id, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static const struct route_query preview_query[] = {
	{ "other", "the id of the record to merge into this one (required)" },
	{ NULL, NULL },
};

const struct route routes_merges[] = {
	{ "GET", "/api/v1/contacts/{id}/merge", contact_preview, 0,
	  "What merging contact `other` into this one would keep, field by field",
	  .doc = { .query = preview_query, .result = "MergePreview",
		   .flags = DOC_RULES } },
	{ "POST", "/api/v1/contacts/{id}/merge", contact_merge, ROUTE_JSON_BODY,
	  "Merge contact other_id into this one: its references move here, it is "
	  "deleted; undone the same day",
	  .doc = { .body = "MergeCreate", .status = 201, .result = "Merge",
		   .flags = DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/contacts/{id}/merges", contact_merges, 0,
	  "The merges into a contact, newest first",
	  .doc = { .result = "MergeList" } },
	{ "GET", "/api/v1/accounts/{id}/merge", account_preview, 0,
	  "What merging account `other` into this one would keep, field by field",
	  .doc = { .query = preview_query, .result = "MergePreview",
		   .flags = DOC_RULES } },
	{ "POST", "/api/v1/accounts/{id}/merge", account_merge, ROUTE_JSON_BODY,
	  "Merge account other_id into this one: its references move here, it is "
	  "deleted; undone the same day",
	  .doc = { .body = "MergeCreate", .status = 201, .result = "Merge",
		   .flags = DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/accounts/{id}/merges", account_merges, 0,
	  "The merges into an account, newest first",
	  .doc = { .result = "MergeList" } },
	{ "GET", "/api/v1/merges/{id}", merges_get, 0,
	  "One merge: what moved, and whether it can still be undone",
	  .doc = { .result = "Merge" } },
	{ "POST", "/api/v1/merges/{id}/undo", merges_undo, 0,
	  "Undo a merge the day it was made: both records and every reference "
	  "as they were",
	  .doc = { .result = "Merge", .flags = DOC_RULES | DOC_CONFLICT } },
	ROUTE_END
};
