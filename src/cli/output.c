/* How the CLI prints: records as "field: value" lines, lists as aligned
 * tables or CSV, everything as JSON with --json; refusals on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/display.h"
#include "core/money.h"
#include "core/names.h"
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

/* ---- what a field is, for people --------------------------------------- */

#define MAX_COLS 48

enum kind {
	K_PLAIN,
	K_MINOR,	/* "*_minor": an integer amount in minor units */
	K_UNITS,	/* an amount in decimal units (a record's value) */
	K_RATE,		/* a fraction, shown as a percentage */
	K_PERCENT,	/* a number already in percent */
	K_NAMED,	/* an id (or e-mail) shown by the name in NAME */
	K_SKIP,		/* not shown: the currency of amounts in a table,
			   the minor units beside an amount in units */
};

/* Amounts in decimal units in the records and lists. */
static const char *const unit_fields[] = { "value", "weighted_value", "price",
	"unit_price", "total",
	NULL };
/* The reports' fractions (docs/reports.md). */
static const char *const rate_fields[] = { "win_rate", "agreement_rate",
	"coverage", "compliance", "conversion", "planned_share", "fixed",
	"learned", "referred_win_rate", "other_win_rate", "team_conversion",
	"conversion_low", "conversion_high", "shortfall", "share", "share_low",
	"share_high", "team_share", "win_rate_low", "win_rate_high",
	"followed_share", "followed_win_rate", "band_from", "band_to",
	"predicted", "observed", NULL };

static int in(const char *const *set, const char *s)
{
	for (; *set; set++)
		if (!strcmp(*set, s))
			return 1;
	return 0;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n > t && !strcmp(s + n - t, tail);
}

/* One column as shown: its header, the field it reads (a name column
 * added beside an id reads the field its header names), how, and for
 * K_NAMED the name field shown instead of FIELD when it is set. */
struct column {
	char header[64];
	const char *field;
	enum kind kind;
	char name[64];
};

/* The field names.h adds beside ID ("owner_id" -> "owner_name",
 * "from_contact_id" -> "from_contact_name"), or beside a report's owner
 * e-mail ("owner" -> "owner_name"). */
static void name_field(const char *id, char *out, size_t n)
{
	const char *name = names_field(id);
	if (name)
		snprintf(out, n, "%s", name);
	else if (ends_with(id, "_id"))
		snprintf(out, n, "%.*s_name", (int)(strlen(id) - 3), id);
	else
		snprintf(out, n, "%s_name", id);
}

static int listed(const char *const *fields, size_t n, const char *field)
{
	for (size_t f = 0; f < n; f++)
		if (!strcmp(fields[f], field))
			return 1;
	return 0;
}

static int any_has(json_t *items, const char *field)
{
	size_t i;
	json_t *row;
	json_array_foreach(items, i, row)
		if (json_object_get(row, field))
			return 1;
	return 0;
}

static enum kind kind_of(const char *field, json_t *items, char *name,
			 size_t n)
{
	if (ends_with(field, "_minor")) {
		/* shown once: by its amount in units when the row has one */
		char units[64];
		snprintf(units, sizeof(units), "%.*s", (int)(strlen(field) - 6),
			 field);
		if (!strcmp(units, "weighted"))
			snprintf(units, sizeof(units), "weighted_value");
		if (in(unit_fields, units) && any_has(items, units))
			return K_SKIP;
		return K_MINOR;
	}
	if (in(unit_fields, field))
		return K_UNITS;
	if (in(rate_fields, field))
		return K_RATE;
	/* already in percent: a step's probability, a line item's discount */
	if (!strcmp(field, "probability") || !strcmp(field, "discount"))
		return K_PERCENT;
	if (ends_with(field, "_id") || !strcmp(field, "owner")) {
		name_field(field, name, n);
		if (any_has(items, name))
			return K_NAMED;
	}
	return K_PLAIN;
}

/* "value_minor" -> "value"; "won_minor" -> "won_amount" where "won" is
 * a field of its own (a count). */
static void minor_header(const char *field, const char *const *fields,
			 size_t nfields, char *out, size_t n)
{
	int len = (int)(strlen(field) - 6);
	for (size_t f = 0; f < nfields; f++)
		if ((int)strlen(fields[f]) == len && !strncmp(fields[f], field,
							       (size_t)len)) {
			snprintf(out, n, "%.*s_amount", len, field);
			return;
		}
	snprintf(out, n, "%.*s", len, field);
}

/* The columns people read for FIELDS: in a table an id becomes its name
 * ("owner") and the currency goes into the amounts; in CSV the names and
 * e-mails follow their ids and amounts get a currency column. */
