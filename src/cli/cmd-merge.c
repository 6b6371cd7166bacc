/* fulcrum merge: two contacts or two accounts into one, and undoing that
 * the same day (core/merge.h, docs/merge.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/merge.h"
#include "util/banned.h"

static const struct opt_spec merge_specs[] = {
	{ "take", 1, "FIELD[=other|survivor]" }, { "preview", 0, NULL },
	{ NULL, 0, NULL }
};

/* --take FIELD (the other record's value) or FIELD=other|survivor, as
 * many as needed, into {"FIELD": "other"|"survivor"}. */
static int takes(struct cli *cli, const struct opts *o, json_t **out)
{
	json_t *take = json_object();
	for (int i = 0; i < o->n; i++) {
		char name[64];
		const char *v = o->values[i], *eq;
		if (strcmp(o->names[i], "take") || !v)
			continue;
		eq = strchr(v, '=');
		snprintf(name, sizeof(name), "%.*s",
			 (int)(eq ? (size_t)(eq - v) : strlen(v)), v);
		json_object_set_new(take, name, json_string(eq ? eq + 1 : "other"));
	}
	*out = take;
	(void)cli;
	return 0;
}

/* A field's value as a person reads it. */
static void show_value(json_t *v, char *out, size_t n)
{
	if (!v || json_is_null(v)) {
		snprintf(out, n, "-");
	} else if (json_is_string(v)) {
		snprintf(out, n, "%s", json_string_value(v));
	} else {
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		snprintf(out, n, "%s", s ? s : "");
		free(s);
	}
}

static void print_preview(json_t *p)
{
	json_t *f;
	size_t i;
	printf("%-20s %-28s %-28s %s\n", "field", "survivor", "other", "keeps");
	json_array_foreach(json_object_get(p, "fields"), i, f) {
		char sv[64], ov[64];
		show_value(json_object_get(f, "survivor"), sv, sizeof(sv));
		show_value(json_object_get(f, "other"), ov, sizeof(ov));
		printf("%-20s %-28.28s %-28.28s %s\n",
		       json_string_value(json_object_get(f, "name")), sv, ov,
		       json_string_value(json_object_get(f, "take")));
	}
}

static void print_merge(json_t *m, const char *survivor_name)
{
	const char *key;
	json_t *v;
	printf("merged %s %lld (%s) into %s %lld%s%s%s: merge %lld\n",
	       json_string_value(json_object_get(m, "entity")),
	       (long long)json_integer_value(json_object_get(m, "merged_id")),
	       json_string_value(json_object_get(m, "merged_name")),
	       json_string_value(json_object_get(m, "entity")),
	       (long long)json_integer_value(json_object_get(m, "survivor_id")),
	       survivor_name ? " (" : "", survivor_name ? survivor_name : "",
	       survivor_name ? ")" : "",
	       (long long)json_integer_value(json_object_get(m, "id")));
	json_object_foreach(json_object_get(m, "moved"), key, v)
		printf("  moved %lld %s\n", (long long)json_integer_value(v), key);
	if (json_integer_value(json_object_get(m, "set_aside")))
		printf("  set aside %lld already on the survivor\n", (long long)
		       json_integer_value(json_object_get(m, "set_aside")));
	if (json_is_true(json_object_get(m, "undoable")))
		printf("undo it today with: fulcrum merge undo %lld\n",
		       (long long)json_integer_value(json_object_get(m, "id")));
	else if (!json_is_null(json_object_get(m, "undone_at")))
		printf("undone at %s\n",
		       json_string_value(json_object_get(m, "undone_at")));
}

