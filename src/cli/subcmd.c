/* The one dispatcher of subcommands: finds the row of a command's
 * subcommand table, parses the options that row accepts (and only those),
 * runs it; and the help text derived from the same table. See cli.h. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

static const struct subcmd *sub_find(const struct subcmd *subs, const char *name)
{
	for (const struct subcmd *s = subs; s->name; s++)
		if (s->name[0] && name && !strcmp(s->name, name))
			return s;
	return NULL;
}

static const struct subcmd *sub_default(const struct subcmd *subs)
{
	for (const struct subcmd *s = subs; s->name; s++)
		if (!s->name[0])
			return s;
	return NULL;
}

/* "add, list or show" */
static void sub_names(const struct subcmd *subs, FILE *f)
{
	int n = 0, i = 0;
	for (const struct subcmd *s = subs; s->name; s++)
		n += s->name[0] != '\0';
	for (const struct subcmd *s = subs; s->name; s++) {
		if (!s->name[0])
			continue;
		fprintf(f, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", s->name);
		i++;
	}
}

int cli_dispatch(struct cli *cli, const struct cmd *c, int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	const struct subcmd *s = sub_find(c->subs, name);
	char label[64];
	struct opts o;
	int start = 2, rc;

	if (!s && name && (!strcmp(name, "--help") || !strcmp(name, "-h"))) {
		char *help[] = { "help", (char *)c->name, NULL };
		return cmd_help(cli, 2, help);
	}
	if (!s && (s = sub_default(c->subs)))
		start = 1;
	if (!s) {
		if (name)
			fprintf(stderr, "fulcrum %s: unknown subcommand '%s' (one of ",
				c->name, name);
		else
			fprintf(stderr, "fulcrum %s: missing subcommand (one of ", c->name);
		sub_names(c->subs, stderr);
		fprintf(stderr, "; see 'fulcrum help %s')\n", c->name);
		return EXIT_USAGE;
	}
	snprintf(label, sizeof(label), "%s%s%s", c->name, s->name[0] ? " " : "",
		 s->name);
	if ((rc = opts_parse_as(cli, label, c->name, argc, argv, start, s->opts, &o)))
		return rc;
	return s->run(cli, s->name, &o);
}

void cli_subcmd_help(const struct cmd *c, FILE *f)
{
	const char *lead = "usage: ";
	for (const struct subcmd *s = c->subs; s->name; s++) {
		fprintf(f, "%sfulcrum %s%s%s%s%s\n", lead, c->name,
			s->name[0] ? " " : "", s->name, s->args ? " " : "",
			s->args ? s->args : "");
		lead = "       ";
		if (s->help)
			fprintf(f, "           %s\n", s->help);
		if (!s->opts || !s->opts->name)
			continue;
		int col = fprintf(f, "           options:");
		for (const struct opt_spec *o = s->opts; o->name; o++) {
			char one[80];
			int n = snprintf(one, sizeof(one), " --%s%s%s", o->name,
					 o->has_arg ? " " : "",
					 o->has_arg ? (o->arg ? o->arg : "V") : "");
			if (col + n > 78)
				col = fprintf(f, "\n                   ") - 1;
			col += fprintf(f, "%s", one);
		}
		fputc('\n', f);
	}
}
