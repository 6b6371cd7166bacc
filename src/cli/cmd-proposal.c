/* fulcrum proposal: the document built from a deal's wants, fits and line
 * items, versioned and stored with the deal, and its sending (core/
 * proposal.h holds the rules). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/proposal.h"
#include "util/banned.h"

static const char *const columns[] = { "number", "created_at", "total_minor",
	"currency", "sent_at", "interaction_id", NULL };

static const struct opt_spec show_specs[] = {
	{ "version", 1, "N" }, { "output", 1, "FILE" }, { NULL, 0, NULL }
};
static const struct opt_spec send_specs[] = {
	{ "version", 1, "N" }, { "due", 1, "DATE (of the proposal review)" },
	{ NULL, 0, NULL }
};

static int deal_arg(struct cli *cli, const char *sub, const struct opts *o,
		    int64_t *deal, int64_t *version)
{
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "proposal", "%s%stakes one DEAL id", sub,
				 *sub ? " " : "");
	if ((rc = cli_id(cli, "proposal", o->pos[0], deal)))
		return rc;
	return version ? opt_int(cli, o, "version", version, 0) : 0;
}

/* The version as the list shows it, with --json; else LINE. */
static int entry_done(struct cli *cli, int64_t deal, int64_t n, const char *line)
{
	struct fc_error err = { 0 };
	json_t *p = NULL;
	if (proposal_get(&cli->ctx, deal, n, &p, NULL, &err))
		return cli_fail(cli, &err);
	out_done(cli, p, "%s", line);
	json_decref(p);
	return EXIT_OK;
}

static int build(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t deal, n = 0;
	char line[128];
	int rc;
	if ((rc = deal_arg(cli, sub, o, &deal, NULL)))
		return rc;
	if (proposal_build(&cli->ctx, deal, &n, &err))
		return cli_fail(cli, &err);
	snprintf(line, sizeof(line), "built proposal v%lld of deal %lld",
		 (long long)n, (long long)deal);
	return entry_done(cli, deal, n, line);
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *rows = NULL;
	int64_t deal;
	int rc;
	if ((rc = deal_arg(cli, sub, o, &deal, NULL)))
		return rc;
	if (proposal_list(&cli->ctx, deal, &rows, &err))
		return cli_fail(cli, &err);
	out_list(cli, rows, columns);
	json_decref(rows);
	return EXIT_OK;
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct buf html = BUF_INIT;
	int64_t deal, version = 0;
	const char *path = opt_get(o, "output");
	int rc;
	if ((rc = deal_arg(cli, sub, o, &deal, &version)))
		return rc;
	if (proposal_get(&cli->ctx, deal, version, NULL, &html, &err)) {
		rc = cli_fail(cli, &err);
		goto out;
	}
	if (!path || !strcmp(path, "-")) {
		fwrite(html.s, 1, html.len, stdout);
		rc = EXIT_OK;
		goto out;
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(html.s, 1, html.len, f) != html.len) {
		fprintf(stderr, "fulcrum: cannot write '%s': %s\n", path,
			strerror(errno));
		if (f)
			fclose(f);
		rc = EXIT_REFUSED;
		goto out;
	}
	if (fclose(f)) {
		fprintf(stderr, "fulcrum: cannot write '%s': %s\n", path,
			strerror(errno));
		rc = EXIT_REFUSED;
		goto out;
	}
	out_done(cli, NULL, "wrote the proposal of deal %lld to %s",
		 (long long)deal, path);
	rc = EXIT_OK;
out:
	buf_release(&html);
	return rc;
}

static int send(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t deal, version = 0, iid = 0;
	json_t *p = NULL;
	char line[200];
	int rc;
	if ((rc = deal_arg(cli, sub, o, &deal, &version)))
		return rc;
	if (proposal_send(&cli->ctx, deal, version, opt_get(o, "due"), &iid, &err))
		return cli_fail(cli, &err);
	if (proposal_get(&cli->ctx, deal, version, &p, NULL, &err))
		return cli_fail(cli, &err);
	snprintf(line, sizeof(line), "sent proposal v%lld of deal %lld (e-mail "
		 "%lld): next step '%s' due %s", (long long)json_integer_value(
		 json_object_get(p, "number")), (long long)deal, (long long)iid,
		 PROPOSAL_REVIEW, opt_get(o, "due"));
	json_decref(p);
	return entry_done(cli, deal, version, line);
}

const struct subcmd proposal_subcmds[] = {
	{ "", build, NULL, "DEAL", "build the next version of the deal's proposal" },
	{ "list", list, NULL, "DEAL", "the deal's proposal versions" },
	{ "show", show, show_specs, "DEAL", "write a version's HTML (default the "
	  "latest) to standard output or --output FILE" },
	{ "send", send, send_specs, "DEAL", "log it sent by e-mail: the agreed "
	  "next step is the proposal review, --due DATE" },
	{ NULL, NULL, NULL, NULL, NULL }
};
