/* The CSV reader and writer; see csv-reader.h. libcsv does the quoting
 * state machine; this file decides the encoding and the delimiter from the
 * first bytes, converts to UTF-8 on the fly, counts lines and enforces the
 * bounds. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv-reader.h"
#include "io/text.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* How much input is held back to decide encoding and delimiter. */
#define SNIFF_BYTES 8192
/* Per-record bound on top of the per-field ones. */
#define MAX_RECORD ((size_t)16 << 20)
/* libcsv grows its field buffer by this much at a time. */
#define BLK_SIZE 4096

/* libcsv has no field limit of its own; refusing to grow its buffer past
 * the largest field we accept makes csv_parse() stop with CSV_ENOMEM, so a
 * huge field never gets buffered whole. */
static void *csv_realloc_bounded(void *p, size_t n)
{
	if (n > CSV_READER_MAX_FIELD + 2 * BLK_SIZE)
		return NULL;
	return realloc(p, n);
}

/* Keep spaces: libcsv trims spaces and tabs by default, which loses data
 * and breaks tab-delimited files. */
static int csv_no_space(unsigned char c)
{
	return 0;
}

static int reader_fail(struct csv_reader *r, int code, const char *fmt,
		       unsigned long line, size_t limit)
{
	if (r->status)
		return r->status;
	if (limit)
		fc_fail(r->err, code, NULL, fmt, line, limit);
	else
		fc_fail(r->err, code, NULL, fmt, line);
	r->status = code;
	return code;
}

void csv_reader_init(struct csv_reader *r, const struct csv_reader_options *opt,
		     csv_record_fn fn, void *data, struct fc_error *err)
{
	memset(r, 0, sizeof(*r));
	if (opt)
		r->opt = *opt;
	if (!r->opt.max_field || r->opt.max_field > CSV_READER_MAX_FIELD)
		r->opt.max_field = CSV_READER_MAX_FIELD;
	if (!r->opt.max_fields || r->opt.max_fields > CSV_READER_MAX_FIELDS)
		r->opt.max_fields = CSV_READER_MAX_FIELDS;
	r->fn = fn;
	r->data = data;
	r->err = err;
	buf_init(&r->sniff, 0);
	buf_init(&r->conv, 0);
	buf_init(&r->fieldbuf, MAX_RECORD);
	r->line = 1;
	r->last_term = -1;
	if (csv_init(&r->parser, CSV_REPALL_NL) != 0)
		FC_BUG("csv_init failed");
	csv_set_space_func(&r->parser, csv_no_space);
	csv_set_realloc_func(&r->parser, csv_realloc_bounded);
	csv_set_blk_size(&r->parser, BLK_SIZE);
}

void csv_reader_release(struct csv_reader *r)
{
	csv_free(&r->parser);
	if (r->iconv)
		iconv_close((iconv_t)r->iconv);
	r->iconv = NULL;
	buf_release(&r->sniff);
	buf_release(&r->conv);
	buf_release(&r->fieldbuf);
	free(r->offs);
	free(r->lens);
	free(r->ptrs);
	r->offs = NULL;
	r->lens = NULL;
	r->ptrs = NULL;
	r->alloc = r->nfields = 0;
}

static unsigned long count_lines(const char *s, size_t n)
{
	unsigned long lines = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			lines++;
		else if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
			lines++;
	}
	return lines;
}

static void on_field(void *s, size_t len, void *data)
{
	struct csv_reader *r = data;
	size_t off;

	if (r->status)
		return;
	if (r->nfields == 0)
		r->rec_line = r->line;
	if (len > r->opt.max_field) {
		reader_fail(r, FC_ELIMIT, "field too large at line %lu "
			    "(limit %zu bytes)", r->rec_line, r->opt.max_field);
		return;
	}
	if (r->nfields >= r->opt.max_fields) {
		reader_fail(r, FC_ELIMIT, "too many fields at line %lu "
			    "(limit %zu)", r->rec_line, r->opt.max_fields);
		return;
	}
	off = r->fieldbuf.len;
	buf_add(&r->fieldbuf, s ? s : "", s ? len : 0);
	buf_addch(&r->fieldbuf, '\0');
	if (r->fieldbuf.overflow) {
		reader_fail(r, FC_ELIMIT, "record too large at line %lu "
			    "(limit %zu bytes)", r->rec_line, MAX_RECORD);
		return;
	}
	if (r->nfields + 1 > r->alloc) {
		size_t old = r->alloc;

		ALLOC_GROW(r->offs, r->nfields + 1, r->alloc);
		r->alloc = old;
		ALLOC_GROW(r->lens, r->nfields + 1, r->alloc);
		r->alloc = old;
		ALLOC_GROW(r->ptrs, r->nfields + 1, r->alloc);
	}
	r->offs[r->nfields] = off;
	r->lens[r->nfields] = len;
	r->nfields++;
	r->line += count_lines(s, len);
}

