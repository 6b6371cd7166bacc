/* Unit tests of src/io/mail-message: headers that are not plain ASCII
 * become RFC 2047 encoded words that decode back to the same text, cut
 * only between characters, on lines of at most 76 characters; plain ASCII
 * stays as it is; the body is base64 of CRLF text; an address that could
 * smuggle a header in is refused.
 * Run alone: meson test -C BUILD io-mail-message */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "io/mail-message.h"
#include "util/buf.h"
#include "util/utf8.h"

/* 2026-12-01T07:00:00Z, a Tuesday */
#define WHEN INT64_C(1796108400)

static struct mail_message sample(const char *subject, const char *name)
{
	struct mail_message m = {
		.from_name = "Fulcrum", .from_address = "crm@example.com",
		.to_name = name, .to_address = "ana@example.org",
		.subject = subject, .body = "Line one\nLine two ü\n",
		.date = WHEN, .message_id = NULL,
	};
	return m;
}

/* The unfolded value of header NAME in MSG, encoded words decoded; each
 * encoded word must hold whole UTF-8 characters on its own. */
static void header_value(const char *msg, const char *name, char *out,
			 size_t cap)
{
	char key[64];
	snprintf(key, sizeof(key), "\r\n%s: ", name);
	const char *p = strncmp(msg, key + 2, strlen(key + 2)) ? strstr(msg, key)
		: msg - 2;
	assert_non_null(p);
	p += strlen(key);
	size_t n = 0;
	while (*p && !(p[0] == '\r' && p[1] == '\n' && p[2] != ' ')) {
		if (p[0] == '\r' && p[1] == '\n') {	/* a fold */
			p += 3;
			continue;
		}
		if (!strncmp(p, "=?UTF-8?B?", 10)) {
			const char *end = strstr(p + 10, "?=");
			unsigned char bin[128];
			size_t got = 0;
			assert_non_null(end);
			assert_int_equal(sodium_base642bin(bin, sizeof(bin), p + 10,
				(size_t)(end - p - 10), NULL, &got, NULL,
				sodium_base64_VARIANT_ORIGINAL), 0);
			assert_true(utf8_valid((const char *)bin, got, NULL));
			assert_true(n + got < cap);
			memcpy(out + n, bin, got);
			n += got;
			p = end + 2;
			continue;
		}
		assert_true(n + 1 < cap);
		out[n++] = *p++;
	}
	out[n] = '\0';
}

static void assert_lines_short(const char *msg)
{
	const char *line = msg;
	for (const char *nl; (nl = strstr(line, "\r\n")); line = nl + 2)
		assert_true(nl - line <= 76);
}

static void write_ok(const struct mail_message *m, struct buf *out)
{
	struct fc_error err = { 0 };
	buf_init(out, 0);
	assert_int_equal(mail_message_write(m, out, &err), 0);
	assert_lines_short(out->s);
	assert_null(strstr(out->s, "\n\n"));	/* every line ends in CRLF */
}