static size_t columns_for(struct cli *cli, json_t *items,
			  const char *const *fields, size_t nfields,
			  struct column *cols, size_t max)
{
	size_t n = 0;
	int money = 0, has_currency = 0;
	for (size_t f = 0; f < nfields && n < max; f++) {
		struct column *c = &cols[n];
		memset(c, 0, sizeof(*c));
		c->field = fields[f];
		c->kind = kind_of(c->field, items, c->name, sizeof(c->name));
		if (c->kind == K_SKIP)
			continue;	/* an amount's minor units beside it */
		size_t len = strlen(c->field);
		char id[64];
		snprintf(id, sizeof(id), "%.*s_id", len > 5 ? (int)(len - 5) : 0,
			 c->field);
		/* a table shows the name in its id's column already */
		if (!cli->csv && len > 5 && !strcmp(c->field + len - 5, "_name") &&
		    listed(fields, nfields, id))
			continue;
		snprintf(c->header, sizeof(c->header), "%s", c->field);
		if (!strcmp(c->field, "currency"))
			has_currency = 1;
		if (c->kind == K_MINOR) {
			minor_header(c->field, fields, nfields, c->header,
				     sizeof(c->header));
			money = 1;
		} else if (c->kind == K_UNITS) {
			money = 1;
		}
		if (c->kind == K_NAMED && !cli->csv && ends_with(c->header, "_id"))
			c->header[strlen(c->header) - 3] = '\0';
		n++;
		if (c->kind != K_NAMED || !cli->csv)
			continue;
		c->kind = K_PLAIN;
		/* a report's owner e-mail is its own column already */
		if (!ends_with(c->field, "_id") || listed(fields, nfields, c->name))
			continue;
		/* CSV: the id stays, its name (and e-mail) beside it */
		const char *name = c->name;
		char email[64];
		snprintf(email, sizeof(email), "%.*s_email",
			 (int)(strlen(name) - 5), name);
		if (n < max) {
			memset(&cols[n], 0, sizeof(cols[n]));
			snprintf(cols[n].header, sizeof(cols[n].header), "%s", name);
			cols[n].field = cols[n].header;
			n++;
		}
		if (n < max && ends_with(name, "_name") && any_has(items, email) &&
		    !listed(fields, nfields, email)) {
			memset(&cols[n], 0, sizeof(cols[n]));
			snprintf(cols[n].header, sizeof(cols[n].header), "%s", email);
			cols[n].field = cols[n].header;
			n++;
		}
	}
	for (size_t c = 0; c < n; c++)
		if (!cli->csv && money && !strcmp(cols[c].field, "currency"))
			cols[c].kind = K_SKIP;
	if (cli->csv && money && !has_currency && n < max) {
		memset(&cols[n], 0, sizeof(cols[n]));
		cols[n].field = "currency";
		snprintf(cols[n].header, sizeof(cols[n].header), "currency");
		n++;
	}
	return n;
}

/* ROW's currency, else the default of the command (a report's). */
static const char *currency_of(struct cli *cli, json_t *row)
{
	const char *c = json_string_value(json_object_get(row, "currency"));
	return c ? c : cli->currency;
}

/* The amount in units V of FIELD ("value") in minor units: exactly, from
 * the row's "value_minor", when it has one. */
static int64_t units_minor(json_t *row, const char *field, json_t *v,
			   const char *currency)
{
	char name[64];
	if (!strcmp(field, "weighted_value"))
		snprintf(name, sizeof(name), "weighted_minor");
	else
		snprintf(name, sizeof(name), "%s_minor", field);
	json_t *minor = json_object_get(row, name);
	return json_is_integer(minor) ? json_integer_value(minor) :
	       money_json_minor(v, currency);
}

/* The text of column C of ROW: for a table as people read it, for CSV as a
 * spreadsheet reads it; NULL values are "-" in a table and empty in CSV. */
static char *column_text(struct cli *cli, const struct column *c, json_t *row)
{
	json_t *v = json_object_get(row, c->field);
	char buf[DISPLAY_MONEY_MAX];

	if (c->kind == K_NAMED) {
		json_t *name = json_object_get(row, c->name);
		if (json_is_string(name))
			return xstrdup(json_string_value(name));
	}
	if (!strcmp(c->field, "currency") && cli->csv && !v)
		return xstrdup(currency_of(cli, row) ? currency_of(cli, row) : "");
	if (!v || json_is_null(v))
		return xstrdup(cli->csv ? "" : "-");
	if (!json_is_number(v))
		return cell(v);
	switch (c->kind) {
	case K_MINOR:
	case K_UNITS: {
		const char *currency = currency_of(cli, row);
		int64_t minor = c->kind == K_MINOR ? json_integer_value(v) :
			units_minor(row, c->field, v, currency);
		if (cli->csv)
			money_format(minor, currency, buf, sizeof(buf));
		else
			money_display(minor, currency, buf, sizeof(buf));
		return xstrdup(buf);
	}
	case K_RATE:
		if (cli->csv)
			return cell(v);
		rate_display(json_number_value(v), buf, sizeof(buf));
		return xstrdup(buf);
	case K_PERCENT:
		if (cli->csv)
			return cell(v);
		percent_display(json_number_value(v), buf, sizeof(buf));
		return xstrdup(buf);
	default:
		return cell(v);
	}
}

/* Adds the names beside the ids of ITEMS; a failure only loses the names
 * (the ids still print), so it is reported and the output goes on. */
