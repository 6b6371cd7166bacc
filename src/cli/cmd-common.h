/* What the record commands share: ids and users from arguments, the list
 * options, and printing a created or changed record. */
#ifndef FC_CLI_CMD_COMMON_H
#define FC_CLI_CMD_COMMON_H

#include "cli/cli.h"
#include "core/record.h"

/* Parses a record id; prints a usage error (returns 2) when malformed. */
int cli_id(struct cli *cli, const char *cmd, const char *s, int64_t *id);
/* The id of the user with EMAIL (or a numeric id); prints and returns the
 * exit code when there is none. */
int cli_user_id(struct cli *cli, const char *email, int64_t *id);
/* Lists E with the common list options in O (--q, --sort, --limit,
 * --cursor, --owner) plus FILTERS (a new reference, consumed). */
int cli_list(struct cli *cli, const struct entity *e, const struct opts *o,
	     json_t *filters, const char *const *columns);
/* Prints record ID of E: the whole record with --json, else a confirmation
 * "VERB ENTITY ID". */
int cli_print_done(struct cli *cli, const struct entity *e, int64_t id,
		   const char *verb);
int cli_show(struct cli *cli, const struct entity *e, int64_t id);
/* The generic subcommands of plain record commands. list: E's records
 * filtered by each option of SPECS given that names a filter field of E
 * (NAME or NAME_id), plus the list options. show ID | delete ID (with
 * --if-version): SUB names the subcommand in errors. */
int cli_record_list(struct cli *cli, const struct entity *e,
		    const struct opts *o, const struct opt_spec *specs,
		    const char *const *columns);
int cli_record_show(struct cli *cli, const struct entity *e, const char *sub,
		    const struct opts *o);
int cli_record_delete(struct cli *cli, const struct entity *e, const char *sub,
		      const struct opts *o);

/* `add` (a new record from IN, its one positional argument stored as
 * NAME_FIELD when that is not NULL) or `edit ID` (IN as a patch, with
 * --if-version): runs it and prints the result. */
int cli_save(struct cli *cli, const struct entity *e, const char *sub,
	     const struct opts *o, json_t *in, const char *name_field);
/* Puts --owner EMAIL into IN as owner_id. */
int cli_put_owner(struct cli *cli, json_t *in, const struct opts *o);

/* Custom fields (core/field.h): each --field KEY=VALUE of O into IN's
 * "custom" object (KEY= clears it); each --where KEY=VALUE of O into
 * FILTERS as "custom.KEY" (KEY= for records without a value); and the
 * values of REC shown by label (nothing with --json, which has them). */
int cli_put_custom(struct cli *cli, json_t *in, const struct opts *o);
int cli_put_where(struct cli *cli, const struct entity *e, json_t *filters,
		  const struct opts *o);
void cli_print_custom(struct cli *cli, const struct entity *e, json_t *rec);

/* The list options every list takes. */
#define LIST_SPECS \
	{ "q", 1, "TEXT" }, { "sort", 1, "FIELD|-FIELD" }, { "limit", 1, "N" }, \
	{ "cursor", 1, "C" }, { "owner", 1, "EMAIL" }
/* The options of records with custom fields: add and edit take FIELD_SPEC,
 * list WHERE_SPEC. */
#define FIELD_SPEC { "field", 1, "KEY=VALUE" }
#define WHERE_SPEC { "where", 1, "KEY=VALUE" }
/* The options of show and delete. */
extern const struct opt_spec cli_id_specs[];

#endif
