/* Helpers shared by the record commands; see cmd-common.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "core/duplicate.h"
#include "core/field.h"
#include "core/user.h"
#include "util/banned.h"

int cli_id(struct cli *cli, const char *cmd, const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	long long n = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || errno || n <= 0)
		return cli_usage(cli, cmd, "'%s' is not a record id", s ? s : "");
	*id = n;
	return 0;
}

int cli_user_id(struct cli *cli, const char *email, int64_t *id)
{
	struct fc_error err = { 0 };
	if (user_find(&cli->ctx, "user", email, id, &err))
		return cli_fail(cli, &err);
	return 0;
}

/* A list of E as a table: COLUMNS, then one column per custom field of
 * E's kind with people's text of each value (--json keeps "custom"). */
static int list_custom(struct cli *cli, const struct entity *e, json_t *items,
		       const char *const *columns)
{
	struct fc_error err = { 0 };
	const char *cols[64];
	const char *kind = field_kind_of(e);
	json_t *keys = NULL, *rec, *shown;
	size_t i, k, n = 0;

	if (!kind || cli->json || !columns) {
		out_list(cli, items, columns);
		return EXIT_OK;
	}
	keys = json_array();
	json_array_foreach(items, i, rec) {
		json_t *custom = json_object_get(rec, "custom"), *row;
		if (field_values_display(&cli->ctx, kind, custom, &shown, &err)) {
			json_decref(shown);
			json_decref(keys);
			return cli_fail(cli, &err);
		}
		json_array_foreach(shown, k, row) {
			const char *key = json_string_value(json_object_get(row, "key"));
			json_object_set(rec, key, json_object_get(row, "text"));
			if (i == 0)
				json_array_append(keys, json_object_get(row, "key"));
		}
		json_object_del(rec, "custom");
		json_decref(shown);
	}
	for (; columns[n] && n < (sizeof(cols) / sizeof(cols[0])) - 1; n++)
		cols[n] = columns[n];
	json_t *key;
	json_array_foreach(keys, k, key)
		if (n < (sizeof(cols) / sizeof(cols[0])) - 1)
			cols[n++] = json_string_value(key);
	cols[n] = NULL;
	out_list(cli, items, cols);
	json_decref(keys);
	return EXIT_OK;
}

int cli_put_custom(struct cli *cli, json_t *in, const struct opts *o)
{
	json_t *custom = NULL;
	for (int i = 0; i < o->n; i++) {
		if (strcmp(o->names[i], "field"))
			continue;
		const char *v = o->values[i], *eq = strchr(v, '=');
		if (!eq || eq == v)
			return cli_usage(cli, "field", "--field takes KEY=VALUE, not "
					 "'%s'", v);
		if (!custom)
			custom = json_object_get(in, "custom");
		if (!custom) {
			custom = json_object();
			json_object_set_new(in, "custom", custom);
		}
		char key[FIELD_KEY_MAX + 8];
		snprintf(key, sizeof(key), "%.*s", (int)(eq - v), v);
		/* KEY= clears the value */
		json_object_set_new(custom, key, eq[1] ? json_string(eq + 1)
							: json_null());
	}
	return 0;
}

int cli_put_where(struct cli *cli, const struct entity *e, json_t *filters,
		  const struct opts *o)
{
	for (int i = 0; i < o->n; i++) {
		if (strcmp(o->names[i], "where"))
			continue;
		const char *v = o->values[i], *eq = strchr(v, '=');
		if (!eq || eq == v)
			return cli_usage(cli, e->name, "--where takes KEY=VALUE, not "
					 "'%s'", v);
		char key[FIELD_KEY_MAX + 16];
		snprintf(key, sizeof(key), "custom.%.*s", (int)(eq - v), v);
		/* KEY= lists the records without a value */
		json_t *val = eq[1] ? json_string(eq + 1) : json_null();
		json_t *old = json_object_get(filters, key);
		if (old && json_is_array(old)) {
			json_array_append_new(old, val);
		} else if (old) {
			json_t *arr = json_pack("[O, o]", old, val);
			json_object_set_new(filters, key, arr);
		} else {
			json_object_set_new(filters, key, val);
		}
	}
	return 0;
}

void cli_print_custom(struct cli *cli, const struct entity *e, json_t *rec)
{
	struct fc_error err = { 0 };
	const char *kind = field_kind_of(e);
	json_t *shown = NULL, *row;
	size_t i;
	if (!kind || cli->json)
		return;
	if (field_values_display(&cli->ctx, kind, json_object_get(rec, "custom"),
				 &shown, &err)) {
		fprintf(stderr, "fulcrum: custom fields not shown: %s\n", err.message);
	} else if (json_array_size(shown)) {
		printf("custom fields:\n");
		json_array_foreach(shown, i, row)
			printf("  %s: %s\n",
			       json_string_value(json_object_get(row, "label")),
			       json_string_value(json_object_get(row, "text")));
	}
	json_decref(shown);
}

