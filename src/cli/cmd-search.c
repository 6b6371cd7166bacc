/* fulcrum search TEXT [--kind K[,K]] [--limit N]: one search over every
 * kind of record (core/search.h), grouped by kind, best first. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/search.h"
#include "util/banned.h"

/* A group's heading as people read it. */
static const char *heading(const char *kind)
{
	static const char *const names[][2] = {
		{ "contact", "Contacts" }, { "account", "Accounts" },
		{ "deal", "Deals" }, { "interaction", "Interactions" },
		{ "want", "Wants" }, { "next_step", "Next steps" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i][0], kind))
			return names[i][1];
	return kind;
}

static void print_groups(json_t *groups)
{
	size_t i, j;
	json_t *g, *r;
	int any = 0;
	json_array_foreach(groups, i, g) {
		json_t *results = json_object_get(g, "results");
		if (!json_array_size(results))
			continue;
		printf("%s%s\n", any++ ? "\n" : "",
		       heading(json_string_value(json_object_get(g, "kind"))));
		json_array_foreach(results, j, r) {
			const char *ctx = json_string_value(json_object_get(r, "context"));
			const char *snip = json_string_value(json_object_get(r, "snippet"));
			printf("  %" JSON_INTEGER_FORMAT "  %s%s%s\n",
			       json_integer_value(json_object_get(r, "id")),
			       json_string_value(json_object_get(r, "title")),
			       ctx && *ctx ? " — " : "", ctx && *ctx ? ctx : "");
			if (snip && *snip)
				printf("      %s\n", snip);
		}
	}
	if (!any)
		printf("nothing found\n");
}

int cmd_search(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = { { "kind", 1 }, { "limit", 1 },
						 { NULL, 0 } };
	struct fc_error err = { 0 };
	struct opts o;
	unsigned mask = SEARCH_ALL_KINDS;
	int64_t limit;
	json_t *res;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos != 1)
		return cli_usage(cli, "search", o.npos ? "one search text, quoted "
				 "when it has spaces" : "the search text is "
				 "required");
	if ((rc = opt_int(cli, &o, "limit", &limit, SEARCH_LIMIT_DEFAULT)))
		return rc;
	if (opt_get(&o, "kind") &&
	    search_kinds_parse(opt_get(&o, "kind"), "kind", &mask, &err))
		return cli_fail(cli, &err);
	if (limit < 1 || limit > SEARCH_LIMIT_MAX)
		limit = 0;	/* out of range: core names the bounds */
	if (search(&cli->ctx, o.pos[0], mask, (int)limit, &res, &err))
		return cli_fail(cli, &err);
	if (cli->json) {
		char *s = json_dumps(res, JSON_INDENT(2));
		if (s)
			printf("%s\n", s);
		free(s);
	} else if (!cli->quiet) {
		print_groups(json_object_get(res, "groups"));
	}
	json_decref(res);
	return EXIT_OK;
}