static void add_names(struct cli *cli, json_t *items)
{
	struct fc_error err = { 0 };
	if (!cli->ctx.db)
		return;
	if (names_add(&cli->ctx, items, NULL, &err))
		fprintf(stderr, "fulcrum: names not shown: %s\n", err.message);
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
	json_t *one = json_array();
	json_array_append(one, rec);
	add_names(cli, one);
	json_decref(one);
	json_object_foreach(rec, key, v)
		if (strlen(key) > width)
			width = strlen(key);
	json_object_foreach(rec, key, v) {
		if (!strcmp(key, "custom") && json_is_object(v))
			continue;	/* by label: cli_print_custom() */
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
		struct column c = { .field = key };
		json_t *items = json_array();
		json_array_append(items, rec);
		c.kind = kind_of(key, items, c.name, sizeof(c.name));
		json_decref(items);
		if (c.kind == K_SKIP)
			continue;	/* an amount's minor units beside it */
		char *s = column_text(cli, &c, rec);
		const char *label = key;
		char header[64];
		if (c.kind == K_MINOR) {
			const char *keys[MAX_COLS];
			size_t nkeys = 0;
			const char *k2;
			json_t *v2;
			json_object_foreach(rec, k2, v2)
				if (nkeys < MAX_COLS)
					keys[nkeys++] = k2;
			minor_header(key, keys, nkeys, header, sizeof(header));
			label = header;
		}
		const char *name = json_string_value(json_object_get(rec, c.name));
		if (c.kind == K_NAMED && json_is_integer(v) && name) {
			/* a record shows the id and whose it is */
			free(s);
			s = xasprintf("%" JSON_INTEGER_FORMAT " (%s)",
				      json_integer_value(v), name);
		}
		printf("%-*s  %s\n", (int)width + 1, label, s);
		free(s);
	}
}

char *out_value(struct cli *cli, json_t *row, const char *field)
{
	struct column c = { .field = field };
	if (!json_object_get(row, field))
		return NULL;
	json_t *items = json_array();
	json_array_append(items, row);
	c.kind = kind_of(field, items, c.name, sizeof(c.name));
	json_decref(items);
	return column_text(cli, &c, row);
}

#define CELL_MAX 60	/* a table cell is cut at this width */

void out_list(struct cli *cli, json_t *items, const char *const *columns)
{
	const char *fields[MAX_COLS];
	struct column cols[MAX_COLS];
	size_t nfields = 0, ncols, widths[MAX_COLS], i;
	json_t *row;

	if (cli->json) {
		print_json(items);
		return;
	}
	if (columns) {
		for (; columns[nfields] && nfields < MAX_COLS; nfields++)
			fields[nfields] = columns[nfields];
	} else if (json_array_size(items)) {
		const char *key;
		json_t *v;
		json_object_foreach(json_array_get(items, 0), key, v)
			if (nfields < MAX_COLS && !json_is_array(v) && !json_is_object(v))
				fields[nfields++] = key;
	}
	add_names(cli, items);
	ncols = columns_for(cli, items, fields, nfields, cols, MAX_COLS);
	if (cli->csv) {
		/* the one CSV writer of io/, guarded as every CSV for people */
		struct buf b = BUF_INIT;
		for (size_t c = 0; c < ncols; c++)
			csv_write_field_n(&b, cols[c].header, strlen(cols[c].header),
					  ',', CSV_WRITE_SAFE);
		csv_write_row_end(&b);
		json_array_foreach(items, i, row) {
			for (size_t c = 0; c < ncols; c++) {
				char *s = column_text(cli, &cols[c], row);
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
		widths[c] = strlen(cols[c].header);
	json_array_foreach(items, i, row) {
		for (size_t c = 0; c < ncols; c++) {
			char *s = column_text(cli, &cols[c], row);
			size_t w = strlen(s) > CELL_MAX ? CELL_MAX : strlen(s);
			if (w > widths[c])
				widths[c] = w;
			free(s);
		}
	}
	/* amounts and rates line up on the right, text on the left */
	size_t last = 0;
	for (size_t c = 0; c < ncols; c++)
		if (cols[c].kind != K_SKIP)
			last = c;
	for (size_t c = 0; c < ncols; c++)
		if (cols[c].kind != K_SKIP)
			printf("%-*s%s", (int)widths[c], cols[c].header,
			       c < last ? "  " : "\n");
	json_array_foreach(items, i, row) {
		for (size_t c = 0; c < ncols; c++) {
			if (cols[c].kind == K_SKIP)
				continue;
			char *s = column_text(cli, &cols[c], row);
			if (strlen(s) > CELL_MAX)
				memcpy(s + CELL_MAX - 3, "...", 4);
			for (char *p = s; *p; p++)
				if (*p == '\n' || *p == '\r' || *p == '\t')
					*p = ' ';
			int right = cols[c].kind == K_MINOR ||
				cols[c].kind == K_UNITS || cols[c].kind == K_RATE ||
				cols[c].kind == K_PERCENT;
			printf(right ? "%*s%s" : "%-*s%s", (int)widths[c], s,
			       c < last ? "  " : "\n");
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
