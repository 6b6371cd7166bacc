/* The command line: global options, the command table, option parsing and
 * output (table, --json, --csv). One file per command, cmd-NOUN.c, each
 * exporting either `int cmd_NAME(struct cli *, int argc, char **argv)` or,
 * for a command with subcommands, its table `NAME_subcmds[]` (struct
 * subcmd), and listed in the table in commands.c. Read next:
 * cli/commands.c, docs/internals/adding-a-command.md. */
#ifndef FC_CLI_CLI_H
#define FC_CLI_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "core/ctx.h"

struct cli {
	const char *db_url;	/* --db, $FULCRUM_DB, ./fulcrum.db */
	const char *as;		/* --as EMAIL */
	int json;		/* --json */
	int csv;		/* --csv */
	int quiet;		/* --quiet */
	int tty;		/* stdout is a terminal (charts, progress bars) */
	struct db *db;		/* open when the command has CMD_DB */
	struct fc_ctx ctx;	/* acting user set when it has CMD_USER */
	const char *currency;	/* of amounts whose row names none (a
				 * report's); NULL: printed without a code */
};

enum cmd_flags {
	CMD_DB = 1 << 0,	/* open the database (and migrate it) first */
	CMD_USER = 1 << 1,	/* resolve the acting user first (implies DB) */
	CMD_NO_MIGRATE = 1 << 2,/* open without migrating (init, migrate) */
};

struct subcmd;

/* A command either runs as a whole (RUN) or, with SUBS, dispatches to its
 * subcommand table (subcmd.c); `fulcrum help NAME` then lists each
 * subcommand with its options and ends with USAGE as notes. */
struct cmd {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	unsigned flags;
	const char *summary;	/* one line for `fulcrum help` */
	const char *usage;	/* the whole text of `fulcrum help NAME`, or the
				 * notes after the subcommands */
	const struct subcmd *subs;
};

extern const struct cmd cli_commands[];
const struct cmd *cli_command_find(const char *name);

/* Options of one command. Specs end with a NULL name; has_arg 1 takes a
 * value ("--due DATE" or "--due=DATE"); repeated options keep every value.
 * Everything else is a positional argument, in order. */
struct opt_spec {
	const char *name;	/* without the dashes */
	int has_arg;
	const char *arg;	/* what the value is, for help ("ID"); NULL: V */
};

#define OPTS_MAX 64

struct opts {
	int n;
	const char *names[OPTS_MAX];
	const char *values[OPTS_MAX];	/* NULL for flags */
	int npos;
	const char *pos[OPTS_MAX];
};

/* Parses ARGV[START..ARGC); prints a usage error and returns 2 on an
 * unknown option or a missing value, else 0. */
int opts_parse(struct cli *cli, int argc, char **argv, int start,
	       const struct opt_spec *specs, struct opts *o);
/* One row of a command's subcommand table. The dispatcher parses the
 * arguments after the subcommand's name with OPTS only (any other option
 * is a usage error naming it and the subcommand) and calls RUN with them,
 * SUB being the row's name. A row named "" is the command's form without
 * a subcommand ("fulcrum next DEAL ..."): it runs when the first argument
 * names no row, and takes every argument. The table ends with a NULL
 * name. */
struct subcmd {
	const char *name;
	int (*run)(struct cli *cli, const char *sub, const struct opts *o);
	const struct opt_spec *opts;	/* NULL: none */
	const char *args;	/* the positional arguments, for help */
	const char *help;	/* what it does, one line */
};

/* Runs the subcommand of C named by ARGV[1] (ARGV[0] is the command). */
int cli_dispatch(struct cli *cli, const struct cmd *c, int argc, char **argv);
/* Prints the subcommands of C with their options (`fulcrum help C`). */
void cli_subcmd_help(const struct cmd *c, FILE *f);

/* The same, naming LABEL ("deal show") in an unknown option's error and
 * HELP ("deal") as the command whose help tells more. */
int opts_parse_as(struct cli *cli, const char *label, const char *help,
		  int argc, char **argv, int start, const struct opt_spec *specs,
		  struct opts *o);
/* The last value given for NAME, or NULL. */
const char *opt_get(const struct opts *o, const char *name);
int opt_has(const struct opts *o, const char *name);
/* Parses an integer option; returns 2 (usage) with a message on error. */
int opt_int(struct cli *cli, const struct opts *o, const char *name,
	    int64_t *out, int64_t dflt);
/* Adds option NAME (if given) to OBJ as FIELD: a string, or with
 * opt_put_int an integer (usage error on bad numbers). */
void opt_put(json_t *obj, const struct opts *o, const char *name,
	     const char *field);
int opt_put_int(struct cli *cli, json_t *obj, const struct opts *o,
		const char *name, const char *field);

/* Exit codes of SPEC.md §5.1. */
enum { EXIT_OK = 0, EXIT_REFUSED = 1, EXIT_USAGE = 2, EXIT_NOTFOUND = 3,
       EXIT_STORE = 4 };

/* Prints ERR's message on stderr ("fulcrum: ..." or the rule refusal as
 * is) and returns the exit code for it. */
int cli_fail(struct cli *cli, const struct fc_error *err);
/* Prints a usage error for CMD and returns EXIT_USAGE. */
int cli_usage(struct cli *cli, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Output. With --json the JSON is printed as is (integer minor units,
 * ids); otherwise a record is printed as "field: value" lines and a list as
 * a table of COLUMNS (NULL-terminated field names; NULL means every field
 * of the first item), both as people read them: amounts ("*_minor", and
 * value/price in units, shown once) as "USD 1,234.50" / "JPY 1,000" in the
 * row's currency (else
 * cli->currency), rates as "42.5%", and owners, accounts, contacts and
 * deals by name instead of their ids (core/names.h). With --csv a list is
 * printed as CSV for spreadsheets: amounts in decimal units beside a
 * currency column, rates as fractions, ids in their own columns with the
 * names beside them. ITEMS and REC gain the name fields. */
void out_record(struct cli *cli, json_t *rec);
void out_list(struct cli *cli, json_t *items, const char *const *columns);
/* FIELD of ROW as a table shows it ("USD 1,234.50", "42.5%", a name), a
 * new string; NULL when ROW lacks it. */
char *out_value(struct cli *cli, json_t *row, const char *field);
/* A one-line confirmation ("created deal 12"), silent with --quiet; with
 * --json prints JSON instead. JSON may be NULL. */
void out_done(struct cli *cli, json_t *json, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A progress bar on stderr when it is a terminal (and not --quiet). */
struct progress {
	int enabled;
	const char *label;
	int64_t total, last_shown;
};
void progress_start(struct cli *cli, struct progress *p, const char *label,
		    int64_t total);
void progress_update(struct progress *p, int64_t done);
void progress_end(struct progress *p);

#endif
