/* The plain verbs shared by resource routes: list, get, create, update and
 * delete through core's generic record layer (core/record.h), with ETags
 * and Location; update and delete pass on r->if_version, so their rows
 * carry ROUTE_IF_MATCH. Resources with rules call their core service
 * instead and answer with crud_send(). */
#ifndef FC_HTTP_ROUTES_CRUD_H
#define FC_HTTP_ROUTES_CRUD_H

#include "http/http.h"

/* Answers record ID of E with STATUS (201 adds Location under r->path). */
int crud_send(struct req *r, const struct entity *e, int64_t id, int status);
int crud_list(struct req *r, const struct entity *e);
int crud_get(struct req *r, const struct entity *e);
int crud_create(struct req *r, const struct entity *e);
int crud_update(struct req *r, const struct entity *e);
int crud_delete(struct req *r, const struct entity *e);

/* Defines static NAME_list/_get/_create/_update/_delete for entity E. */
#define CRUD_HANDLERS(name, e) \
	static int name##_list(struct req *r) { return crud_list(r, e); } \
	static int name##_get(struct req *r) { return crud_get(r, e); } \
	static int name##_create(struct req *r) { return crud_create(r, e); } \
	static int name##_update(struct req *r) { return crud_update(r, e); } \
	static int name##_delete(struct req *r) { return crud_delete(r, e); }

#endif
