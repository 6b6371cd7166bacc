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

static int token_add(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = { { "name", 1 }, { NULL, 0 } };
	struct fc_error err = { 0 };
	struct opts op;
	char *token = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 2, specs, &op)))
		return rc;
	if (op.npos)
		return cli_usage(cli, "token", "unexpected argument '%s'",
				 op.pos[0]);
	rc = auth_token_create(&cli->ctx, opt_get(&op, "name"), &id, &token,
			       &err);
	if (rc)
		return cli_fail(cli, &err);
	if (cli->json) {
		json_t *j = json_object();
		json_object_set_new(j, "id", json_integer(id));
		json_object_set_new(j, "name", opt_get(&op, "name") ?
				    json_string(opt_get(&op, "name")) :
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

static int token_list(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = { { NULL, 0 } };
	static const char *const columns[] = { "id", "name", "user_id",
		"created_at", "last_used_at", "revoked", NULL };
	struct fc_error err = { 0 };
	struct opts op;
	json_t *items = NULL;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 2, specs, &op)))
		return rc;
	if (op.npos)
		return cli_usage(cli, "token", "unexpected argument '%s'",
				 op.pos[0]);
	if ((rc = auth_token_list(&cli->ctx, &items, &err)))
		return cli_fail(cli, &err);
	out_list(cli, items, columns);
	json_decref(items);
	return EXIT_OK;
}

static int token_revoke(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = { { NULL, 0 } };
	struct fc_error err = { 0 };
	struct opts op;
	char *end;
	long long id;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 2, specs, &op)))
		return rc;
	if (op.npos != 1)
		return cli_usage(cli, "token", "'token revoke' takes one ID");
	id = strtoll(op.pos[0], &end, 10);
	if (*end || id <= 0 || end == op.pos[0])
		return cli_usage(cli, "token", "'%s' is not a token id",
				 op.pos[0]);
	if ((rc = auth_token_revoke(&cli->ctx, id, &err)))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "revoked token %lld", id);
	return EXIT_OK;
}

int cmd_token(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub)
		return cli_usage(cli, "token", "missing subcommand: add, list "
				 "or revoke");
	if (!strcmp(sub, "add"))
		return token_add(cli, argc, argv);
	if (!strcmp(sub, "list"))
		return token_list(cli, argc, argv);
	if (!strcmp(sub, "revoke"))
		return token_revoke(cli, argc, argv);
	return cli_usage(cli, "token", "unknown subcommand '%s'", sub);
}