static int run_merge(struct cli *cli, const char *sub, const struct opts *o)
{
	const struct entity *e = !strcmp(sub, "contact") ? &entity_contact :
				 &entity_account;
	struct fc_error err = { 0 };
	int64_t survivor, other, id;
	json_t *take = NULL, *out = NULL, *rec = NULL;
	int rc;
	if (o->npos != 2)
		return cli_usage(cli, "merge", "merge %s takes SURVIVOR OTHER", sub);
	if ((rc = cli_id(cli, "merge", o->pos[0], &survivor)) ||
	    (rc = cli_id(cli, "merge", o->pos[1], &other)) ||
	    (rc = takes(cli, o, &take)))
		return rc;
	if (opt_has(o, "preview")) {
		rc = merge_preview(&cli->ctx, e, survivor, other, take, &out, &err);
		json_decref(take);
		if (rc)
			return cli_fail(cli, &err);
		if (cli->json)
			out_done(cli, out, "%s", "");
		else
			print_preview(out);
		json_decref(out);
		return EXIT_OK;
	}
	rc = merge_records(&cli->ctx, e, survivor, other, take, &id, &err);
	json_decref(take);
	if (rc || merge_get(&cli->ctx, id, &out, &err))
		return cli_fail(cli, &err);
	if (cli->json) {
		out_done(cli, out, "%s", "");
	} else if (!cli->quiet) {
		if (record_get(&cli->ctx, e, survivor, &rec, &err))
			rec = NULL;
		print_merge(out, json_string_value(json_object_get(rec, "name")));
	}
	json_decref(rec);
	json_decref(out);
	return EXIT_OK;
}

static int undo(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *out = NULL;
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "merge", "undo takes a merge id");
	if ((rc = cli_id(cli, "merge", o->pos[0], &id)))
		return rc;
	if (merge_undo(&cli->ctx, id, &err) || merge_get(&cli->ctx, id, &out, &err))
		return cli_fail(cli, &err);
	out_done(cli, out, "undid merge %lld: %s %lld (%s) is back",
		 (long long)id, json_string_value(json_object_get(out, "entity")),
		 (long long)json_integer_value(json_object_get(out, "merged_id")),
		 json_string_value(json_object_get(out, "merged_name")));
	json_decref(out);
	return EXIT_OK;
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *out = NULL;
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "merge", "show takes a merge id");
	if ((rc = cli_id(cli, "merge", o->pos[0], &id)))
		return rc;
	if (merge_get(&cli->ctx, id, &out, &err))
		return cli_fail(cli, &err);
	if (cli->json) {
		out_done(cli, out, "%s", "");
	} else {
		json_t *rec = NULL;
		const struct entity *e = entity_find(json_string_value(
			json_object_get(out, "entity")));
		if (!e || record_get(&cli->ctx, e, json_integer_value(
			json_object_get(out, "survivor_id")), &rec, &err))
			rec = NULL;
		print_merge(out, json_string_value(json_object_get(rec, "name")));
		json_decref(rec);
	}
	json_decref(out);
	return EXIT_OK;
}

static const char *const list_columns[] = { "id", "merged_at", "merged_id",
	"merged_name", "undone_at", "undoable", NULL };

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	const struct entity *e;
	json_t *out = NULL;
	int64_t id;
	int rc;
	if (o->npos != 2 || (strcmp(o->pos[0], "contact") &&
			     strcmp(o->pos[0], "account")))
		return cli_usage(cli, "merge", "list takes contact|account ID");
	e = !strcmp(o->pos[0], "contact") ? &entity_contact : &entity_account;
	if ((rc = cli_id(cli, "merge", o->pos[1], &id)))
		return rc;
	if (merge_list(&cli->ctx, e, id, &out, &err))
		return cli_fail(cli, &err);
	out_list(cli, json_object_get(out, "items"), list_columns);
	json_decref(out);
	return EXIT_OK;
}

const struct subcmd merge_subcmds[] = {
	{ "contact", run_merge, merge_specs, "SURVIVOR OTHER",
	  "merge contact OTHER into SURVIVOR (--preview: show the fields only)" },
	{ "account", run_merge, merge_specs, "SURVIVOR OTHER",
	  "merge account OTHER into SURVIVOR (--preview: show the fields only)" },
	{ "undo", undo, NULL, "ID", "undo merge ID, the day it was made" },
	{ "show", show, NULL, "ID", "one merge: what moved, whether it can be undone" },
	{ "list", list, NULL, "contact|account ID", "the merges into a record" },
	{ NULL, NULL, NULL, NULL, NULL }
};
