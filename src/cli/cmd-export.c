/* fulcrum export LIST|vcard|ical|json [FILE]: writes a list as CSV with the
 * list's filters, contacts as vCard, the acting user's calendar, or the
 * whole organisation as JSON, to FILE or stdout (core/export.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/auth.h"
#include "core/export.h"
#include "io/csv-reader.h"
#include "util/buf.h"
#include "util/banned.h"

/* The options of each export: the lists take their filters (a filter a
 * list lacks is refused when it runs), vCard the contacts' and a version. */
#define FILTER_SPECS \
	{ "owner", 1, "EMAIL" }, { "q", 1, "TEXT" }, { "status", 1, "S" }, \
	{ "step", 1, "S" }, { "account", 1, "ID" }, { "contact", 1, "ID" }, \
	{ "deal", 1, "ID" }, { "industry", 1, "I" }, { "source", 1, "S" }, \
	{ "kind", 1, "K" }, { "type", 1, "T" }
static const struct opt_spec list_specs[] = {
	FILTER_SPECS, { "safe", 0, NULL }, { "raw", 0, NULL }, { NULL, 0, NULL }
};
static const struct opt_spec vcard_specs[] = {
	FILTER_SPECS, { "version", 1, "3|4" }, { NULL, 0, NULL }
};
static const struct opt_spec ical_specs[] = {
	{ "new-feed-token", 0, NULL }, { "base", 1, "URL" }, { NULL, 0, NULL }
};

/* option -> list filter field */
static const struct { const char *opt, *field; } filter_opts[] = {
	{ "status", "status" }, { "step", "step" }, { "account", "account_id" },
	{ "contact", "contact_id" }, { "deal", "deal_id" },
	{ "industry", "industry" }, { "source", "source" }, { "kind", "kind" },
	{ "type", "type" }, { NULL, NULL }
};

static int write_file(void *data, const char *s, size_t len)
{
	return fwrite(s, 1, len, data) != len;
}

static int filters_of(struct cli *cli, const struct entity *e,
		      const struct opts *o, json_t *filters)
{
	for (int i = 0; filter_opts[i].opt; i++) {
		const char *v = opt_get(o, filter_opts[i].opt);
		const struct field *f;
		if (!v)
			continue;
		f = entity_field(e, filter_opts[i].field);
		if (!f || !(f->flags & FF_FILTER))
			return cli_usage(cli, "export", "--%s does not filter %s",
					 filter_opts[i].opt, e->plural);
		if (f->type == FT_REF || f->type == FT_INT) {
			char *end;
			long long n = strtoll(v, &end, 10);
			if (*end || n <= 0)
				return cli_usage(cli, "export", "--%s takes an id, not '%s'",
						 filter_opts[i].opt, v);
			json_object_set_new(filters, f->name, json_integer(n));
		} else {
			json_object_set_new(filters, f->name, json_string(v));
		}
	}
	const char *owner = opt_get(o, "owner");
	if (owner) {
		int64_t id;
		int rc;
		if (!entity_field(e, "owner_id"))
			return cli_usage(cli, "export", "--owner does not filter %s",
					 e->plural);
		if ((rc = cli_user_id(cli, owner, &id)))
			return rc;
		json_object_set_new(filters, "owner_id", json_integer(id));
	}
	return 0;
}

static int feed_token(struct cli *cli, const struct opts *o)
{
	struct fc_error err;
	char *token = NULL;
	const char *base = opt_get(o, "base");
	fc_error_clear(&err);
	if (auth_calendar_token_rotate(&cli->ctx, &token, &err))
		return cli_fail(cli, &err);
	printf("%s/cal/%s.ics\n", base ? base : "http://127.0.0.1:8080", token);
	if (!cli->quiet)
		fprintf(stderr, "subscribe to this address in a calendar app; an "
			"earlier address of yours stops working\n");
	free(token);
	return EXIT_OK;
}

