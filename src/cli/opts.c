/* Option parsing for one command; see cli.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

int cli_usage(struct cli *cli, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "fulcrum %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'fulcrum help %s')\n", cmd);
	return EXIT_USAGE;
}

static const struct opt_spec *find_spec(const struct opt_spec *specs,
					const char *name, size_t len)
{
	for (; specs && specs->name; specs++)
		if (strlen(specs->name) == len && !strncmp(specs->name, name, len))
			return specs;
	return NULL;
}

int opts_parse(struct cli *cli, int argc, char **argv, int start,
	       const struct opt_spec *specs, struct opts *o)
{
	return opts_parse_as(cli, argv[0], argv[0], argc, argv, start, specs, o);
}

int opts_parse_as(struct cli *cli, const char *label, const char *help,
		  int argc, char **argv, int start, const struct opt_spec *specs,
		  struct opts *o)
{
	const char *cmd = help;
	int only_pos = 0;
	memset(o, 0, sizeof(*o));
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] != '-' || a[2] == '\0') {
			if (!only_pos && !strcmp(a, "--")) {
				only_pos = 1;
				continue;
			}
			if (o->npos >= OPTS_MAX)
				return cli_usage(cli, cmd, "too many arguments");
			o->pos[o->npos++] = a;
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct opt_spec *s = find_spec(specs, name, len);
		if (!s) {
			/* one line: the option and the (sub)command refusing it */
			fprintf(stderr, "fulcrum %s: unknown option '--%.*s' "
				"(see 'fulcrum help %s')\n", label, (int)len, name,
				help);
			return EXIT_USAGE;
		}
		if (o->n >= OPTS_MAX)
			return cli_usage(cli, cmd, "too many options");
		o->names[o->n] = s->name;
		if (s->has_arg) {
			if (eq) {
				o->values[o->n] = eq + 1;
			} else if (i + 1 < argc) {
				o->values[o->n] = argv[++i];
			} else {
				return cli_usage(cli, cmd, "option '--%s' needs a value",
						 s->name);
			}
		} else if (eq) {
			return cli_usage(cli, cmd, "option '--%s' takes no value", s->name);
		}
		o->n++;
	}
	return 0;
}

const char *opt_get(const struct opts *o, const char *name)
{
	const char *v = NULL;
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->names[i], name))
			v = o->values[i] ? o->values[i] : "";
	return v;
}

int opt_has(const struct opts *o, const char *name)
{
	return opt_get(o, name) != NULL;
}

int opt_int(struct cli *cli, const struct opts *o, const char *name,
	    int64_t *out, int64_t dflt)
{
	const char *v = opt_get(o, name);
	char *end;
	if (!v) {
		*out = dflt;
		return 0;
	}
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno)
		return cli_usage(cli, "option", "'--%s' needs a whole number, not '%s'",
				 name, v);
	*out = n;
	return 0;
}

void opt_put(json_t *obj, const struct opts *o, const char *name,
	     const char *field)
{
	const char *v = opt_get(o, name);
	if (v)
		json_object_set_new(obj, field, json_string(v));
}

int opt_put_int(struct cli *cli, json_t *obj, const struct opts *o,
		const char *name, const char *field)
{
	int64_t n;
	if (!opt_has(o, name))
		return 0;
	if (opt_int(cli, o, name, &n, 0))
		return EXIT_USAGE;
	json_object_set_new(obj, field, json_integer(n));
	return 0;
}
