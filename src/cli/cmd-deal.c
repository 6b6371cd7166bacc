/* fulcrum deal: deals and their moves through the process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/deal.h"
#include "core/delivery.h"
#include "core/display.h"
#include "core/engage.h"
#include "core/money.h"
#include "core/names.h"
#include "core/process.h"
#include "util/buf.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "title", "step", "status", "value",
	"currency", "close_date", "owner_id", "account_id", NULL };
static const char *const history_columns[] = { "at", "actor", "action",
	"from_step", "to_step", "reason", "change", NULL };

/* The options of each subcommand. */
#define DEAL_FIELD_SPECS \
	{ "title", 1, "T" }, { "value", 1, "N" }, { "currency", 1, "C" }, \
	{ "close", 1, "DATE" }, { "account", 1, "ID" }, { "contact", 1, "ID" }, \
	{ "owner", 1, "EMAIL" }, FIELD_SPEC
static const struct opt_spec add_specs[] = {
	DEAL_FIELD_SPECS, { "process", 1, "KEY" }, { "next", 1, "WHAT" },
	{ "due", 1, "DATE" }, { "type", 1, "T" }, { "referral", 1, "ID" },
	{ NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "step", 1, "S" }, { "status", 1, "open|won|lost|disqualified" },
	{ "process", 1, "KEY" }, WHERE_SPEC, LIST_SPECS, { NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	DEAL_FIELD_SPECS, { "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec advance_specs[] = {
	{ "to", 1, "STEP" }, { "force", 0, NULL }, { "reason", 1, "TEXT" },
	{ "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec win_specs[] = {
	{ "delivered", 1, "DATE" }, { "force", 0, NULL }, { "reason", 1, "TEXT" },
	{ "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec lose_specs[] = {
	{ "reason", 1, "TEXT" }, { "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec disqualify_specs[] = {
	{ "reason", 1, engage_disqualify_reason_list },
	{ "note", 1, "TEXT" }, { "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec reopen_specs[] = {
	{ "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec deliver_specs[] = {
	{ "date", 1, "DATE" }, { NULL, 0, NULL }
};
static const struct opt_spec stakeholder_specs[] = {
	{ "contact", 1, "ID" },
	{ "role", 1, deal_stakeholder_role_list }, { "remove", 0, NULL },
	{ NULL, 0, NULL }
};

static int deal_fields(struct cli *cli, json_t *in, const struct opts *o)
{
	int rc;
	opt_put(in, o, "title", "title");
	opt_put(in, o, "value", "value");
	opt_put(in, o, "currency", "currency");
	opt_put(in, o, "close", "close_date");
	if ((rc = opt_put_int(cli, in, o, "account", "account_id")) ||
	    (rc = opt_put_int(cli, in, o, "contact", "contact_id")))
		return rc;
	if ((rc = cli_put_custom(cli, in, o)))
		return rc;
	return cli_put_owner(cli, in, o);
}

static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	(void)sub;
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "deal", "add takes the deal's TITLE");
	if (opt_has(o, "next") != opt_has(o, "due"))
		return cli_usage(cli, "deal", "--next WHAT goes with --due DATE");
	json_t *in = json_pack("{s:s}", "title", o->pos[0]);
	if ((rc = deal_fields(cli, in, o)))
		goto out;
	opt_put(in, o, "process", "process");
	if ((rc = opt_put_int(cli, in, o, "referral", "referral_id")))
		goto out;
	if (opt_has(o, "next")) {
		json_t *next = json_object();
		opt_put(next, o, "next", "what");
		opt_put(next, o, "due", "due");
		opt_put(next, o, "type", "type");
		json_object_set_new(in, "next_step", next);
	}
	if (deal_create(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_deal, id, "created");
out:
	json_decref(in);
	return rc;
}

/* The deal id of a subcommand taking one, and --if-version (0: absent). */
static int deal_id(struct cli *cli, const char *sub, const struct opts *o,
		   int64_t *id, int64_t *ver)
{
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "deal", "'%s' takes one deal id", sub);
	if ((rc = cli_id(cli, "deal", o->pos[0], id)))
		return rc;
	return opt_int(cli, o, "if-version", ver, 0);
}

/* "owner Ana Dubois <ana@x.test>, account Harbor Motors, contact ...":
 * whose the deal is, by name. */
static void print_people(struct cli *cli, json_t *d)
{
	struct fc_error err = { 0 };
	json_t *one = json_array();
	json_array_append(one, d);
	if (names_add(&cli->ctx, one, NULL, &err))
		fprintf(stderr, "fulcrum: names not shown: %s\n", err.message);
	json_decref(one);
	const char *owner = json_string_value(json_object_get(d, "owner_name"));
	const char *email = json_string_value(json_object_get(d, "owner_email"));
	const char *account = json_string_value(json_object_get(d, "account_name"));
	const char *contact = json_string_value(json_object_get(d, "contact_name"));
	printf("owner %s%s%s%s, account %s, contact %s\n", owner ? owner : "-",
	       email ? " <" : "", email ? email : "", email ? ">" : "",
	       account ? account : "-", contact ? contact : "-");
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	json_t *d;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	if (deal_show(&cli->ctx, id, &d, &err))
		return cli_fail(cli, &err);
	if (cli->json) {
		out_record(cli, d);
		json_decref(d);
		return EXIT_OK;
	}
	printf("deal %lld: %s\n", (long long)id,
	       json_string_value(json_object_get(d, "title")));
	char value[DISPLAY_MONEY_MAX];
	money_display(json_integer_value(json_object_get(d, "value_minor")),
		      json_string_value(json_object_get(d, "currency")), value,
		      sizeof(value));
	printf("status %s, step '%s' (%s), value %s, close %s\n",
	       json_string_value(json_object_get(d, "status")),
	       json_string_value(json_object_get(d, "step")),
	       json_string_value(json_object_get(d, "step_name")), value,
	       json_is_string(json_object_get(d, "close_date")) ?
	       json_string_value(json_object_get(d, "close_date")) : "-");
	print_people(cli, d);
	cli_print_custom(cli, &entity_deal, d);
	const char *dq = json_string_value(json_object_get(d, "disqualified_reason"));
	const char *dq_note = json_string_value(json_object_get(d, "disqualified_note"));
	if (dq)
		printf("disqualified: %s%s%s\n", dq, dq_note ? ": " : "",
		       dq_note ? dq_note : "");
	printf("goal: %s\n", json_string_value(json_object_get(d, "goal")));
	json_t *next = json_object_get(d, "next_step");
	if (json_is_object(next))
		printf("next step: %s, due %s\n",
		       json_string_value(json_object_get(next, "what")),
		       json_string_value(json_object_get(next, "due")));
	else
		printf("next step: none (agree on one)\n");
	printf("exit checklist:\n");
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(d, "checklist"), i, item)
		printf("  [%s] %s\n", json_is_true(json_object_get(item, "done")) ?
		       "x" : " ", json_string_value(json_object_get(item, "item")));
	printf("wants:\n");
	json_array_foreach(json_object_get(d, "wants"), i, item)
		printf("  #%lld %-10s (%lld) %s\n",
		       (long long)json_integer_value(json_object_get(item, "id")),
		       json_string_value(json_object_get(item, "kind")),
		       (long long)json_integer_value(json_object_get(item, "importance")),
		       json_string_value(json_object_get(item, "text")));
	printf("fits:\n");
	json_array_foreach(json_object_get(d, "fits"), i, item)
		printf("  %s -> %s: %s\n",
		       json_string_value(json_object_get(item, "want")),
		       json_string_value(json_object_get(item, "offering")),
		       json_string_value(json_object_get(item, "how")));
	printf("stakeholders:\n");
	json_array_foreach(json_object_get(d, "stakeholders"), i, item)
		printf("  %s (#%lld): %s\n",
		       json_string_value(json_object_get(item, "name")),
		       (long long)json_integer_value(json_object_get(item, "contact_id")),
		       json_string_value(json_object_get(item, "role")));
	printf("guidance: %s\n", json_string_value(json_object_get(d, "guidance")));
	json_decref(d);
	return EXIT_OK;
}

static void value_text(const char *key, json_t *v, const char *currency,
		       struct buf *out)
{
	size_t n = strlen(key);
	char money[DISPLAY_MONEY_MAX];
	if (n > 6 && !strcmp(key + n - 6, "_minor") && json_is_integer(v)) {
		money_display(json_integer_value(v), currency, money, sizeof(money));
		buf_adds(out, money);
	} else if (json_is_string(v)) {
		buf_adds(out, json_string_value(v));
	} else {
		char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		buf_adds(out, t ? t : "-");
		free(t);
	}
}

/* What an event changed, for people: "value USD 10.50 -> USD 20.00" (events keep
 * amounts in minor units, as *_minor members, each side in its own currency
 * when the event changed it); of a creation only its amount. */
static json_t *change_text(json_t *data, const char *currency)
{
	json_t *before = json_object_get(data, "before");
	json_t *after = json_object_get(data, "after"), *v;
	struct buf out = BUF_INIT;
	const char *key;
	json_object_foreach(after ? after : data, key, v) {
		size_t n = strlen(key);
		int money = n > 6 && !strcmp(key + n - 6, "_minor");
		if (!after && !money)
			continue;
		buf_addf(&out, "%s%.*s ", out.len ? ", " : "",
			 (int)(money ? n - 6 : n), key);
		if (after) {
			const char *was = json_string_value(json_object_get(before,
									    "currency"));
			value_text(key, json_object_get(before, key),
				   was ? was : currency, &out);
			buf_adds(&out, " -> ");
		}
		const char *now = json_string_value(json_object_get(after ? after :
								    data, "currency"));
		value_text(key, v, now ? now : currency, &out);
	}
	json_t *s = out.len ? json_string(out.s) : json_null();
	buf_release(&out);
	return s;
}

static const struct opt_spec history_specs[] = {
	{ "all", 0, NULL }, { NULL, 0, NULL }
};

static int history(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	json_t *h, *row;
	size_t i;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	if (deal_history(&cli->ctx, id, opt_has(o, "all"), &h, &err))
		return cli_fail(cli, &err);
	if (!cli->json) {
		/* amounts read in the deal's currency */
		json_t *d = NULL;
		if (deal_show(&cli->ctx, id, &d, &err)) {
			json_decref(h);
			return cli_fail(cli, &err);
		}
		const char *cur = json_string_value(json_object_get(d, "currency"));
		json_array_foreach(h, i, row)
			json_object_set_new(row, "change", change_text(
					    json_object_get(row, "data"), cur));
		json_decref(d);
	}
	out_list(cli, h, history_columns);
	json_decref(h);
	return EXIT_OK;
}

static int edit(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	json_t *in = json_object();
	if (!(rc = deal_fields(cli, in, o))) {
		if (deal_update(&cli->ctx, id, in, ver, &err))
			rc = cli_fail(cli, &err);
		else
			rc = cli_print_done(cli, &entity_deal, id, "updated");
	}
	json_decref(in);
	return rc;
}

static int stakeholder(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver, contact;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	if (!opt_has(o, "contact"))
		return cli_usage(cli, "deal", "stakeholder needs --contact ID");
	if ((rc = opt_int(cli, o, "contact", &contact, 0)))
		return rc;
	if (opt_has(o, "remove"))
		rc = deal_stakeholder_remove(&cli->ctx, id, contact, &err);
	else
		rc = deal_stakeholder_set(&cli->ctx, id, contact, opt_get(o, "role"),
					  &err);
	if (rc)
		return cli_fail(cli, &err);
	out_done(cli, NULL, "stakeholders of deal %lld updated", (long long)id);
	return EXIT_OK;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	(void)sub;
	if (o->npos)
		return cli_usage(cli, "deal", "unexpected argument '%s'", o->pos[0]);
	json_t *filters = json_object();
	opt_put(filters, o, "step", "step");
	opt_put(filters, o, "status", "status");
	if (opt_has(o, "process")) {
		int64_t pid;
		if (process_id_find(&cli->ctx, opt_get(o, "process"), &pid, &err)) {
			json_decref(filters);
			return cli_fail(cli, &err);
		}
		json_object_set_new(filters, "process_id", json_integer(pid));
	}
	return cli_list(cli, &entity_deal, o, filters, columns);
}

/* What every move prints: the deal's new state (--json: the deal). RC and
 * ERR are the core call's. */
static int moved(struct cli *cli, int64_t id, int rc, struct fc_error *err)
{
	json_t *d;
	if (rc)
		return cli_fail(cli, err);
	if (cli->json)
		return cli_show(cli, &entity_deal, id);
	if (record_get(&cli->ctx, &entity_deal, id, &d, err))
		return cli_fail(cli, err);
	out_done(cli, NULL, "deal %lld: %s at step '%s'", (long long)id,
		 json_string_value(json_object_get(d, "status")),
		 json_string_value(json_object_get(d, "step")));
	json_decref(d);
	return EXIT_OK;
}

static int advance(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	struct advance_opts a = { .to = opt_get(o, "to"),
				  .force = opt_has(o, "force"),
				  .reason = opt_get(o, "reason"),
				  .if_version = ver };
	return moved(cli, id, deal_advance(&cli->ctx, id, &a, &err), &err);
}

static int win(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	return moved(cli, id, deal_win(&cli->ctx, id, opt_get(o, "delivered"),
				       opt_has(o, "force"), opt_get(o, "reason"),
				       ver, &err), &err);
}

static int lose(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	return moved(cli, id, deal_lose(&cli->ctx, id, opt_get(o, "reason"),
					ver, &err), &err);
}

static int disqualify(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	return moved(cli, id, deal_disqualify(&cli->ctx, id, opt_get(o, "reason"),
					      opt_get(o, "note"), ver, &err), &err);
}

static int reopen(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	return moved(cli, id, deal_reopen(&cli->ctx, id, ver, &err), &err);
}

static int deliver(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if ((rc = deal_id(cli, sub, o, &id, &ver)))
		return rc;
	if (deal_deliver(&cli->ctx, id, opt_get(o, "date"), &err))
		return cli_fail(cli, &err);
	return moved(cli, id, 0, &err);
}

const struct subcmd deal_subcmds[] = {
	{ "add", add, add_specs, "TITLE", "a new deal; --next and --due are its "
	  "agreed next step (R1); --referral ID the referral that produced it" },
	{ "list", list, list_specs, NULL, "deals, filtered" },
	{ "show", show, NULL, "ID", "the deal, its next step, checklist, wants "
	  "and fits" },
	{ "history", history, history_specs, "ID", "every event of the deal (--all: "
	  "and of its wants, fits, next steps and interactions, as a missed "
	  "promise)" },
	{ "edit", edit, edit_specs, "ID", "change the deal's fields" },
	{ "stakeholder", stakeholder, stakeholder_specs, "ID",
	  "set a stakeholder's --role, or --remove them" },
	{ "advance", advance, advance_specs, "ID", "to the next step or --to STEP "
	  "(R2, R3)" },
	{ "win", win, win_specs, "ID", "won; --delivered DATE schedules the "
	  "satisfaction check (R4)" },
	{ "deliver", deliver, deliver_specs, "ID", "a won deal delivered again "
	  "(--date DATE, default today): schedules that delivery's check" },
	{ "lose", lose, lose_specs, "ID", "lost, with --reason TEXT" },
	{ "disqualify", disqualify, disqualify_specs, "ID", "disqualified, not "
	  "lost: --reason why the sale cannot be, and a --note; outside the win "
	  "rate" },
	{ "reopen", reopen, reopen_specs, "ID", "open again at the step it left" },
	{ NULL, NULL, NULL, NULL, NULL }
};