int cli_list(struct cli *cli, const struct entity *e, const struct opts *o,
	     json_t *filters, const char *const *columns)
{
	struct list_query q = { .filters = filters };
	struct fc_error err = { 0 };
	json_t *page = NULL;
	int64_t limit;
	int rc;

	if ((rc = opt_int(cli, o, "limit", &limit, 50)))
		goto out;
	q.limit = (int)limit;
	q.q = opt_get(o, "q");
	q.sort = opt_get(o, "sort");
	q.cursor = opt_get(o, "cursor");
	if (opt_has(o, "owner")) {
		int64_t owner;
		if ((rc = cli_user_id(cli, opt_get(o, "owner"), &owner)))
			goto out;
		json_object_set_new(filters, "owner_id", json_integer(owner));
	}
	if ((rc = cli_put_where(cli, e, filters, o)))
		goto out;
	if ((rc = record_list(&cli->ctx, e, &q, &page, &err))) {
		rc = cli_fail(cli, &err);
		goto out;
	}
	if ((rc = list_custom(cli, e, json_object_get(page, "items"), columns)))
		goto out;
	json_t *next = json_object_get(page, "next_cursor");
	if (json_is_string(next) && !cli->quiet)
		fprintf(stderr, "more: --cursor %s\n", json_string_value(next));
out:
	json_decref(page);
	json_decref(filters);
	return rc;
}

int cli_show(struct cli *cli, const struct entity *e, int64_t id)
{
	struct fc_error err = { 0 };
	json_t *rec;
	if (record_get(&cli->ctx, e, id, &rec, &err))
		return cli_fail(cli, &err);
	out_record(cli, rec);
	cli_print_custom(cli, e, rec);
	json_decref(rec);
	return EXIT_OK;
}

int cli_print_done(struct cli *cli, const struct entity *e, int64_t id,
		   const char *verb)
{
	if (!cli->json) {
		out_done(cli, NULL, "%s %s %lld", verb, e->name, (long long)id);
		return EXIT_OK;
	}
	return cli_show(cli, e, id);
}

int cli_record_list(struct cli *cli, const struct entity *e,
		    const struct opts *o, const struct opt_spec *specs,
		    const char *const *columns)
{
	if (o->npos)
		return cli_usage(cli, e->name, "unexpected argument '%s'", o->pos[0]);
	json_t *filters = json_object();
	for (const struct opt_spec *s = specs; s->name; s++) {
		const struct field *f = entity_field(e, s->name);
		char ref[64];
		snprintf(ref, sizeof(ref), "%s_id", s->name);
		if (!f)
			f = entity_field(e, ref);
		if (!f || !(f->flags & FF_FILTER) || !opt_has(o, s->name) ||
		    !strcmp(s->name, "owner"))
			continue;
		json_object_set_new(filters, f->name, json_string(opt_get(o, s->name)));
	}
	return cli_list(cli, e, o, filters, columns);
}

/* The one id of `show ID` or `delete ID`, and --if-version. */
static int one_id(struct cli *cli, const struct entity *e, const char *sub,
		  const struct opts *o, int64_t *id, int64_t *ver)
{
	if (o->npos != 1)
		return cli_usage(cli, e->name, "%s takes one id", sub);
	int rc = cli_id(cli, e->name, o->pos[0], id);
	return rc ? rc : opt_int(cli, o, "if-version", ver, 0);
}

int cli_record_show(struct cli *cli, const struct entity *e, const char *sub,
		    const struct opts *o)
{
	int64_t id = 0, ver = 0;
	int rc = one_id(cli, e, sub, o, &id, &ver);
	return rc ? rc : cli_show(cli, e, id);
}

int cli_record_delete(struct cli *cli, const struct entity *e, const char *sub,
		      const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int rc = one_id(cli, e, sub, o, &id, &ver);
	if (rc)
		return rc;
	if (record_delete(&cli->ctx, e, id, ver, &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "deleted %s %lld", e->name, (long long)id);
	return EXIT_OK;
}

/* A likely-duplicate refusal says how to go on anyway. */
static const struct fc_error *duplicate_hint(struct fc_error *err,
					     const char *verb)
{
	size_t n = strlen(err->message);
	if (!strcmp(err->rule, DUPLICATE_RULE))
		snprintf(err->message + n, sizeof(err->message) - n, "; add "
			 "--allow-duplicate to %s it anyway", verb);
	return err;
}

int cli_save(struct cli *cli, const struct entity *e, const char *sub,
	     const struct opts *o, json_t *in, const char *name_field)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int rc;
	if (!strcmp(sub, "add")) {
		if (o->npos != (name_field ? 1 : 0))
			return cli_usage(cli, e->name, name_field ? "add takes the %s's "
					 "name" : "add takes no argument: %s", e->name);
		if (name_field)
			json_object_set_new(in, name_field, json_string(o->pos[0]));
		if (record_create(&cli->ctx, e, in, NULL, &id, &err))
			return cli_fail(cli, duplicate_hint(&err, "create"));
		return cli_print_done(cli, e, id, "created");
	}
	if (o->npos != 1)
		return cli_usage(cli, e->name, "edit takes one id");
	if ((rc = cli_id(cli, e->name, o->pos[0], &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	if (record_update(&cli->ctx, e, id, in, NULL, ver, &err))
		return cli_fail(cli, duplicate_hint(&err, "save"));
	return cli_print_done(cli, e, id, "updated");
}

int cli_put_owner(struct cli *cli, json_t *in, const struct opts *o)
{
	int64_t owner;
	int rc;
	if (!opt_has(o, "owner"))
		return 0;
	if ((rc = cli_user_id(cli, opt_get(o, "owner"), &owner)))
		return rc;
	json_object_set_new(in, "owner_id", json_integer(owner));
	return 0;
}

const struct opt_spec cli_id_specs[] = { { "if-version", 1, "N" }, { NULL, 0, NULL } };
