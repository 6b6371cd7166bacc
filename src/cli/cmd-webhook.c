/* `fulcrum webhook add|list|show|remove|test|deliveries|redeliver`: an
 * admin's webhook subscriptions. add prints the signing secret, once; the
 * deliveries go out from `fulcrum serve`. Read next: core/webhook.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/webhook.h"
#include "util/banned.h"

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
}

static int parse_id(struct cli *cli, const char *s, const char *what,
		    int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0 || end == s)
		return cli_usage(cli, "webhook", "'%s' is not a %s id", s, what);
	*id = v;
	return 0;
}

/* The subcommand's one ID argument. */
static int one_id(struct cli *cli, const char *sub, const struct opts *o,
		  int64_t *id)
{
	if (o->npos != 1)
		return cli_usage(cli, "webhook", "'webhook %s' takes one ID", sub);
	return parse_id(cli, o->pos[0], "webhook", id);
}

static int hook_add(struct cli *cli, const char *sub, const struct opts *o)
{
	char secret[WEBHOOK_SECRET_LEN];
	struct fc_error err = { 0 };
	json_t *events = json_array(), *out = NULL;
	int64_t id = 0;
	int rc;

	if (o->npos != 1) {
		json_decref(events);
		return cli_usage(cli, "webhook", "'webhook add' takes one URL");
	}
	/* --event NAME, repeated, each maybe a comma-separated list */
	for (int i = 0; i < o->n; i++) {
		if (strcmp(o->names[i], "event"))
			continue;
		for (const char *p = o->values[i]; *p;) {
			const char *end = strchr(p, ',');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len)
				json_array_append_new(events, json_stringn(p, len));
			if (!end)
				break;
			p = end + 1;
		}
	}
	rc = webhook_add(&cli->ctx, o->pos[0], events, &id, secret, &err);
	json_decref(events);
	if (rc || (rc = webhook_get(&cli->ctx, id, &out, &err)))
		return cli_fail(cli, &err);
	if (cli->json) {
		json_object_set_new(out, "secret", json_string(secret));
		print_json(out);
	} else {
		printf("added webhook %lld\n", (long long)id);
		printf("signing secret (shown only now): %s\n", secret);
	}
	memset(secret, 0, sizeof(secret));
	json_decref(out);
	return EXIT_OK;
}

static void print_events(json_t *events)
{
	size_t i;
	json_t *v;
	json_array_foreach(events, i, v)
		printf("%s%s", i ? " " : "", json_string_value(v));
}

static void print_hook(json_t *h, int whole)
{
	json_t *last = json_object_get(h, "last_delivery");
	printf("%lld  %-7s  %s  pending %lld  ",
	       (long long)json_integer_value(json_object_get(h, "id")),
	       json_string_value(json_object_get(h, "state")),
	       json_string_value(json_object_get(h, "url")),
	       (long long)json_integer_value(json_object_get(h, "pending")));
	print_events(json_object_get(h, "events"));
	fputc('\n', stdout);
	if (!whole)
		return;
	if (json_string_value(json_object_get(h, "failing_since")))
		printf("failing since %s: a delivery was given up after a day of "
		       "retries\n",
		       json_string_value(json_object_get(h, "failing_since")));
	printf("created %s\n", json_string_value(json_object_get(h, "created_at")));
	if (json_is_object(last))
		printf("last delivery %s: %s%s%lld\n",
		       json_string_value(json_object_get(last, "at")),
		       json_string_value(json_object_get(last, "status")),
		       json_is_integer(json_object_get(last, "code")) ?
		       ", answered " : "",
		       (long long)json_integer_value(json_object_get(last, "code")));
}

static int hook_list(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *out = NULL, *v;
	size_t i;
	if (o->npos)
		return cli_usage(cli, "webhook", "unexpected argument '%s'",
				 o->pos[0]);
	if (webhook_list(&cli->ctx, &out, &err))
		return cli_fail(cli, &err);
	if (cli->json)
		print_json(out);
	else if (!json_array_size(json_object_get(out, "items")))
		printf("no webhooks\n");
	else
		json_array_foreach(json_object_get(out, "items"), i, v)
			print_hook(v, 0);
	json_decref(out);
	return EXIT_OK;
}

static int hook_show(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *out = NULL;
	int64_t id = 0;
	int rc;
	if ((rc = one_id(cli, sub, o, &id)))
		return rc;
	if (webhook_get(&cli->ctx, id, &out, &err))
		return cli_fail(cli, &err);
	if (cli->json)
		print_json(out);
	else
		print_hook(out, 1);
	json_decref(out);
	return EXIT_OK;
}

