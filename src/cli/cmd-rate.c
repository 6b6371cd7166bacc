/* fulcrum rate: the base currency and the exchange rates reports convert
 * with (docs/money.md); fulcrum import rates FILE.csv. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/rate.h"
#include "util/buf.h"
#include "util/banned.h"

#define RATES_FILE_MAX ((size_t)4 << 20)

static const char *const columns[] = { "id", "currency", "valid_from", "rate",
	NULL };

static const struct opt_spec add_specs[] = {
	{ "currency", 1, "CODE" }, { "date", 1, "YYYY-MM-DD" },
	{ "rate", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "currency", 1, "CODE" }, LIST_SPECS, { NULL, 0, NULL }
};

/* add --currency EUR --date 2026-01-01 --rate 1.08: 1 EUR is worth 1.08
 * of the base currency from that date on (replacing that day's rate). */
static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	if (o->npos || !opt_has(o, "currency") || !opt_has(o, "date") ||
	    !opt_has(o, "rate"))
		return cli_usage(cli, "rate", "give --currency CODE --date "
				 "YYYY-MM-DD --rate N");
	if (rate_put(&cli->ctx, opt_get(o, "currency"), opt_get(o, "date"),
		     opt_get(o, "rate"), &id, &err))
		return cli_fail(cli, &err);
	return cli_print_done(cli, &entity_rate, id, "saved");
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_rate, o, list_specs, columns);
}

static int remove_rate(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_rate, sub, o);
}

/* base: prints the base currency; base CODE sets it (admins). */
static int base(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	char code[4];
	if (o->npos > 1)
		return cli_usage(cli, "rate", "give at most one currency CODE");
	if (o->npos && rate_set_base_currency(&cli->ctx, o->pos[0], &err))
		return cli_fail(cli, &err);
	if (rate_base_currency(&cli->ctx, code, &err))
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:s}", "base_currency", code);
	out_done(cli, j, "base currency %s", code);	/* borrows J */
	json_decref(j);
	return EXIT_OK;
}

const struct subcmd rate_subcmds[] = {
	{ "add", add, add_specs, NULL, "the rate of a currency from a date "
	  "(1 unit in the base currency)" },
	{ "list", list, list_specs, NULL, "the rates, filtered" },
	{ "remove", remove_rate, cli_id_specs, "ID", "remove a rate" },
	{ "base", base, NULL, "[CODE]", "show or set the base currency" },
	{ NULL, NULL, NULL, NULL, NULL }
};

/* FILE, or standard input for "-", whole and bounded. */
static int read_rates(const char *path, struct buf *out, struct fc_error *err)
{
	int std = !strcmp(path, "-");
	FILE *f = std ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;
	buf_init(out, RATES_FILE_MAX);
	if (!f)
		return fc_fail(err, FC_ENOTFOUND, NULL, "cannot open '%s': %s", path,
			       strerror(errno));
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(out, chunk, n))
			rc = fc_fail(err, FC_ELIMIT, NULL, "'%s' is larger than %zu "
				     "bytes", path, RATES_FILE_MAX);
	if (!rc && ferror(f))
		rc = fc_fail(err, FC_ESTORE, NULL, "cannot read '%s'", path);
	if (!std)
		fclose(f);
	return rc;
}

int cmd_import_rates(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct buf data;
	int64_t count = 0;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "import", "give the FILE.csv of rates "
				 "(currency,date,rate), or - for standard input");
	/* import runs without a user (a restore needs none): act as one */
	if (ctx_act_as(&cli->ctx, cli->as, &err))
		return cli_fail(cli, &err);
	rc = read_rates(o->pos[0], &data, &err);
	if (!rc)
		rc = rate_import_csv(&cli->ctx, data.s, data.len,
				     &count, &err);
	buf_release(&data);
	if (rc)
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:I}", "imported", (json_int_t)count);
	out_done(cli, j, "imported %lld rates", (long long)count);	/* borrows J */
	json_decref(j);
	return EXIT_OK;
}
