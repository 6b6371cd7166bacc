/* fulcrum verify [--backup FILE]: walks the history's hash chain, of the
 * database or of a JSON backup, and names the first event that breaks it
 * (core/verify.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "core/verify.h"
#include "util/banned.h"

static int report(struct cli *cli, const struct verify_report *r, int rc,
		  const struct fc_error *err, const char *what)
{
	if (cli->json) {
		json_t *j = verify_report_json(r);
		char *s = json_dumps(j, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(j);
	}
	if (rc)
		return cli_fail(cli, err);
	if (!cli->json && !cli->quiet)
		printf("%s: the history holds, %" PRId64 " event%s chained up to "
		       "event %" PRId64 "\nhead %s\n", what, r->events,
		       r->events == 1 ? "" : "s", r->last_id, r->head);
	return EXIT_OK;
}

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = { { "backup", 1 }, { NULL, 0 } };
	struct verify_report r = { 0 };
	struct fc_error err;
	struct opts o;
	json_error_t jerr;
	const char *file;
	int rc, unchained;

	fc_error_clear(&err);
	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos)
		return cli_usage(cli, "verify", "unexpected argument '%s'", o.pos[0]);
	if (!(file = opt_get(&o, "backup"))) {
		if ((rc = ctx_act_as(&cli->ctx, cli->as, &err)))
			return cli_fail(cli, &err);
		rc = verify_history(&cli->ctx, &r, &err);
		return report(cli, &r, rc, &err, cli->db_url);
	}
	json_t *j = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		fprintf(stderr, "fulcrum: '%s' line %d column %d: %s\n", file,
			jerr.line, jerr.column, jerr.text);
		return EXIT_REFUSED;
	}
	rc = verify_backup(j, 0, &r, &unchained, &err);
	json_decref(j);
	return report(cli, &r, rc, &err, file);
}
