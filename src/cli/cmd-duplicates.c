/* fulcrum duplicates contacts|accounts: the likely pairs and why
 * (core/duplicate.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/duplicate.h"
#include "util/banned.h"

static const struct opt_spec list_specs[] = {
	{ "limit", 1, "N" }, { NULL, 0, NULL }
};

static void print_pair(json_t *pair)
{
	json_t *a = json_object_get(pair, "a"), *b = json_object_get(pair, "b");
	struct buf why = BUF_INIT;
	duplicates_evidence_text(&why, json_object_get(pair, "evidence"));
	printf("%s (#%" JSON_INTEGER_FORMAT ") and %s (#%" JSON_INTEGER_FORMAT
	       "): %s\n", json_string_value(json_object_get(a, "name")),
	       json_integer_value(json_object_get(a, "id")),
	       json_string_value(json_object_get(b, "name")),
	       json_integer_value(json_object_get(b, "id")), why.s ? why.s : "");
	buf_release(&why);
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct duplicates_query q = { 0 };
	json_t *out = NULL;
	int64_t limit;
	int rc;
	if (o->npos)
		return cli_usage(cli, "duplicates", "unexpected argument '%s'",
				 o->pos[0]);
	if ((rc = opt_int(cli, o, "limit", &limit, 0)))
		return rc;
	q.limit = limit < 0 || limit > DUPLICATE_LIST_MAX ? -1 : (int)limit;
	if (duplicates_list(&cli->ctx, sub, &q, &out, &err))
		return cli_fail(cli, &err);
	if (cli->json) {
		char *s = json_dumps(out, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
	} else if (!cli->quiet) {
		json_t *items = json_object_get(out, "items"), *pair;
		size_t i;
		if (!json_array_size(items))
			printf("no likely duplicate %s\n", sub);
		json_array_foreach(items, i, pair)
			print_pair(pair);
		if (json_is_true(json_object_get(out, "truncated")))
			printf("(more pairs not shown: --limit raises the count, "
			       "up to %d)\n", DUPLICATE_LIST_MAX);
	}
	json_decref(out);
	return EXIT_OK;
}

const struct subcmd duplicates_subcmds[] = {
	{ "contacts", list, list_specs, NULL,
	  "pairs of contacts that are likely one person, with the evidence" },
	{ "accounts", list, list_specs, NULL,
	  "pairs of accounts that are likely one organisation, with the evidence" },
	{ NULL, NULL, NULL, NULL, NULL }
};
