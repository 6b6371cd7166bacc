/* fulcrum agenda: what to do next, and why (SPEC.md §3). */
#include <inttypes.h>
#include <stdio.h>

#include "cli/commands.h"
#include "core/agenda.h"
#include "util/banned.h"

int cmd_agenda(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "explain", 0 }, { "limit", 1 }, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	json_t *items;
	int64_t limit;
	int rc, explain;
	size_t i;
	json_t *it;

	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)) ||
	    (rc = opt_int(cli, &o, "limit", &limit, 50)))
		return rc;
	explain = opt_has(&o, "explain");
	if (agenda_build(&cli->ctx, (int)limit, explain, &items, &err))
		return cli_fail(cli, &err);
	if (cli->json || cli->csv) {
		static const char *const cols[] = { "kind", "score", "deal_id",
			"contact_id", "title", "step", "reason", NULL };
		out_list(cli, items, cols);
		json_decref(items);
		return EXIT_OK;
	}
	if (!json_array_size(items) && !cli->quiet)
		printf("nothing on the agenda: well done\n");
	json_array_foreach(items, i, it) {
		json_t *deal = json_object_get(it, "deal_id");
		printf("%2zu. [%s] %s%s%" JSON_INTEGER_FORMAT " %s\n    %s\n", i + 1,
		       json_string_value(json_object_get(it, "kind")),
		       deal ? "deal " : "contact ", "#",
		       json_integer_value(deal ? deal : json_object_get(it, "contact_id")),
		       json_string_value(json_object_get(it, "title")),
		       json_string_value(json_object_get(it, "reason")));
		if (explain) {
			json_t *e = json_object_get(it, "explain");
			printf("    score %" JSON_INTEGER_FORMAT " = base %"
			       JSON_INTEGER_FORMAT " + overdue %" JSON_INTEGER_FORMAT
			       " + value %" JSON_INTEGER_FORMAT " (%" JSON_INTEGER_FORMAT
			       " days; step '%s')\n",
			       json_integer_value(json_object_get(it, "score")),
			       json_integer_value(json_object_get(e, "base")),
			       json_integer_value(json_object_get(e, "overdue_points")),
			       json_integer_value(json_object_get(e, "value_points")),
			       json_integer_value(json_object_get(e, "days")),
			       json_string_value(json_object_get(it, "step")));
			if (json_object_get(e, "overdue_rule"))
				printf("    overdue: %s\n", json_string_value(
					json_object_get(e, "overdue_rule")));
			printf("    guidance: %s\n",
			       json_string_value(json_object_get(it, "guidance")));
		}
	}
	json_decref(items);
	return EXIT_OK;
}