static void on_row(int c, void *data)
{
	struct csv_reader *r = data;
	struct csv_record rec;
	int rc;

	if (r->status)
		return;
	if (r->nfields == 0) {
		/* A blank line, or the LF of a CRLF whose CR ended the row. */
		if (c == '\n' && r->last_term == '\r')
			r->last_term = '\n' | 0x100;
		else {
			if (c == '\r' || c == '\n')
				r->line++;
			r->last_term = c;
		}
		return;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->fieldbuf.s + r->offs[i];
	rec.fields = r->ptrs;
	rec.lens = r->lens;
	rec.nfields = r->nfields;
	rec.line = r->rec_line;
	rec.index = r->nrecords;
	if (r->nrecords == 0)
		r->header_fields = r->nfields;
	rec.ragged = r->nrecords > 0 && r->nfields != r->header_fields;
	r->nrecords++;
	rc = r->fn ? r->fn(&rec, r->data) : 0;
	if (rc)
		r->status = rc;
	buf_clear(&r->fieldbuf);
	r->nfields = 0;
	if (c == '\r' || c == '\n')
		r->line++;
	r->last_term = c;
}

/* Validates S as UTF-8 into OUT; at the first invalid byte the rest of the
 * input is read as Windows-1252 (a file is one or the other; a UTF-8 file
 * has no invalid bytes). A sequence cut by the chunk's end waits in pend. */
static void decode_utf8(struct csv_reader *r, const unsigned char *s,
			size_t n, int final)
{
	size_t i = 0;

	while (i < n && r->encoding != CSV_ENC_CP1252) {
		int len = utf8_seq(s + i, n - i);

		if (len > 0) {
			i += (size_t)len;
			continue;
		}
		if (len == 0 && !final) {
			buf_add(&r->conv, s, i);
			memcpy(r->pend, s + i, n - i);
			r->npend = n - i;
			return;
		}
		r->encoding = CSV_ENC_CP1252;
		r->converted = 1;
	}
	buf_add(&r->conv, s, i);
	if (i < n)
		text_cp1252_to_utf8(&r->conv, s + i, n - i);
}

static int decode_utf16(struct csv_reader *r, const unsigned char *s,
			size_t n, int final)
{
	char out[4096];
	char *in = (char *)s;
	size_t inleft = n;

	while (inleft > 0) {
		char *o = out;
		size_t oleft = sizeof(out);
		size_t rc = iconv((iconv_t)r->iconv, &in, &inleft, &o, &oleft);

		buf_add(&r->conv, out, sizeof(out) - oleft);
		if (rc != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && inleft < sizeof(r->pend)) {
			memcpy(r->pend, in, inleft);
			r->npend = inleft;
			return 0;
		}
		return reader_fail(r, FC_EINVAL, "invalid UTF-16 text near "
				   "line %lu", r->line + count_lines(r->conv.s,
				   r->conv.len), 0);
	}
	return 0;
}

/* Turns the next bytes of input into UTF-8 in r->conv. */
static int decode(struct csv_reader *r, const unsigned char *s, size_t n,
		  int final)
{
	unsigned char *joined = NULL;
	int rc = 0;

	buf_clear(&r->conv);
	if (r->npend) {
		joined = xmalloc(r->npend + n);
		memcpy(joined, r->pend, r->npend);
		if (n)
			memcpy(joined + r->npend, s, n);
		n += r->npend;
		s = joined;
		r->npend = 0;
	}
	switch (r->encoding) {
	case CSV_ENC_UTF16LE:
	case CSV_ENC_UTF16BE:
		rc = decode_utf16(r, s, n, final);
		break;
	case CSV_ENC_CP1252:
		text_cp1252_to_utf8(&r->conv, s, n);
		break;
	default:
		decode_utf8(r, s, n, final);
		break;
	}
	free(joined);
	return rc;
}

char csv_detect_delim(const char *text, size_t len)
{
	static const char cands[] = { ',', ';', '\t', '|' };
	enum { NC = sizeof(cands), MAXL = 10 };
	size_t counts[MAXL][NC];
	size_t nlines = 0, i = 0;
	int inq = 0;
	char best = ',';
	size_t best_agree = 0, best_first = 0;

	memset(counts, 0, sizeof(counts));
	while (i < len && nlines < MAXL) {
		char c = text[i++];

		if (c == '"') {
			inq = !inq;
		} else if (!inq && (c == '\n' || c == '\r')) {
			if (c == '\r' && i < len && text[i] == '\n')
				i++;
			nlines++;
		} else if (!inq) {
			for (size_t k = 0; k < NC; k++)
				if (c == cands[k])
					counts[nlines][k]++;
		}
	}
	/* A last line cut short by the sniff window is only used alone. */
	if (nlines == 0 && len > 0)
		nlines = 1;
	for (size_t k = 0; k < NC; k++) {
		size_t agree = 0;

		if (counts[0][k] == 0)
			continue;
		for (size_t l = 0; l < nlines; l++)
			if (counts[l][k] == counts[0][k])
				agree++;
		if (agree > best_agree ||
		    (agree == best_agree && counts[0][k] > best_first)) {
			best = cands[k];
			best_agree = agree;
			best_first = counts[0][k];
		}
	}
	return best;
}

static int parse_conv(struct csv_reader *r)
{
	size_t done;

	if (r->status || r->conv.len == 0)
		return r->status;
	done = csv_parse(&r->parser, r->conv.s, r->conv.len, on_field, on_row,
			 r);
	if (r->status)
		return r->status;
	if (done < r->conv.len) {
		if (csv_error(&r->parser) == CSV_ENOMEM)
			return reader_fail(r, FC_ELIMIT, "field too large at "
					   "line %lu (limit %zu bytes)",
					   r->nfields ? r->rec_line : r->line,
					   r->opt.max_field);
		return reader_fail(r, FC_EINVAL, "malformed CSV at line %lu",
				   r->line, 0);
	}
	return 0;
}

/* Decides the encoding and the delimiter from the held-back bytes, then
 * parses them. */
static int start(struct csv_reader *r, int final)
{
	const unsigned char *s = (const unsigned char *)r->sniff.s;
	size_t n = r->sniff.len;
	const char *from = NULL;
	int rc;

	r->started = 1;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		r->encoding = CSV_ENC_UTF8_BOM;
		s += 3;
		n -= 3;
	} else if (n >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		r->encoding = CSV_ENC_UTF16LE;
		from = "UTF-16LE";
	} else if (n >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		r->encoding = CSV_ENC_UTF16BE;
		from = "UTF-16BE";
	}
	if (from) {
		iconv_t cd = iconv_open("UTF-8", from);

		if (cd == (iconv_t)-1)
			return reader_fail(r, FC_ESTORE, "cannot convert "
					   "UTF-16 (line %lu): iconv missing",
					   r->line, 0);
		r->iconv = cd;
		r->converted = 1;
		s += 2;
		n -= 2;
	}
	rc = decode(r, s, n, final);
	if (rc)
		return rc;
	r->delim = r->opt.delim ? r->opt.delim
				: csv_detect_delim(r->conv.s, r->conv.len);
	csv_set_delim(&r->parser, (unsigned char)r->delim);
	buf_release(&r->sniff);
	return parse_conv(r);
}

