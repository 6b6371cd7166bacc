/* A received e-mail read with GMime 3; see mime-read.h. GMime decodes the
 * transfer encodings (base64, quoted-printable), the RFC 2047 words of
 * names and subjects and converts each text part's charset to UTF-8; this
 * file picks what to keep and bounds it. GMime is lenient: what it still
 * reads, a client would show, so only a structure it had to give up on
 * (its "critical" warnings, a multipart without parts) is malformed. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "io/html-text.h"
#include "io/mime-quote.h"
#include "io/mime-read.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define NESTING_MAX 16		/* multiparts and messages inside each other */

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
	g_mime_init();
	if (sodium_init() < 0)
		abort();
}

struct reading {
	struct mime_mail *m;
	struct buf plain, html;	/* the text parts, each kind apart */
	const char *broken;	/* why its structure is broken, or NULL */
};

static void on_warning(gint64 offset, GMimeParserWarning code,
		       const gchar *item, gpointer data)
{
	struct reading *r = data;
	switch (code) {
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		r->broken = "a multipart part has no boundary";
		break;
	case GMIME_WARN_MALFORMED_MULTIPART:
		r->broken = "a multipart part holds no part (its boundary "
			    "never appears)";
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		r->broken = "its parts nest too deep";
		break;
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		r->broken = "a part has neither headers nor content";
		break;
	default:
		break;
	}
}

/* Appends S as valid UTF-8 to OUT (an invalid byte becomes U+FFFD) with
 * control characters but tab and line ends made spaces. */
static void add_clean(struct buf *out, const char *s, size_t n, int lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n && !out->overflow) {
		int k = utf8_seq(p + i, n - i);
		if (k <= 0) {
			buf_adds(out, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (k == 1 && (p[i] < 0x20 || p[i] == 0x7F) && p[i] != '\t' &&
		    !(lines && (p[i] == '\n' || p[i] == '\r')))
			buf_addch(out, ' ');
		else
			buf_add(out, p + i, (size_t)k);
		i += (size_t)k;
	}
}

/* Copies S into OUT (CAP bytes with the NUL) cut between characters. */
static void copy_cut(char *out, size_t cap, const char *s)
{
	struct buf b = BUF_INIT;
	size_t n;
	buf_init(&b, cap * 2 + 8);
	add_clean(&b, s ? s : "", s ? strlen(s) : 0, 0);
	n = b.len < cap - 1 ? b.len : cap - 1;
	while (n && n < b.len && ((unsigned char)b.s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, b.s, n);
	out[n] = '\0';
	buf_release(&b);
}

static int plausible_address(const char *a)
{
	size_t n = a ? strlen(a) : 0;
	const char *at = a ? strchr(a, '@') : NULL;
	if (!n || n > MIME_ADDRESS_MAX || !at || at == a || !at[1] ||
	    strchr(at + 1, '@'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)a[i] <= ' ' || strchr("<>,;\"()[]\\", a[i]))
			return 0;
	return 1;
}

static void add_addresses(struct mime_mail *m, InternetAddressList *list,
			  enum mime_role role, int depth)
{
	int n = list ? internet_address_list_length(list) : 0;
	for (int i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			if (depth < 2)
				add_addresses(m, internet_address_group_get_members(
					INTERNET_ADDRESS_GROUP(a)), role, depth + 1);
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(a))
			continue;
		const char *addr = internet_address_mailbox_get_addr(
			INTERNET_ADDRESS_MAILBOX(a));
		if (!plausible_address(addr))
			continue;
		if (m->naddresses == MIME_ADDRESSES_MAX) {
			m->addresses_dropped++;
			continue;
		}
		struct mime_address *x = &m->addresses[m->naddresses++];
		x->role = role;
		copy_cut(x->address, sizeof(x->address), addr);
		copy_cut(x->name, sizeof(x->name), internet_address_get_name(a));
	}
}

/* The first address of header NAME (Delivered-To: <a@b> or a@b). */
static void header_address(GMimeObject *o, const char *name, char *out)
{
	const char *v = g_mime_object_get_header(o, name);
	InternetAddressList *l;
	out[0] = '\0';
	if (!v || !(l = internet_address_list_parse(NULL, v)))
		return;
	if (internet_address_list_length(l) > 0) {
		InternetAddress *a = internet_address_list_get_address(l, 0);
		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			const char *addr = internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(a));
			if (plausible_address(addr))
				copy_cut(out, MIME_ADDRESS_MAX + 1, addr);
		}
	}
	g_object_unref(l);
}

