/* Generic record verbs for the resource routes; see crud.h. Validation,
 * access and versions are core's: this file only maps HTTP onto it. */
#include <string.h>

#include "core/duplicate.h"
#include "http/routes/crud.h"
#include "util/banned.h"

int crud_send(struct req *r, const struct entity *e, int64_t id, int status)
{
	json_t *rec = NULL;
	int rc = record_get(&r->ctx, e, id, &rec, &r->err);
	if (rc)
		return rc;
	if (status == 201)
		resp_location(r, "%s/%lld", r->path, (long long)id);
	resp_record(r, status, rec);
	return 0;
}

int crud_list(struct req *r, const struct entity *e)
{
	struct list_query q;
	struct buf out;
	int rc;
	if ((rc = req_list_query(r, e, &q)))
		return rc;
	buf_init(&out, 0);
	if ((rc = record_list_write(&r->ctx, e, &q, &out, &r->err))) {
		buf_release(&out);
		return rc;
	}
	resp_json_text(r, 200, &out);
	return 0;
}

int crud_get(struct req *r, const struct entity *e)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	return crud_send(r, e, id, 200);
}

/* A likely-duplicate refusal (core/duplicate.h) answers 409 with the
 * candidates in "duplicates" and the rule in "rule". */
static int duplicate_refusal(struct req *r, const struct entity *e,
			     int64_t id, int rc)
{
	json_t *before = NULL, *found = NULL;
	struct fc_error ignored = { 0 };
	if (strcmp(r->err.rule, DUPLICATE_RULE))
		return rc;
	if ((!id || !record_get(&r->ctx, e, id, &before, &ignored)) &&
	    !duplicates_candidates(&r->ctx, e, id, before, r->body, &found,
				   &ignored))
		r->problem_more = json_pack("{s:s, s:o}", "rule", DUPLICATE_RULE,
					    "duplicates", found);
	json_decref(before);
	return rc;
}

int crud_create(struct req *r, const struct entity *e)
{
	int64_t id = 0;
	int rc = record_create(&r->ctx, e, r->body, NULL, &id, &r->err);
	if (rc)
		return duplicate_refusal(r, e, 0, rc);
	return crud_send(r, e, id, 201);
}

int crud_update(struct req *r, const struct entity *e)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	rc = record_update(&r->ctx, e, id, r->body, NULL, r->if_version,
			   &r->err);
	if (rc)
		return duplicate_refusal(r, e, id, rc);
	return crud_send(r, e, id, 200);
}

int crud_delete(struct req *r, const struct entity *e)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = record_delete(&r->ctx, e, id, r->if_version, &r->err)))
		return rc;
	resp_empty(r, 204);
	return 0;
}
