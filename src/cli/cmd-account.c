/* fulcrum account: customer organisations. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/duplicate.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "name", "domain", "industry",
	"status", "owner_id", NULL };

#define ACCOUNT_FIELD_SPECS \
	{ "domain", 1, "D" }, { "industry", 1, "I" }, { "size", 1, "S" }, \
	{ "address", 1, "A" }, { "status", 1, "prospect|customer|former" }, \
	{ "referred-by", 1, "ID" }, { "owner", 1, "EMAIL" }, FIELD_SPEC
static const struct opt_spec add_specs[] = {
	ACCOUNT_FIELD_SPECS, { "allow-duplicate", 0, NULL },
	{ NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	ACCOUNT_FIELD_SPECS, { "name", 1, "NAME" }, { "if-version", 1, "N" },
	{ "allow-duplicate", 0, NULL },
	{ NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "status", 1, "S" }, { "industry", 1, "I" }, { "domain", 1, "D" },
	WHERE_SPEC, LIST_SPECS, { NULL, 0, NULL }
};

static int save(struct cli *cli, const char *sub, const struct opts *o)
{
	int rc;
	json_t *in = json_object();
	opt_put(in, o, "name", "name");
	opt_put(in, o, "domain", "domain");
	opt_put(in, o, "industry", "industry");
	opt_put(in, o, "size", "size");
	opt_put(in, o, "address", "address");
	opt_put(in, o, "status", "status");
	if ((rc = opt_put_int(cli, in, o, "referred-by", "referred_by_id")))
		goto out;
	if ((rc = cli_put_owner(cli, in, o)) || (rc = cli_put_custom(cli, in, o)))
		goto out;
	if (opt_has(o, "allow-duplicate"))
		json_object_set_new(in, DUPLICATE_ALLOW_FIELD, json_true());
	rc = cli_save(cli, &entity_account, sub, o, in, "name");
out:
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_account, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_account, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_account, sub, o);
}

const struct subcmd account_subcmds[] = {
	{ "add", save, add_specs, "NAME", "a new account" },
	{ "list", list, list_specs, NULL, "accounts, filtered" },
	{ "show", show, NULL, "ID", "one account" },
	{ "edit", save, edit_specs, "ID", "change its fields" },
	{ "delete", delete, cli_id_specs, "ID", "delete it" },
	{ NULL, NULL, NULL, NULL, NULL }
};