/* The decoded size of PART's content, counted, not kept. */
static size_t content_size(GMimeObject *o)
{
	GMimeStream *null = g_mime_stream_null_new();
	size_t n = 0;
	if (GMIME_IS_PART(o)) {
		GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
		if (w)
			g_mime_data_wrapper_write_to_stream(w, null);
	} else {
		g_mime_object_write_to_stream(o, NULL, null);
	}
	n = GMIME_STREAM_NULL(null)->written;
	g_object_unref(null);
	return n;
}

static void add_attachment(struct reading *r, GMimeObject *o,
			   const char *name)
{
	struct mime_mail *m = r->m;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	if (m->nattachments == MIME_ATTACHMENTS_MAX) {
		m->attachments_dropped++;
		g_free(type);
		return;
	}
	struct mime_attachment *a = &m->attachments[m->nattachments++];
	copy_cut(a->name, sizeof(a->name), name);
	copy_cut(a->type, sizeof(a->type), type ? type : "application/octet-stream");
	a->size = content_size(o);
	g_free(type);
}

static void add_text(struct reading *r, GMimeObject *o, int html)
{
	char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(o));
	struct buf *to = html ? &r->html : &r->plain;
	struct buf part = BUF_INIT;
	if (!text)
		return;
	buf_init(&part, MIME_TEXT_MAX * 4);
	add_clean(&part, text, strlen(text), 1);
	g_free(text);
	if (!html) {
		const char *format = g_mime_object_get_content_type_parameter(o, "format");
		const char *delsp = g_mime_object_get_content_type_parameter(o, "delsp");
		if (format && !g_ascii_strcasecmp(format, "flowed"))
			mime_unflow(&part, delsp && !g_ascii_strcasecmp(delsp, "yes"));
	}
	if (to->len)
		buf_addch(to, '\n');
	buf_add(to, part.s, part.len);
	buf_release(&part);
}

static int is_type(GMimeObject *o, const char *type, const char *sub)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	return ct && g_mime_content_type_is_type(ct, type, sub);
}

static void walk(struct reading *r, GMimeObject *o, int depth);

/* multipart/alternative: the same text in several forms; the plain one
 * when there is one, else the HTML, else whatever the first part holds. */
static void walk_alternative(struct reading *r, GMimeMultipart *mp, int depth)
{
	int n = g_mime_multipart_get_count(mp);
	GMimeObject *best = NULL;
	for (int i = 0; i < n; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);
		if (is_type(c, "text", "plain") && !best)
			best = c;
	}
	for (int i = 0; i < n && !best; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);
		if (is_type(c, "text", "html") ||
		    is_type(c, "multipart", "related"))
			best = c;
	}
	if (!best && n)
		best = g_mime_multipart_get_part(mp, 0);
	if (best)
		walk(r, best, depth + 1);
}