int csv_reader_feed(struct csv_reader *r, const void *chunk, size_t len)
{
	int rc;

	if (r->status)
		return r->status;
	if (!r->started) {
		buf_add(&r->sniff, chunk, len);
		if (r->sniff.len < SNIFF_BYTES)
			return 0;
		return start(r, 0);
	}
	rc = decode(r, chunk, len, 0);
	if (rc)
		return rc;
	return parse_conv(r);
}

int csv_reader_finish(struct csv_reader *r)
{
	int rc;

	if (r->status)
		return r->status;
	if (!r->started)
		rc = start(r, 1);
	else if (r->npend)
		rc = decode(r, NULL, 0, 1) ? r->status : parse_conv(r);
	else
		rc = 0;
	if (rc)
		return rc;
	if (csv_fini(&r->parser, on_field, on_row, r) != 0 && !r->status)
		return reader_fail(r, FC_EINVAL, "malformed CSV at line %lu",
				   r->line, 0);
	return r->status;
}

int csv_parse_buffer(const void *data, size_t len,
		     const struct csv_reader_options *opt, csv_record_fn fn,
		     void *cbdata, struct fc_error *err)
{
	struct csv_reader r;
	int rc;

	csv_reader_init(&r, opt, fn, cbdata, err);
	rc = csv_reader_feed(&r, data, len);
	if (!rc)
		rc = csv_reader_finish(&r);
	csv_reader_release(&r);
	return rc;
}

