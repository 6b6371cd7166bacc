/* fulcrum process: list, show, export and import sales processes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/process.h"
#include "util/banned.h"

#define PROCESS_FILE_MAX (1 << 20)

static int write_json(struct cli *cli, json_t *j, const char *file)
{
	int flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	if (!file) {
		char *s = json_dumps(j, flags);
		puts(s);
		free(s);
		return EXIT_OK;
	}
	if (json_dump_file(j, file, flags)) {
		fprintf(stderr, "fulcrum: cannot write '%s'\n", file);
		return EXIT_STORE;
	}
	out_done(cli, NULL, "wrote %s", file);
	return EXIT_OK;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	static const char *const cols[] = { "id", "key", "name", "check_days", NULL };
	struct fc_error err = { 0 };
	json_t *j;
	if (o->npos)
		return cli_usage(cli, "process", "unknown subcommand '%s'", o->pos[0]);
	if (process_list(&cli->ctx, &j, &err))
		return cli_fail(cli, &err);
	out_list(cli, j, cols);
	json_decref(j);
	return EXIT_OK;
}

/* show [KEY] or export [KEY] [FILE.json] */
static int export(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	const char *key = o->npos > 0 ? o->pos[0] : NULL;
	const char *file = o->npos > 1 ? o->pos[1] : NULL;
	json_t *j;
	int rc;
	if (o->npos > 2)
		return cli_usage(cli, "process", "too many arguments");
	/* "export FILE.json" alone exports the default process */
	if (key && !file && strstr(key, ".json")) {
		file = key;
		key = NULL;
	}
	if (process_export(&cli->ctx, key, &j, &err))
		return cli_fail(cli, &err);
	json_object_del(j, "id");
	rc = sub[0] == 's' && !file ? (out_record(cli, j), EXIT_OK)
				    : write_json(cli, j, file);
	json_decref(j);
	return rc;
}

static int import(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_error_t jerr;
	json_t *j;
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "process", "import takes one FILE.json");
	const char *path = o->pos[0];
	FILE *f = !strcmp(path, "-") ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fulcrum: cannot read '%s'\n", path);
		return EXIT_NOTFOUND;
	}
	char *buf = malloc(PROCESS_FILE_MAX + 1);
	size_t n = buf ? fread(buf, 1, PROCESS_FILE_MAX + 1, f) : 0;
	if (f != stdin)
		fclose(f);
	if (n > PROCESS_FILE_MAX) {
		free(buf);
		fprintf(stderr, "fulcrum: '%s' is larger than 1 MiB\n", path);
		return EXIT_REFUSED;
	}
	j = buf ? json_loadb(buf, n, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	free(buf);
	if (!j) {
		fprintf(stderr, "fulcrum: '%s' line %d column %d: %s\n", path,
			jerr.line, jerr.column, jerr.text);
		return EXIT_REFUSED;
	}
	rc = process_import(&cli->ctx, j, &id, &err);
	json_decref(j);
	if (rc)
		return cli_fail(cli, &err);
	out_done(cli, NULL, "imported process %lld", (long long)id);
	return EXIT_OK;
}

const struct subcmd process_subcmds[] = {
	{ "list", list, NULL, NULL, "every process (also without a subcommand)" },
	{ "show", export, NULL, "[KEY]", "a process (default: the default one)" },
	{ "export", export, NULL, "[KEY] [FILE.json]", "a process as JSON, to "
	  "FILE or stdout" },
	{ "import", import, NULL, "FILE.json", "create or replace a process "
	  "(admins)" },
	{ "", list, NULL, NULL, "the same as list" },
	{ NULL, NULL, NULL, NULL, NULL }
};
