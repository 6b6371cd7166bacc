/* fulcrum user: the team. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/auth.h"

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

int cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "email", 1 }, { "name", 1 }, { "role", 1 }, { "team", 1 },
		{ "active", 1 }, { "if-version", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	int64_t id, ver;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_user, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (!strcmp(sub, "passwd")) {
		char pw[1100];
		if (argc != 3)
			return cli_usage(cli, "user", "passwd takes one email");
		if (read_password(pw, sizeof(pw))) {
			fprintf(stderr, "fulcrum: no password on stdin\n");
			return EXIT_USAGE;
		}
		rc = auth_set_password(&cli->ctx, argv[2], pw, &err);
		sodium_memzero(pw, sizeof(pw));
		if (rc)
			return cli_fail(cli, &err);
		out_done(cli, NULL, "password set for %s", argv[2]);
		return EXIT_OK;
	}
	if (strcmp(sub, "add") && strcmp(sub, "edit"))
		return cli_usage(cli, "user", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	json_t *in = json_object();
	opt_put(in, &o, "email", "email");
	opt_put(in, &o, "name", "name");
	opt_put(in, &o, "role", "role");
	opt_put(in, &o, "team", "team");
	if (opt_has(&o, "active"))
		json_object_set_new(in, "active", json_boolean(
			!strcmp(opt_get(&o, "active"), "true")));
	if (sub[0] == 'a') {
		if (o.npos)
			rc = cli_usage(cli, "user", "unexpected argument '%s'", o.pos[0]);
		if (!rc && record_create(&cli->ctx, &entity_user, in, NULL, &id, &err))
			rc = cli_fail(cli, &err);
		else if (!rc)
			rc = cli_print_done(cli, &entity_user, id, "created");
	} else {
		if (o.npos != 1)
			rc = cli_usage(cli, "user", "edit takes one id or email");
		else if (!(rc = user_ref(cli, o.pos[0], &id)) &&
			 !(rc = opt_int(cli, &o, "if-version", &ver, 0))) {
			if (record_update(&cli->ctx, &entity_user, id, in, NULL, ver, &err))
				rc = cli_fail(cli, &err);
			else
				rc = cli_print_done(cli, &entity_user, id, "updated");
		}
	}
	json_decref(in);
	return rc;
}
