/* fulcrum user: the team. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/auth.h"
#include "core/user.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "email", "name", "role", "team",
	"active", NULL };

static int user_ref(struct cli *cli, const char *arg, int64_t *id)
{
	return cli_user_id(cli, arg, id);
}

static int read_password(char *out, size_t n)
{
	if (!fgets(out, (int)n, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static const struct opt_spec add_specs[] = {
	{ "email", 1, "E" }, { "name", 1, "N" }, { "role", 1, "rep|manager|admin" },
	{ "team", 1, "T" }, { NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	{ "email", 1, "E" }, { "name", 1, "N" }, { "role", 1, "R" },
	{ "team", 1, "T" }, { "active", 1, "true|false" }, { "if-version", 1, "N" },
	{ NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "role", 1, "R" }, { "team", 1, "T" }, { "email", 1, "E" },
	{ "active", 1, "true|false" }, LIST_SPECS, { NULL, 0, NULL }
};

static json_t *user_fields(const struct opts *o)
{
	json_t *in = json_object();
	opt_put(in, o, "email", "email");
	opt_put(in, o, "name", "name");
	opt_put(in, o, "role", "role");
	opt_put(in, o, "team", "team");
	if (opt_has(o, "active"))
		json_object_set_new(in, "active", json_boolean(
			!strcmp(opt_get(o, "active"), "true")));
	return in;
}

static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc = 0;
	if (o->npos)
		return cli_usage(cli, "user", "unexpected argument '%s'", o->pos[0]);
	json_t *in = user_fields(o);
	if (user_create(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_user, id, "created");
	json_decref(in);
	return rc;
}

static int edit(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "user", "edit takes one id or email");
	if ((rc = user_ref(cli, o->pos[0], &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	json_t *in = user_fields(o);
	if (user_update(&cli->ctx, id, in, ver, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_user, id, "updated");
	json_decref(in);
	return rc;
}

static int passwd(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	char pw[1100];
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "user", "passwd takes one email");
	if (read_password(pw, sizeof(pw))) {
		fprintf(stderr, "fulcrum: no password on stdin\n");
		return EXIT_USAGE;
	}
	rc = auth_set_password(&cli->ctx, o->pos[0], pw, &err);
	sodium_memzero(pw, sizeof(pw));
	if (rc)
		return cli_fail(cli, &err);
	out_done(cli, NULL, "password set for %s", o->pos[0]);
	return EXIT_OK;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_user, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "user", "show takes one id or email");
	if ((rc = user_ref(cli, o->pos[0], &id)))
		return rc;
	return cli_show(cli, &entity_user, id);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_user, sub, o);
}

const struct subcmd user_subcmds[] = {
	{ "add", add, add_specs, NULL, "a new user (--email and --name)" },
	{ "list", list, list_specs, NULL, "the team, filtered" },
	{ "show", show, NULL, "ID|EMAIL", "one user" },
	{ "edit", edit, edit_specs, "ID|EMAIL", "change their fields" },
	{ "delete", delete, cli_id_specs, "ID", "delete a user" },
	{ "passwd", passwd, NULL, "EMAIL", "set the password read from stdin" },
	{ NULL, NULL, NULL, NULL, NULL }
};