static void walk(struct reading *r, GMimeObject *o, int depth)
{
	if (!o || depth > NESTING_MAX)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		if (!g_mime_multipart_get_count(mp)) {
			r->broken = "a multipart part holds no part (its boundary "
				    "never appears)";
			return;
		}
		if (is_type(o, "multipart", "alternative")) {
			walk_alternative(r, mp, depth);
			return;
		}
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			walk(r, g_mime_multipart_get_part(mp, i), depth + 1);
		return;
	}
	if (GMIME_IS_MESSAGE_PART(o)) {
		/* a forwarded or returned message travels as an attachment */
		GMimeMessage *inner = g_mime_message_part_get_message(
			GMIME_MESSAGE_PART(o));
		const char *subject = inner ? g_mime_message_get_subject(inner) : NULL;
		char name[MIME_FILENAME_MAX + 1];
		const char *fn = g_mime_object_get_content_disposition_parameter(
			o, "filename");
		snprintf(name, sizeof(name), "%s%s", fn ? fn : subject ? subject :
			 "message", fn ? "" : ".eml");
		add_attachment(r, o, name);
		return;
	}
	if (!GMIME_IS_PART(o))
		return;
	GMimePart *part = GMIME_PART(o);
	const char *filename = g_mime_part_get_filename(part);
	int text = GMIME_IS_TEXT_PART(o) && (is_type(o, "text", "plain") ||
					      is_type(o, "text", "html"));
	if (text && !g_mime_part_is_attachment(part) && !filename) {
		add_text(r, o, is_type(o, "text", "html"));
		return;
	}
	add_attachment(r, o, filename ? filename : "");
}

/* Past an mbox "From " separator line, which some stored messages keep. */
static size_t mbox_line(const char *raw, size_t len)
{
	const char *nl;
	if (len < 5 || memcmp(raw, "From ", 5) || !(nl = memchr(raw, '\n', len)))
		return 0;
	return (size_t)(nl - raw) + 1;
}

/* The Message-ID header of the header block H (N bytes), found without
 * GMime, for a message GMime could not read: "<id>" into OUT, or 0. */
static int scan_message_id(const char *h, size_t n, char out[MIME_KEY_LEN])
{
	for (size_t i = 0; i + 11 < n; i++) {
		if ((i && h[i - 1] != '\n') || strncasecmp(h + i, "Message-ID:", 11))
			continue;
		const char *lt = memchr(h + i, '<', n - i);
		const char *nl = memchr(h + i, '\n', n - i);
		const char *gt = lt ? memchr(lt, '>', n - (size_t)(lt - h)) : NULL;
		/* the id may be folded onto the next line */
		if (nl && nl + 1 < h + n && (nl[1] == ' ' || nl[1] == '\t'))
			nl = memchr(nl + 1, '\n', n - (size_t)(nl + 1 - h));
		if (!lt || !gt || (nl && gt > nl) || gt - lt - 1 < 1 ||
		    gt - lt - 1 > MIME_ID_MAX)
			return 0;
		for (const char *p = lt + 1; p < gt; p++)
			if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F)
				return 0;
		snprintf(out, MIME_KEY_LEN, "%.*s", (int)(gt - lt - 1), lt + 1);
		return 1;
	}
	return 0;
}

