/* E-mail messages as RFC 5322, 2045 and 2047 want them; see mail-message.h. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "io/mail-message.h"
#include "util/utf8.h"
#include "util/banned.h"

#define LINE_MAX_CHARS 76	/* RFC 2047's limit for lines with encoded words */
#define WORD_OPEN "=?UTF-8?B?"
#define WORD_CLOSE "?="

int mail_address_check(const char *address, const char *field,
		       struct fc_error *err)
{
	const char *a = address ? address : "";
	const char *at = strchr(a, '@');
	size_t len = strlen(a);
	if (len > MAIL_ADDRESS_MAX)
		return fc_fail(err, FC_ELIMIT, field, "'%s' is at most %d "
			       "characters", field, MAIL_ADDRESS_MAX);
	for (const char *p = a; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == ',' || *p == '"' || (unsigned char)*p >= 0x7f)
			at = NULL;
	if (!at || at == a || !at[1] || strchr(at + 1, '@'))
		return fc_fail(err, FC_EINVAL, field, "'%s' must be an e-mail "
			       "address such as ann@example.com, not '%.60s'",
			       field, a);
	return 0;
}

/* Printable ASCII that cannot be mistaken for an encoded word. */
static int plain_text(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return 0;
	return !strstr(s, "=?");
}

void mail_header_text(struct buf *out, const char *value, size_t used)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t len = strlen(value), at = 0;
	if (plain_text(value) && used + len <= LINE_MAX_CHARS) {
		buf_adds(out, value);
		return;
	}
	while (at < len) {
		size_t room = LINE_MAX_CHARS - used - strlen(WORD_OPEN) -
			strlen(WORD_CLOSE);
		size_t most = room / 4 * 3, take = 0;
		if (most < 12) {	/* too little room left: next line */
			buf_adds(out, "\r\n ");
			used = 1;
			continue;
		}
		/* whole characters only: a word must decode on its own */
		while (at + take < len) {
			int n = utf8_seq(s + at + take, len - at - take);
			if (n <= 0)
				n = 1;
			if (take + (size_t)n > most)
				break;
			take += (size_t)n;
		}
		char b64[LINE_MAX_CHARS];
		sodium_bin2base64(b64, sizeof(b64), s + at, take,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_addf(out, "%s%s%s", WORD_OPEN, b64, WORD_CLOSE);
		at += take;
		if (at < len) {
			buf_adds(out, "\r\n ");
			used = 1;
		}
	}
}

/* "Ann Lee <ann@example.com>", the name quoted or encoded as it needs. */
static void header_mailbox(struct buf *out, const char *header,
			   const char *name, const char *address)
{
	size_t start = out->len;
	buf_addf(out, "%s: ", header);
	if (name && *name) {
		if (plain_text(name) && strlen(header) + strlen(name) + 4 <
		    LINE_MAX_CHARS) {
			buf_addch(out, '"');
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_addch(out, '\\');
				buf_addch(out, *p);
			}
			buf_addch(out, '"');
		} else {
			mail_header_text(out, name, out->len - start);
		}
		const char *line = strrchr(out->s + start, '\n');
		size_t used = out->len - (line ? (size_t)(line - out->s) : start);
		buf_adds(out, used + strlen(address) + 3 > LINE_MAX_CHARS ?
			 "\r\n " : " ");
		buf_addf(out, "<%s>\r\n", address);
	} else {
		buf_addf(out, "%s\r\n", address);
	}
}

static void header_date(struct buf *out, int64_t when)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)when;
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
		 days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The body with CRLF line ends, in base64 lines of 76 characters. */
static void body_base64(struct buf *out, const char *body)
{
	struct buf crlf;
	buf_init(&crlf, 0);
	for (const char *p = body; *p; p++) {
		if (*p == '\n' && (p == body || p[-1] != '\r'))
			buf_addch(&crlf, '\r');
		buf_addch(&crlf, *p);
	}
	for (size_t at = 0; at < crlf.len; at += 57) {
		size_t n = crlf.len - at < 57 ? crlf.len - at : 57;
		char line[LINE_MAX_CHARS + 4];
		sodium_bin2base64(line, sizeof(line),
				  (const unsigned char *)crlf.s + at, n,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_addf(out, "%s\r\n", line);
	}
	buf_release(&crlf);
}

static int text_check(const char *s, const char *field, size_t max,
		      int one_line, struct fc_error *err)
{
	size_t len = strlen(s);
	if (len > max)
		return fc_fail(err, FC_ELIMIT, field, "'%s' is at most %zu bytes",
			       field, max);
	if (!utf8_valid(s, len, NULL))
		return fc_fail(err, FC_EINVAL, field, "'%s' must be UTF-8 text",
			       field);
	if (one_line && strpbrk(s, "\r\n"))
		return fc_fail(err, FC_EINVAL, field, "'%s' must be one line",
			       field);
	return 0;
}

int mail_message_write(const struct mail_message *m, struct buf *out,
		       struct fc_error *err)
{
	const char *from_name = m->from_name ? m->from_name : "";
	const char *to_name = m->to_name ? m->to_name : "";
	const char *subject = m->subject ? m->subject : "";
	const char *body = m->body ? m->body : "";
	int rc;
	if ((rc = mail_address_check(m->from_address, "from", err)) ||
	    (rc = mail_address_check(m->to_address, "to", err)) ||
	    (rc = text_check(from_name, "from_name", MAIL_NAME_MAX, 1, err)) ||
	    (rc = text_check(to_name, "to_name", MAIL_NAME_MAX, 1, err)) ||
	    (rc = text_check(subject, "subject", MAIL_SUBJECT_MAX, 1, err)) ||
	    (rc = text_check(body, "body", MAIL_BODY_MAX, 0, err)))
		return rc;
	header_date(out, m->date);
	if (m->message_id) {
		buf_addf(out, "Message-ID: %s\r\n", m->message_id);
	} else {
		unsigned char id[16];
		char hex[sizeof(id) * 2 + 1];
		randombytes_buf(id, sizeof(id));
		sodium_bin2hex(hex, sizeof(hex), id, sizeof(id));
		buf_addf(out, "Message-ID: <%s@%s>\r\n", hex,
			 strchr(m->from_address, '@') + 1);
	}
	header_mailbox(out, "From", from_name, m->from_address);
	header_mailbox(out, "To", to_name, m->to_address);
	buf_adds(out, "Subject: ");
	mail_header_text(out, subject, strlen("Subject: "));
	buf_adds(out, "\r\nMIME-Version: 1.0\r\n"
		 "Content-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\n");
	body_base64(out, body);
	if (out->overflow)
		return fc_fail(err, FC_ELIMIT, "body", "the message is too large");
	return 0;
}
