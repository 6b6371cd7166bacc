/* `fulcrum token add|list|revoke`: API tokens of the acting user for the
 * HTTP API's `Authorization: Bearer`. The secret is printed once, by add;
 * the database keeps only its hash. Read next: core/auth.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/auth.h"
#include "util/banned.h"

static int token_add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	char *token = NULL;
	int64_t id = 0;
	int rc;

	if (o->npos)
		return cli_usage(cli, "token", "unexpected argument '%s'",
				 o->pos[0]);
	rc = auth_token_create(&cli->ctx, opt_get(o, "name"), &id, &token,
			       &err);
	if (rc)
		return cli_fail(cli, &err);
	if (cli->json) {
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(id));
		json_object_set_new(j, "name", opt_get(o, "name") ?
				    json_string(opt_get(o, "name")) :
				    json_null());
		json_object_set_new(j, "token", json_string(token));
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(j);
	} else {
		printf("%s\n", token);
	}
	memset(token, 0, strlen(token));
	free(token);
	return EXIT_OK;
}

static int token_list(struct cli *cli, const char *sub, const struct opts *o)
{
	static const char *const columns[] = { "id", "name", "user_id",
		"created_at", "last_used_at", "revoked", NULL };
	struct fc_error err = { 0 };
	json_t *items = NULL;
	int rc;

	if (o->npos)
		return cli_usage(cli, "token", "unexpected argument '%s'",
				 o->pos[0]);
	if ((rc = auth_token_list(&cli->ctx, &items, &err)))
		return cli_fail(cli, &err);
	out_list(cli, items, columns);
	json_decref(items);
	return EXIT_OK;
}

static int token_revoke(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	char *end;
	long long id;
	int rc;

	if (o->npos != 1)
		return cli_usage(cli, "token", "'token revoke' takes one ID");
	id = strtoll(o->pos[0], &end, 10);
	if (*end || id <= 0 || end == o->pos[0])
		return cli_usage(cli, "token", "'%s' is not a token id",
				 o->pos[0]);
	if ((rc = auth_token_revoke(&cli->ctx, id, &err)))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "revoked token %lld", id);
	return EXIT_OK;
}

static const struct opt_spec add_specs[] = {
	{ "name", 1, "NAME" }, { NULL, 0, NULL }
};

const struct subcmd token_subcmds[] = {
	{ "add", token_add, add_specs, NULL, "a new token: prints it, once" },
	{ "list", token_list, NULL, NULL, "your tokens" },
	{ "revoke", token_revoke, NULL, "ID", "the token stops working" },
	{ NULL, NULL, NULL, NULL, NULL }
};