void mime_headers_key(const char *raw, size_t len, char out[MIME_KEY_LEN])
{
	unsigned char hash[16];
	char hex[33];
	size_t n = len < MIME_HEADERS_HASHED ? len : MIME_HEADERS_HASHED;
	const char *end = memmem(raw, n, "\n\n", 2);
	const char *crlf = memmem(raw, n, "\r\n\r\n", 4);
	pthread_once(&gmime_once, gmime_start);
	if (crlf && (!end || crlf < end))
		end = crlf;
	if (end)
		n = (size_t)(end - raw);
	if (scan_message_id(raw, n, out))
		return;
	crypto_generichash(hash, sizeof(hash), (const unsigned char *)raw, n,
			   NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	snprintf(out, MIME_KEY_LEN, "headers:%s", hex);
}

static void finish_text(struct reading *r)
{
	struct mime_mail *m = r->m;
	struct buf *t = r->plain.len ? &r->plain : &r->html;
	struct buf text = BUF_INIT;
	buf_init(&text, MIME_TEXT_MAX * 4);
	if (t == &r->html && r->html.len) {
		html_text(&text, r->html.s, r->html.len);
		m->from_html = 1;
	} else {
		buf_add(&text, t->s, t->len);
	}
	mime_quote_strip(&text);
	if (text.len > MIME_TEXT_MAX) {
		size_t n = MIME_TEXT_MAX;
		while (n && ((unsigned char)text.s[n] & 0xC0) == 0x80)
			n--;
		buf_setlen(&text, n);
		m->text_cut = 1;
	}
	m->text = buf_detach(&text);
}

int mime_read(const char *raw, size_t len, struct mime_mail **out,
	      struct fc_error *err)
{
	struct reading r = { NULL, BUF_INIT, BUF_INIT, NULL };
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeParserOptions *options = NULL;
	GMimeMessage *msg = NULL;
	int rc = 0;

	*out = NULL;
	pthread_once(&gmime_once, gmime_start);
	if (!raw || !len)
		return fc_fail(err, FC_EINVAL, "message", "the message is empty");
	if (len > MIME_MESSAGE_MAX)
		return fc_fail(err, FC_ELIMIT, "message", "the message is larger "
			       "than %zu MB", MIME_MESSAGE_MAX / (1024 * 1024));
	size_t skip = mbox_line(raw, len);
	r.m = xcalloc(1, sizeof(*r.m));
	buf_init(&r.plain, MIME_TEXT_MAX * 4);
	buf_init(&r.html, MIME_TEXT_MAX * 16);
	/* GMime reads from its own copy: the caller's bytes stay borrowed */
	stream = g_mime_stream_mem_new_with_buffer(raw + skip, len - skip);
	parser = g_mime_parser_new_with_stream(stream);
	options = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(options, on_warning, &r);
	msg = g_mime_parser_construct_message(parser, options);
	if (!msg) {
		rc = fc_fail(err, FC_EINVAL, "message", "GMime finds no message "
			     "in it (no header block)");
		goto out;
	}
	add_addresses(r.m, g_mime_message_get_from(msg), MIME_FROM, 0);
	if (!r.m->naddresses) {
		rc = fc_fail(err, FC_EINVAL, "from", "the message has no From "
			     "address");
		goto out;
	}
	add_addresses(r.m, g_mime_message_get_to(msg), MIME_TO, 0);
	add_addresses(r.m, g_mime_message_get_cc(msg), MIME_CC, 0);
	header_address(GMIME_OBJECT(msg), "Delivered-To", r.m->delivered_to[0]);
	header_address(GMIME_OBJECT(msg), "X-Original-To", r.m->delivered_to[1]);
	copy_cut(r.m->subject, sizeof(r.m->subject), g_mime_message_get_subject(msg));
	GDateTime *date = g_mime_message_get_date(msg);
	if (date)
		r.m->date = g_date_time_to_unix(date);
	const char *id = g_mime_message_get_message_id(msg);
	if (id && *id && strlen(id) <= MIME_ID_MAX) {
		copy_cut(r.m->key, sizeof(r.m->key), id);
		r.m->has_message_id = 1;
	} else {
		mime_headers_key(raw + skip, len - skip, r.m->key);
	}
	walk(&r, g_mime_message_get_mime_part(msg), 0);
	if (r.broken) {
		rc = fc_fail(err, FC_EINVAL, "message", "the message's MIME "
			     "structure is broken: %s", r.broken);
		goto out;
	}
	finish_text(&r);
out:
	if (rc) {
		mime_mail_free(r.m);
		r.m = NULL;
	}
	*out = r.m;
	buf_release(&r.plain);
	buf_release(&r.html);
	if (msg)
		g_object_unref(msg);
	if (options)
		g_mime_parser_options_free(options);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	return rc;
}

void mime_mail_free(struct mime_mail *m)
{
	if (!m)
		return;
	free(m->text);
	free(m);
}