static int hook_remove(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0;
	int rc;
	if ((rc = one_id(cli, sub, o, &id)))
		return rc;
	if (webhook_remove(&cli->ctx, id, &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "removed webhook %lld", (long long)id);
	return EXIT_OK;
}

static int hook_test(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, delivery = 0;
	int rc;
	if ((rc = one_id(cli, sub, o, &id)))
		return rc;
	if (webhook_ping(&cli->ctx, id, &delivery, &err))
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:I}", "delivery_id", (json_int_t)delivery);
	out_done(cli, j, "queued ping %lld for webhook %lld (`fulcrum serve` "
		 "posts it)", (long long)delivery, (long long)id);
	json_decref(j);
	return EXIT_OK;
}

static int hook_deliveries(struct cli *cli, const char *sub,
			   const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *out = NULL, *v;
	int64_t id = 0, limit = 0;
	size_t i;
	int rc;
	if ((rc = one_id(cli, sub, o, &id)))
		return rc;
	if (opt_get(o, "limit") && (rc = parse_id(cli, opt_get(o, "limit"),
						   "limit (a count), not a", &limit)))
		return rc;
	if (webhook_deliveries(&cli->ctx, id, (int)limit, &out, &err))
		return cli_fail(cli, &err);
	if (cli->json) {
		print_json(out);
		json_decref(out);
		return EXIT_OK;
	}
	if (!json_array_size(json_object_get(out, "items")))
		printf("no deliveries\n");
	json_array_foreach(json_object_get(out, "items"), i, v) {
		json_t *code = json_object_get(v, "code");
		const char *error = json_string_value(json_object_get(v, "error"));
		printf("%lld  %-9s  %-18s  %s %lld  attempts %lld  %s",
		       (long long)json_integer_value(json_object_get(v, "id")),
		       json_string_value(json_object_get(v, "status")),
		       json_string_value(json_object_get(v, "event")),
		       json_string_value(json_object_get(v, "entity")),
		       (long long)json_integer_value(json_object_get(v, "entity_id")),
		       (long long)json_integer_value(json_object_get(v, "attempts")),
		       json_string_value(json_object_get(v, "last_at")) ?
		       json_string_value(json_object_get(v, "last_at")) :
		       json_string_value(json_object_get(v, "created_at")));
		if (json_is_integer(code))
			printf("  answered %lld", (long long)json_integer_value(code));
		else if (error)
			printf("  %s", error);
		fputc('\n', stdout);
	}
	json_decref(out);
	return EXIT_OK;
}

static int hook_redeliver(struct cli *cli, const char *sub,
			  const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, delivery = 0, again = 0;
	int rc;
	if (o->npos != 2)
		return cli_usage(cli, "webhook", "'webhook redeliver' takes a "
				 "webhook ID and a delivery ID");
	if ((rc = parse_id(cli, o->pos[0], "webhook", &id)) ||
	    (rc = parse_id(cli, o->pos[1], "delivery", &delivery)))
		return rc;
	if (webhook_redeliver(&cli->ctx, id, delivery, &again, &err))
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:I}", "delivery_id", (json_int_t)again);
	out_done(cli, j, "queued delivery %lld again as %lld",
		 (long long)delivery, (long long)again);
	json_decref(j);
	return EXIT_OK;
}

static const struct opt_spec add_specs[] = {
	{ "event", 1, "NAME" }, { NULL, 0, NULL }
};
static const struct opt_spec log_specs[] = {
	{ "limit", 1, "N" }, { NULL, 0, NULL }
};

const struct subcmd webhook_subcmds[] = {
	{ "add", hook_add, add_specs, "URL",
	  "subscribe URL to events (--event NAME, repeated or comma-separated;"
	  " '*' for all): prints the signing secret, once" },
	{ "list", hook_list, NULL, NULL, "the subscriptions and their state" },
	{ "show", hook_show, NULL, "ID", "one subscription" },
	{ "remove", hook_remove, NULL, "ID",
	  "the subscription and its pending deliveries go" },
	{ "test", hook_test, NULL, "ID", "queue a ping to the URL" },
	{ "deliveries", hook_deliveries, log_specs, "ID",
	  "the delivery log, newest first (--limit, at most 200)" },
	{ "redeliver", hook_redeliver, NULL, "ID DELIVERY",
	  "deliver that delivery's event again" },
	{ NULL, NULL, NULL, NULL, NULL }
};