/* export WHAT [FILE] [options]: SUB is what. */
static int export_run(struct cli *cli, const char *sub, const struct opts *given)
{
	struct opts o = *given;
	struct fc_error err;
	json_t *filters = json_object();
	FILE *out = stdout;
	const char *what, *path = NULL;
	int rc;

	fc_error_clear(&err);
	if (o.npos > 1) {
		rc = cli_usage(cli, "export", "unexpected argument '%s'", o.pos[1]);
		goto done;
	}
	what = sub;
	path = o.npos ? o.pos[0] : NULL;
	if (path && !strcmp(path, "-"))	/* "-": standard output */
		path = NULL;
	if (!strcmp(what, "ical") && opt_has(&o, "new-feed-token")) {
		rc = feed_token(cli, &o);
		goto done;
	}
	const struct entity *e = export_list_entity(what);
	if (!e && strcmp(what, "vcard") && strcmp(what, "ical") && strcmp(what, "json")) {
		rc = cli_usage(cli, "export", "cannot export '%s': accounts, contacts, "
			       "deals, interactions, next-steps, vcard, ical or json", what);
		goto done;
	}
	if ((e || !strcmp(what, "vcard")) &&
	    (rc = filters_of(cli, e ? e : &entity_contact, &o, filters)))
		goto done;
	int64_t version = 4;
	if ((rc = opt_int(cli, &o, "version", &version, 4)))
		goto done;
	if (version != 3 && version != 4) {
		rc = cli_usage(cli, "export", "--version must be 3 or 4");
		goto done;
	}
	if (path) {
		/* a backup holds password hashes: only its owner may read it */
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC,
			      !strcmp(what, "json") ? 0600 : 0644);
		if (fd < 0 || !(out = fdopen(fd, "wb"))) {
			fprintf(stderr, "fulcrum: cannot write '%s': %s\n", path,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			out = stdout;
			rc = EXIT_STORE;
			goto done;
		}
	}
	struct list_query q = { .filters = filters, .q = opt_get(&o, "q") };
	if (e) {
		/* guarded unless asked for raw (--safe, once needed, still works) */
		rc = export_csv(&cli->ctx, e, &q, opt_has(&o, "raw") ? 0 : CSV_WRITE_SAFE,
				write_file, out, &err);
	} else if (!strcmp(what, "vcard")) {
		rc = export_vcard(&cli->ctx, &q, (int)version, write_file, out, &err);
	} else if (!strcmp(what, "json")) {
		rc = export_json(&cli->ctx, write_file, out, &err);
	} else {
		struct buf b = BUF_INIT;
		rc = export_ical(&cli->ctx, &b, &err);
		if (!rc && write_file(out, b.s, b.len))
			rc = fc_fail(&err, FC_ESTORE, NULL, "cannot write the calendar");
		buf_release(&b);
	}
	if (!rc && fflush(out))
		rc = fc_fail(&err, FC_ESTORE, NULL, "cannot write the export");
	if (rc)
		rc = cli_fail(cli, &err);
done:
	if (out != stdout && fclose(out) && !rc) {
		fprintf(stderr, "fulcrum: cannot write '%s'\n", path);
		rc = EXIT_STORE;
	}
	json_decref(filters);
	return rc;
}

const struct subcmd export_subcmds[] = {
	{ "accounts", export_run, list_specs, "[FILE.csv]", "accounts as CSV" },
	{ "contacts", export_run, list_specs, "[FILE.csv]", "contacts as CSV" },
	{ "deals", export_run, list_specs, "[FILE.csv]", "deals as CSV" },
	{ "interactions", export_run, list_specs, "[FILE.csv]",
	  "interactions as CSV" },
	{ "next-steps", export_run, list_specs, "[FILE.csv]",
	  "agreed next steps as CSV" },
	{ "vcard", export_run, vcard_specs, "[FILE.vcf]", "contacts as vCard" },
	{ "ical", export_run, ical_specs, "[FILE.ics]", "your calendar, or "
	  "--new-feed-token: its secret address" },
	{ "json", export_run, NULL, "[FILE.json]", "the whole organisation "
	  "(admins)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