static int needs_quotes(const char *s, size_t n, char delim)
{
	if (n == 0)
		return 0;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n')
			return 1;
	return 0;
}

/* A plain number: an optional sign, digits, optionally a point and more
 * digits ("-5", "+3", "-1234.50"). A spreadsheet reads it as the number it
 * is, so it needs no guard, and a money column keeps its negative amounts. */
static int plain_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && isdigit((unsigned char)s[i]); i++)
		digits++;
	if (i < n && s[i] == '.' && digits) {
		size_t frac = 0;
		for (i++; i < n && isdigit((unsigned char)s[i]); i++)
			frac++;
		if (!frac)
			return 0;
	}
	return digits && i == n;
}

int csv_formula_like(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n || !memchr("=+-@\t\r", s[i], 6))
		return 0;
	return !plain_number(s + i, n - i);
}

const char *csv_unguard(const char *s, size_t *len)
{
	if (*len >= 2 && s[0] == '\'' && csv_formula_like(s + 1, *len - 1)) {
		--*len;
		return s + 1;
	}
	return s;
}

void csv_write_field_n(struct buf *out, const char *field, size_t len,
		       char delim, int flags)
{
	int at_start = out->len == 0 || out->s[out->len - 1] == '\n';
	int guard = 0;

	if (!field)
		field = "";
	if (!at_start)
		buf_addch(out, delim);
	if ((flags & CSV_WRITE_SAFE) && csv_formula_like(field, len))
		guard = 1;
	if (len == 0 && at_start) {
		/* An empty first field must not look like a blank line (which
		 * readers skip) nor lose the separator that follows. */
		buf_adds(out, "\"\"");
		return;
	}
	if (!guard && !needs_quotes(field, len, delim)) {
		buf_add(out, field, len);
		return;
	}
	buf_addch(out, '"');
	if (guard)
		buf_addch(out, '\'');
	for (size_t i = 0; i < len; i++) {
		if (field[i] == '"')
			buf_addch(out, '"');
		buf_addch(out, field[i]);
	}
	buf_addch(out, '"');
}

void csv_write_field(struct buf *out, const char *field)
{
	csv_write_field_n(out, field, field ? strlen(field) : 0, ',', 0);
}

void csv_write_row_end(struct buf *out)
{
	buf_adds(out, "\r\n");
}

void csv_write_row(struct buf *out, const char *const *fields, size_t n,
		   int flags)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";

		csv_write_field_n(out, f, strlen(f), ',', flags);
	}
	if (n == 0)
		buf_adds(out, "\"\"");
	csv_write_row_end(out);
}

int csv_reader_feed_file(struct csv_reader *r, FILE *f)
{
	unsigned char chunk[65536];
	size_t n;
	int rc = 0;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = csv_reader_feed(r, chunk, n);
	if (!rc && ferror(f))
		rc = fc_fail(r->err, FC_ESTORE, NULL, "cannot read the input");
	return rc ? rc : csv_reader_finish(r);
}
