/* CSV in and out. The reader wraps libcsv and adds what real exports need:
 * encodings (UTF-8 BOM, UTF-16 with BOM, Latin-1/Windows-1252), delimiter
 * detection, line numbers, ragged-row reports and size bounds. The writer
 * quotes per RFC 4180. Pure: bytes in, records to a callback. See
 * docs/internals or tests/unit/io/test-csv-reader.c for examples. */
#ifndef FC_IO_CSV_READER_H
#define FC_IO_CSV_READER_H

#include <stddef.h>
#include <stdio.h>

#include <csv.h>

#include "util/buf.h"
#include "util/error.h"

#define CSV_READER_MAX_FIELD ((size_t)1 << 20)	/* 1 MiB per field */
#define CSV_READER_MAX_FIELDS 1000		/* fields per record */

enum csv_encoding {
	CSV_ENC_UTF8 = 0,	/* plain UTF-8 (or ASCII) */
	CSV_ENC_UTF8_BOM,	/* UTF-8, the BOM was stripped */
	CSV_ENC_UTF16LE,	/* converted to UTF-8 */
	CSV_ENC_UTF16BE,	/* converted to UTF-8 */
	CSV_ENC_CP1252,		/* not valid UTF-8: read as Windows-1252 */
};

/* One record. Everything is borrowed and valid only during the callback.
 * Each fields[i] is NUL-terminated and lens[i] long (a field may itself
 * hold NUL bytes; trust lens). */
struct csv_record {
	const char *const *fields;
	const size_t *lens;
	size_t nfields;
	unsigned long line;	/* 1-based line where the record started */
	unsigned long index;	/* 0-based record number (0 is the header) */
	int ragged;		/* nfields differs from record 0's count */
};

/* Return 0 to go on; anything else stops the reader, and csv_reader_feed()
 * or csv_reader_finish() return that value. */
typedef int (*csv_record_fn)(const struct csv_record *rec, void *data);

struct csv_reader_options {
	char delim;		/* 0: detect among , ; TAB | */
	size_t max_field;	/* 0: CSV_READER_MAX_FIELD (never above it) */
	size_t max_fields;	/* 0: CSV_READER_MAX_FIELDS */
};

struct csv_reader {
	struct csv_parser parser;
	struct csv_reader_options opt;
	csv_record_fn fn;
	void *data;
	struct fc_error *err;
	int status;		/* first failure or callback stop, sticky */

	enum csv_encoding encoding;
	int converted;		/* input was not UTF-8: converted */
	int started;		/* encoding and delimiter decided */
	char delim;		/* the delimiter in use */
	struct buf sniff;	/* input held back until the decision */
	void *iconv;		/* iconv_t for UTF-16 */
	unsigned char pend[4];	/* bytes of a sequence split between chunks */
	size_t npend;
	struct buf conv;	/* converted chunk */

	/* the record being built */
	struct buf fieldbuf;	/* all fields of the record, NUL-separated */
	size_t *offs;
	size_t *lens;
	const char **ptrs;
	size_t nfields, alloc;
	unsigned long line;	/* line the parser is on */
	unsigned long rec_line;	/* line the current record started on */
	int last_term;		/* last row terminator seen (CR, LF, -1) */
	unsigned long nrecords;
	size_t header_fields;
};

/* Sets R up; OPT may be NULL for the defaults. ERR (may be NULL) is filled
 * on failure: its message names the line. */
void csv_reader_init(struct csv_reader *r, const struct csv_reader_options *opt,
		     csv_record_fn fn, void *data, struct fc_error *err);
void csv_reader_release(struct csv_reader *r);
/* Feeds a chunk of any size. Returns 0, a negative enum fc_err (FC_EINVAL for
 * broken input, FC_ELIMIT for a bound), or the callback's stop value. */
int csv_reader_feed(struct csv_reader *r, const void *chunk, size_t len);
/* Ends the input: the last record (without a final newline) is delivered. */
int csv_reader_finish(struct csv_reader *r);
/* Feeds the whole of F, then ends the input; a read error of F is
 * FC_ESTORE ("cannot read the input"). Returns as csv_reader_feed. */
int csv_reader_feed_file(struct csv_reader *r, FILE *f);
/* A whole buffer in one go (init, feed..., finish, release). */
int csv_parse_buffer(const void *data, size_t len,
		     const struct csv_reader_options *opt, csv_record_fn fn,
		     void *cbdata, struct fc_error *err);

/* Guesses the delimiter among , ; TAB | from the first lines of TEXT
 * (UTF-8). Returns ',' when nothing stands out. */
char csv_detect_delim(const char *text, size_t len);

/* Writer. csv_write_field*() put the delimiter before every field that
 * does not start a line, so a row is its fields then csv_write_row_end().
 * Fields are quoted when they hold the delimiter, a quote, CR or LF,
 * or start or end with a space; quotes are doubled; rows end with CRLF.
 * Formula-injection defence (OWASP's): with CSV_WRITE_SAFE a field that
 * csv_formula_like() gets a leading apostrophe, so a spreadsheet shows it
 * as text. Every CSV Fulcrum writes for people passes it unless they ask
 * for raw output (`export --raw`, `?raw=true`); the importer takes the
 * apostrophe off again (csv_unguard()), so a guarded export imports as
 * it was. */
#define CSV_WRITE_SAFE 1
/* Whether a spreadsheet could take the field for a formula: it starts,
 * after any spaces, with = + - @ TAB or CR, and is not a plain number
 * ("-5", "+3.25" stay as they are). */
int csv_formula_like(const char *s, size_t n);
/* The field without the apostrophe CSV_WRITE_SAFE put before it: *LEN
 * shrinks by one and the field starts one byte later when S is "'" and
 * then something csv_formula_like(); else S unchanged. */
const char *csv_unguard(const char *s, size_t *len);
void csv_write_field(struct buf *out, const char *field);
void csv_write_field_n(struct buf *out, const char *field, size_t len,
		       char delim, int flags);
/* Writes N fields (NULL means an empty field) separated by commas, then CRLF. */
void csv_write_row(struct buf *out, const char *const *fields, size_t n,
		   int flags);
void csv_write_row_end(struct buf *out);

#endif