static void test_plain_ascii_stays(void **state)
{
	struct mail_message m = sample("Your agenda for Tuesday", "Ana Lima");
	struct buf out;
	char v[512];
	write_ok(&m, &out);
	assert_non_null(strstr(out.s, "\r\nSubject: Your agenda for Tuesday\r\n"));
	assert_non_null(strstr(out.s, "\r\nTo: \"Ana Lima\" <ana@example.org>\r\n"));
	assert_non_null(strstr(out.s, "\r\nFrom: \"Fulcrum\" <crm@example.com>\r\n"));
	assert_int_equal(strncmp(out.s, "Date: Tue, 01 Dec 2026 07:00:00 +0000\r\n",
				 39), 0);
	assert_non_null(strstr(out.s, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(out.s, "Content-Type: text/plain; charset=UTF-8"));
	header_value(out.s, "Message-ID", v, sizeof(v));
	assert_int_equal(v[0], '<');
	assert_non_null(strstr(v, "@example.com>"));
	buf_release(&out);
}

static void test_utf8_subject_and_name_encoded(void **state)
{
	const char *subject = "Überprüfung: Angebot für Café Zürich – nächste "
		"Schritte, Fälligkeiten und Rückfragen zum Vertrag ✓";
	struct mail_message m = sample(subject, "José Ñúñez");
	struct buf out;
	char v[1024];
	write_ok(&m, &out);
	assert_non_null(strstr(out.s, "Subject: =?UTF-8?B?"));
	header_value(out.s, "Subject", v, sizeof(v));
	assert_string_equal(v, subject);
	header_value(out.s, "To", v, sizeof(v));
	assert_string_equal(v, "José Ñúñez <ana@example.org>");
	buf_release(&out);
	/* two-byte characters only: an odd cut would split one */
	char umlauts[2 * 80 + 1] = "";
	for (int i = 0; i < 80; i++)
		memcpy(umlauts + 2 * i, "ü", 3);
	m = sample(umlauts, NULL);
	write_ok(&m, &out);
	header_value(out.s, "Subject", v, sizeof(v));
	assert_string_equal(v, umlauts);
	/* no raw 8-bit byte anywhere in the message */
	for (const char *p = out.s; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	buf_release(&out);
}

/* An ASCII subject that looks like an encoded word, or is too long for a
 * line, is encoded so that it reads back as written. */
static void test_ascii_that_needs_encoding(void **state)
{
	const char *tricky = "=?UTF-8?B?SGk=?= is not a word here";
	char longer[300];
	struct buf out;
	char v[1024];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	struct mail_message m = sample(tricky, NULL);
	write_ok(&m, &out);
	header_value(out.s, "Subject", v, sizeof(v));
	assert_string_equal(v, tricky);
	buf_release(&out);
	m = sample(longer, "");
	write_ok(&m, &out);
	header_value(out.s, "Subject", v, sizeof(v));
	assert_string_equal(v, longer);
	assert_non_null(strstr(out.s, "\r\nTo: ana@example.org\r\n"));
	buf_release(&out);
}

static void test_body_base64_crlf(void **state)
{
	struct mail_message m = sample("Hi", NULL);
	struct buf out;
	unsigned char bin[256];
	size_t got = 0;
	write_ok(&m, &out);
	const char *body = strstr(out.s, "\r\n\r\n");
	assert_non_null(body);
	body += 4;
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), body, strlen(body),
					   "\r\n", &got, NULL,
					   sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(got, strlen("Line one\r\nLine two ü\r\n"));
	assert_memory_equal(bin, "Line one\r\nLine two ü\r\n", got);
	buf_release(&out);
}

static void test_bad_input_refused(void **state)
{
	struct fc_error err = { 0 };
	struct buf out;
	struct mail_message m = sample("Hi", NULL);
	buf_init(&out, 0);
	m.to_address = "ana@example.org\r\nBcc: all@example.org";
	assert_int_equal(mail_message_write(&m, &out, &err), FC_EINVAL);
	assert_string_equal(err.field, "to");
	m = sample("Hi\r\nBcc: all@example.org", NULL);
	assert_int_equal(mail_message_write(&m, &out, &err), FC_EINVAL);
	assert_string_equal(err.field, "subject");
	m = sample("Hi", "Ana\nBcc: x@y");
	assert_int_equal(mail_message_write(&m, &out, &err), FC_EINVAL);
	m = sample("Bad \xff byte", NULL);
	assert_int_equal(mail_message_write(&m, &out, &err), FC_EINVAL);
	assert_int_equal(mail_address_check("no-at-sign", "to", &err), FC_EINVAL);
	assert_int_equal(mail_address_check("a@b@c", "to", &err), FC_EINVAL);
	assert_int_equal(mail_address_check("<a@b>", "to", &err), FC_EINVAL);
	assert_int_equal(mail_address_check("a@example.com", "to", &err), 0);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_ascii_stays),
		cmocka_unit_test(test_utf8_subject_and_name_encoded),
		cmocka_unit_test(test_ascii_that_needs_encoding),
		cmocka_unit_test(test_body_base64_crlf),
		cmocka_unit_test(test_bad_input_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
