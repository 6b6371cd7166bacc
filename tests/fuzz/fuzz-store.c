/* See fuzz-store.h. */
#include "fuzz-store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/deal.h"
#include "core/org.h"
#include "core/record.h"
#include "store/migrate.h"

struct fc_ctx fuzz_ctx;
static struct fc_ctx saved;

static void die(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "fuzz store: %s: %s\n", what, err->message);
	abort();
}

void fuzz_store_open(int with_org)
{
	fuzz_store_open_at(":memory:", with_org);
}

void fuzz_store_open_at(const char *url, int with_org)
{
	struct org_init acme = { "Acme", FUZZ_ADMIN, "Ada Admin" };
	struct fc_error err;
	struct db *db;

	if (db_open(url, &db, &err))
		die("open", &err);
	if (migrate_run(db, NULL, &err))
		die("migrate", &err);
	ctx_init(&fuzz_ctx, db);
	fuzz_ctx.now = 1767268800;	/* 2026-01-01T12:00:00Z: runs repeat */
	if (with_org) {
		json_t *rep = json_pack("{s:s, s:s, s:s, s:s}", "email",
					FUZZ_REP, "name", "Rae Rep", "role",
					"rep", "team", "east");
		int64_t id;

		if (org_create(&fuzz_ctx, &acme, &err))
			die("organisation", &err);
		if (record_create(&fuzz_ctx, &entity_user, rep, NULL, &id, &err))
			die("rep", &err);
		json_decref(rep);
	}
	saved = fuzz_ctx;
}

static int64_t add(const struct entity *e, json_t *in)
{
	struct fc_error err;
	int64_t id = 0;

	/* the store's people and companies are alike on purpose */
	if (e == &entity_contact || e == &entity_account)
		json_object_set_new(in, "allow_duplicate", json_true());
	if (record_create(&fuzz_ctx, e, in, NULL, &id, &err))
		die(e->name, &err);
	json_decref(in);
	return id;
}

void fuzz_store_add_records(void)
{
	static const char *const names[] = { "Zeta GmbH", "alpha ltd", "Émile & Co" };
	struct fc_error err;

	for (int i = 0; i < 3; i++) {
		int64_t acct, contact, deal;
		json_t *in;

		if (ctx_act_as(&fuzz_ctx, i ? FUZZ_REP : FUZZ_ADMIN, &err))
			die("act as", &err);
		acct = add(&entity_account, json_pack("{s:s, s:s}", "name",
			names[i], "domain", i ? "alpha.example" : "zeta.example"));
		contact = add(&entity_contact, json_pack("{s:s, s:s, s:I}",
			"name", names[i], "email", i ? "a@alpha.example" :
			"z@zeta.example", "account_id", (json_int_t)acct));
		in = json_pack("{s:s, s:I, s:I, s:s, s:s, s:{s:s, s:s}}",
			"title", names[i], "account_id", (json_int_t)acct,
			"contact_id", (json_int_t)contact, "value", "1200.50",
			"close_date", "2026-03-01", "next_step", "what", "call",
			"due", "2026-01-05");
		if (deal_create(&fuzz_ctx, in, &deal, &err))
			die("deal", &err);
		json_decref(in);
	}
	fuzz_ctx = saved;
}

void fuzz_store_begin(void)
{
	if (db_begin(fuzz_ctx.db, 1))
		abort();
}

void fuzz_store_reset(void)
{
	while (fuzz_ctx.db->tx_depth > 0)
		db_rollback(fuzz_ctx.db);
	fuzz_ctx = saved;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
