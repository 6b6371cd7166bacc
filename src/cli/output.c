/* How the CLI prints: records as "field: value" lines, lists as aligned
 * tables or CSV, everything as JSON with --json; refusals on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/csv-reader.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int cli_fail(struct cli *cli, const struct fc_error *err)
{
	if (err->code == FC_ERULE)
		fprintf(stderr, "%s\n", err->message);
	else
		fprintf(stderr, "fulcrum: %s\n", err->message[0] ? err->message :
			fc_strerror(err->code));
	return fc_exit_code(err->code);
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_ENCODE_ANY);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}

/* A value as table text: strings as they are, numbers, "-" for null. */
static char *cell(json_t *v)
{
	if (!v || json_is_null(v))
		return xstrdup("-");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_real(v))
		return xasprintf("%.2f", json_real_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

void out_record(struct cli *cli, json_t *rec)
{
	const char *key;
	json_t *v;
	size_t width = 0;
	if (cli->json) {
		print_json(rec);
		return;
	}
	json_object_foreach(rec, key, v)
		if (strlen(key) > width)
			width = strlen(key);
	json_object_foreach(rec, key, v) {
		if (json_is_array(v) && json_array_size(v) &&
		    json_is_object(json_array_get(v, 0))) {
			printf("%s:\n", key);
			size_t i;
			json_t *row;
			json_array_foreach(v, i, row) {
				char *c = json_dumps(row, JSON_COMPACT);
				printf("  - %s\n", c);
				free(c);
			}
			continue;
		}
		char *c = cell(v);
		printf("%-*s  %s\n", (int)width + 1, key, c);
		free(c);
	}
}

#define MAX_COLS 32
#define CELL_MAX 60	/* a table cell is cut at this width */

void out_list(struct cli *cli, json_t *items, const char *const *columns)
{
	const char *cols[MAX_COLS];
	size_t ncols = 0, widths[MAX_COLS], i;
	json_t *row;

	if (cli->json) {
		print_json(items);
		return;
	}
	if (columns) {
		for (; columns[ncols] && ncols < MAX_COLS; ncols++)
			cols[ncols] = columns[ncols];
	} else if (json_array_size(items)) {
		const char *key;
		json_t *v;
		json_object_foreach(json_array_get(items, 0), key, v)
			if (ncols < MAX_COLS && !json_is_array(v) && !json_is_object(v))
				cols[ncols++] = key;
	}
	if (cli->csv) {
		/* the one CSV writer of io/, guarded as every CSV for people */
		struct buf b = BUF_INIT;
		for (size_t c = 0; c < ncols; c++)
			csv_write_field_n(&b, cols[c], strlen(cols[c]), ',',
					  CSV_WRITE_SAFE);
		csv_write_row_end(&b);
		json_array_foreach(items, i, row) {
			for (size_t c = 0; c < ncols; c++) {
				json_t *v = json_object_get(row, cols[c]);
				char *s = v && !json_is_null(v) ? cell(v) : xstrdup("");
				csv_write_field_n(&b, s, strlen(s), ',',
						  CSV_WRITE_SAFE);
				free(s);
			}
			csv_write_row_end(&b);
			fwrite(b.s, 1, b.len, stdout);
			buf_clear(&b);
		}
		fwrite(b.s, 1, b.len, stdout);
		buf_release(&b);
		return;
	}
	if (!json_array_size(items)) {
		if (!cli->quiet)
			fprintf(stderr, "(nothing)\n");
		return;
	}
	for (size_t c = 0; c < ncols; c++)
		widths[c] = strlen(cols[c]);
	json_array_foreach(items, i, row) {
		for (size_t c = 0; c < ncols; c++) {
			char *s = cell(json_object_get(row, cols[c]));
			size_t w = strlen(s) > CELL_MAX ? CELL_MAX : strlen(s);
			if (w > widths[c])
				widths[c] = w;
			free(s);
		}
	}
	for (size_t c = 0; c < ncols; c++)
		printf("%-*s%s", (int)widths[c], cols[c], c + 1 < ncols ? "  " : "\n");
	json_array_foreach(items, i, row) {
		for (size_t c = 0; c < ncols; c++) {
			char *s = cell(json_object_get(row, cols[c]));
			if (strlen(s) > CELL_MAX)
				memcpy(s + CELL_MAX - 3, "...", 4);
			for (char *p = s; *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
			printf("%-*s%s", (int)widths[c], s, c + 1 < ncols ? "  " : "\n");
			free(s);
		}
	}
}

void out_done(struct cli *cli, json_t *json, const char *fmt, ...)
{
	va_list ap;
	if (cli->json) {
		if (json)
			print_json(json);
		return;
	}
	if (cli->quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void progress_start(struct cli *cli, struct progress *p, const char *label,
		    int64_t total)
{
	p->enabled = !cli->quiet && isatty(STDERR_FILENO);
	p->label = label;
	p->total = total > 0 ? total : 1;
	p->last_shown = -1;
	progress_update(p, 0);
}

void progress_update(struct progress *p, int64_t done)
{
	if (!p->enabled)
		return;
	int pct = (int)(done * 100 / p->total);
	if (pct == p->last_shown)
		return;
	p->last_shown = pct;
	char bar[41];
	int fill = pct * 40 / 100;
	for (int i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%% %lld/%lld", p->label, bar, pct,
		(long long)done, (long long)p->total);
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (!p->enabled)
		return;
	progress_update(p, p->total);
	fputc('\n', stderr);
}
