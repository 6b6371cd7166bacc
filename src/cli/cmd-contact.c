/* fulcrum contact: people, their need, timing and comfort. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"

static const char *const columns[] = { "id", "name", "email", "account_id",
	"need", "timing_from", "timing_to", "comfort", "owner_id", NULL };

/* "FROM..TO", either side may be empty. */
static int put_timing(struct cli *cli, json_t *in, const char *v)
{
	const char *dots = strstr(v, "..");
	if (!dots)
		return cli_usage(cli, "contact", "--timing takes FROM..TO, not '%s'", v);
	char from[32];
	snprintf(from, sizeof(from), "%.*s", (int)(dots - v), v);
	json_object_set_new(in, "timing_from", *from ? json_string(from) : json_null());
	json_object_set_new(in, "timing_to", dots[2] ? json_string(dots + 2)
						      : json_null());
	return 0;
}

int cmd_contact(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "account", 1 }, { "email", 1 }, { "phone", 1 }, { "title", 1 },
		{ "need", 1 }, { "timing", 1 }, { "source", 1 }, { "referred-by", 1 },
		{ "comfort", 1 }, { "notes", 1 }, { "tags", 1 }, { "name", 1 },
		{ "channel", 1 }, { "if-version", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_contact, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (strcmp(sub, "add") && strcmp(sub, "edit"))
		return cli_usage(cli, "contact", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	json_t *in = json_object();
	opt_put(in, &o, "name", "name");
	opt_put(in, &o, "email", "email");
	opt_put(in, &o, "phone", "phone");
	opt_put(in, &o, "title", "title");
	opt_put(in, &o, "need", "need");
	opt_put(in, &o, "source", "source");
	opt_put(in, &o, "notes", "notes");
	opt_put(in, &o, "tags", "tags");
	opt_put(in, &o, "channel", "preferred_channel");
	if ((rc = opt_put_int(cli, in, &o, "account", "account_id")) ||
	    (rc = opt_put_int(cli, in, &o, "referred-by", "referred_by_id")) ||
	    (rc = opt_put_int(cli, in, &o, "comfort", "comfort")))
		goto out;
	if (opt_has(&o, "timing") && (rc = put_timing(cli, in, opt_get(&o, "timing"))))
		goto out;
	if ((rc = cli_put_owner(cli, in, &o)))
		goto out;
	rc = cli_save(cli, &entity_contact, sub, &o, in, "name");
out:
	json_decref(in);
	return rc;
}
