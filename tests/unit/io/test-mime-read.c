/* Unit tests of src/io/mime-read (with mime-quote and html-text): each
 * fixture of tests/fixtures/mail, written as Outlook, Gmail, Thunderbird
 * and Apple Mail write, gives its exact addresses, subject, text without
 * the quoted reply, and attachments; the malformed one is refused with the
 * reason; quote stripping and HTML on their own; then, as an extra when
 * ../shared/data is present, every real message there is read or refused
 * with a reason, and each of Mailgun's replies gives its writer's "Hello".
 * Run alone: meson test -C BUILD io-mime-read */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "io/html-text.h"
#include "io/mime-quote.h"
#include "io/mime-read.h"
#include "util/utf8.h"

static struct mime_mail *read_fixture(const char *name)
{
	char rel[128];
	size_t len;
	struct mime_mail *m = NULL;
	struct fc_error err = { 0 };
	snprintf(rel, sizeof(rel), "mail/%s", name);
	char *path = fixture_path(rel);
	char *raw = fixture_slurp(path, &len);
	int rc = mime_read(raw, len, &m, &err);
	if (rc)
		fail_msg("%s: %s", name, err.message);
	free(raw);
	free(path);
	return m;
}

static void assert_address(const struct mime_address *a, enum mime_role role,
			   const char *name, const char *address)
{
	assert_int_equal(a->role, role);
	assert_string_equal(a->name, name);
	assert_string_equal(a->address, address);
}

static void outlook(void **state)
{
	struct mime_mail *m = read_fixture("outlook.eml");
	assert_string_equal(m->key, "DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01."
			    "prod.exchangelabs.com");
	assert_true(m->has_message_id);
	assert_string_equal(m->subject, "RE: Engine pricing");
	assert_int_equal(m->date, 1796116495);	/* 2026-12-01T09:14:55Z */
	assert_int_equal(m->naddresses, 2);
	assert_address(&m->addresses[0], MIME_FROM, "Ada Lovelace",
		       "ada@lovelace.example");
	assert_address(&m->addresses[1], MIME_TO, "Rita Rep", "rita@acme.test");
	/* quoted-printable decoded, the "From: Sent:" block and its rule cut */
	assert_string_equal(m->text, "Hi Rita,\n\nThanks for the figures. We "
		"would like a trial of the engine for\nthree months, starting in "
		"January \xE2\x80\x93 can you send the terms?\n\nBest regards,\nAda");
	assert_false(m->from_html);
	assert_int_equal(m->nattachments, 1);
	assert_string_equal(m->attachments[0].name, "winmail.dat");
	assert_string_equal(m->attachments[0].type, "application/ms-tnef");
	assert_int_equal(m->attachments[0].size, 2048);
	mime_mail_free(m);
}

static void gmail(void **state)
{
	struct mime_mail *m = read_fixture("gmail.eml");
	assert_string_equal(m->key, "CAH+rita2x7Q@mail.gmail.com");
	assert_string_equal(m->subject, "Re: Compiler licences");
	assert_int_equal(m->date, 1796117400);	/* 10:30 +0100 */
	assert_int_equal(m->naddresses, 3);
	assert_address(&m->addresses[0], MIME_FROM, "Rita Rep", "rita@acme.test");
	assert_address(&m->addresses[1], MIME_TO, "Grace Hopper",
		       "grace@hopper.example");
	assert_address(&m->addresses[2], MIME_CC, "Howard Aiken",
		       "howard.aiken@harvard.example");
	/* the text/plain part (base64 UTF-8), "On ... wrote:" and ">" cut */
	assert_string_equal(m->text, "Hi Grace,\n\nGreat talking today. As agreed, "
		"I will send the compiler licence\nquote for 40 seats by Friday. "
		"Gr\xC3\xBC\xC3\x9F" "e from the caf\xC3\xA9!\n\nRita");
	assert_int_equal(m->nattachments, 0);
	mime_mail_free(m);
}

static void thunderbird(void **state)
{
	struct mime_mail *m = read_fixture("thunderbird.eml");
	/* RFC 2047 ISO-8859-1 words in the subject and the name */
	assert_string_equal(m->subject, "R\xC3\xA9union \xC3\xA0 Paris");
	assert_address(&m->addresses[0], MIME_FROM, "Ren\xC3\xA9 Descartes",
		       "rene@descartes.example");
	/* format=flowed joined, ISO-8859-1 converted, French attribution cut */
	assert_string_equal(m->text, "Bonjour Rita, la r\xC3\xA9union de mardi "
		"\xC3\xA0 Paris me convient tr\xC3\xA8s bien, nous parlerons du "
		"contrat.\n\nRen\xC3\xA9\n--\nRen\xC3\xA9 Descartes, Cogito SA");
	mime_mail_free(m);
}

static void apple_mail(void **state)
{
	struct mime_mail *m = read_fixture("apple-mail.eml");
	assert_string_equal(m->key, "A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF@acme.test");
	assert_string_equal(m->subject, "Proposal for the Analytical Engine");
	assert_address(&m->addresses[1], MIME_TO, "Ada Lovelace",
		       "ADA@Lovelace.Example");
	/* the text around the inline image, in order */
	assert_string_equal(m->text, "Dear Ada,\n\nHere is the usage chart:\n\n"
			    "and the proposal is attached.\n\nRita");
	assert_int_equal(m->nattachments, 2);
	assert_string_equal(m->attachments[0].name, "chart.png");
	assert_string_equal(m->attachments[0].type, "image/png");
	assert_int_equal(m->attachments[0].size, 66);
	assert_string_equal(m->attachments[1].name, "proposal.pdf");
	assert_string_equal(m->attachments[1].type, "application/pdf");
	assert_int_equal(m->attachments[1].size, 969);
	mime_mail_free(m);
}

static void malformed(void **state)
{
	size_t len;
	struct mime_mail *m = (void *)1;
	struct fc_error err = { 0 };
	char *path = fixture_path("mail/malformed.eml");
	char *raw = fixture_slurp(path, &len);
	assert_int_equal(mime_read(raw, len, &m, &err), FC_EINVAL);
	assert_null(m);
	assert_string_equal(err.message, "the message's MIME structure is broken: "
			    "a multipart part holds no part (its boundary never "
			    "appears)");
	/* nothing at all, and no From */
	assert_int_equal(mime_read("", 0, &m, &err), FC_EINVAL);
	assert_int_equal(mime_read("Subject: hi\r\n\r\nbody\r\n", 21, &m, &err),
			 FC_EINVAL);
	assert_string_equal(err.message, "the message has no From address");
	assert_int_equal(mime_read(raw, MIME_MESSAGE_MAX + 1, &m, &err),
			 FC_ELIMIT);
	free(raw);
	free(path);
}

static void no_message_id(void **state)
{
	const char *raw = "From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\n"
			  "\r\nhello\r\n";
	char key[MIME_KEY_LEN];
	struct mime_mail *m = NULL;
	assert_int_equal(mime_read(raw, strlen(raw), &m, NULL), 0);
	assert_false(m->has_message_id);
	assert_int_equal(strncmp(m->key, "headers:", 8), 0);
	assert_int_equal(strlen(m->key), 8 + 32);
	/* the same headers, another body: the same key */
	mime_headers_key("From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\n"
			 "\r\nbye\r\n", 55, key);
	assert_string_equal(m->key, key);
	assert_string_equal(m->text, "hello");
	mime_mail_free(m);
}

/* Only HTML, in windows-1252 and quoted-printable: its text, converted,
 * without the quoted blockquote */
static void html_only(void **state)
{
	const char *raw = "From: Ann <ann@x.example>\r\nTo: bob@y.example\r\n"
		"Subject: =?UTF-8?B?w6k=?=\r\nMIME-Version: 1.0\r\n"
		"Content-Type: text/html; charset=windows-1252\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
		"<p>Caf=E9 &amp; <b>tea</b> =80 5</p><blockquote>old</blockquote>\r\n";
	struct mime_mail *m = NULL;
	assert_int_equal(mime_read(raw, strlen(raw), &m, NULL), 0);
	assert_string_equal(m->subject, "\xC3\xA9");
	assert_true(m->from_html);
	assert_string_equal(m->text, "Caf\xC3\xA9 & tea \xE2\x82\xAC 5");
	assert_address(&m->addresses[1], MIME_TO, "", "bob@y.example");
	mime_mail_free(m);
}

static void strip(const char *in, const char *want)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, in);
	mime_quote_strip(&b);
	assert_string_equal(b.s, want);
	buf_release(&b);
}

static void quotes(void **state)
{
	strip("Yes.\r\n\r\n> Can you?\r\n", "Yes.");
	strip("Yes.\n\n-----Original Message-----\nFrom: Bob\nSent: now\n\nOld",
	      "Yes.");
	strip("Yes.\n----- Original Message -----\nFrom: Bob\n", "Yes.");
	strip("Yes.\nOn Mon, 2 Apr 2012 at 18:26, Bob <b@x.example>\nwrote:\n> Q\n",
	      "Yes.");
	strip("Sure.\nFrom: Bob Sent: Monday To: Ann Subject: Q\nOld text", "Sure.");
	/* a sentence that merely ends in "wrote:" stays */
	strip("As the poet wrote:\nbe brief.", "As the poet wrote:\nbe brief.");
	/* bottom-posted: the answer under the quote stays */
	strip("On 04/02/2012 06:26 PM, Ann wrote:\n> Hi\n\nHello\n", "Hello");
	strip("\n\n a\n\n\n\nb  \n\n", " a\n\nb");
}

static void flowed(void **state)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "one \ntwo\n-- \nsig\n>q \n>r");
	mime_unflow(&b, 0);
	assert_string_equal(b.s, "one two\n-- \nsig\n>q \n>r");
	buf_clear(&b);
	buf_adds(&b, "spl \nit");
	mime_unflow(&b, 1);
	assert_string_equal(b.s, "split");
	buf_release(&b);
}

static void html(void **state)
{
	struct buf b = BUF_INIT;
	const char *h = "<html><head><title>t</title><style>p{}</style></head>"
		"<body><p>Hi&nbsp;Ann,</p><p>A &amp; B &lt;3 &#8211; &#x41;</p>"
		"<div>line<br>two</div><blockquote>old <blockquote>older"
		"</blockquote> old</blockquote><!-- c --><table><tr><td>x</td>"
		"<td>y</td></tr></table>&bogus; end</body></html>";
	html_text(&b, h, strlen(h));
	mime_quote_strip(&b);
	assert_string_equal(b.s, "Hi Ann,\n\nA & B <3 \xE2\x80\x93 A\n\nline\n"
			    "two\n\nx y\n\n&bogus; end");
	buf_release(&b);
}

/* The real messages of ../shared/data/email: each is read, or refused
 * with a reason; what is read is valid UTF-8 within the bounds. */
static void real_messages(void **state)
{
	static const char *const folders[] = { "mikel-mail", "mailgun-talon",
		"php-mime-mail-parser", "zbateson-mail-mime-parser", NULL };
	char *root = shared_data_path("email");
	int read = 0, refused = 0;
	if (!root)
		skip();
	for (int f = 0; folders[f]; f++) {
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/%s", root, folders[f]);
		DIR *d = opendir(dir);
		struct dirent *e;
		assert_non_null(d);
		while ((e = readdir(d))) {
			char path[1024];
			size_t len, n = strlen(e->d_name);
			struct mime_mail *m = NULL;
			struct fc_error err = { 0 };
			if (n < 4 || strcmp(e->d_name + n - 4, ".eml"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			char *raw = fixture_slurp(path, &len);
			if (mime_read(raw, len, &m, &err)) {
				assert_true(err.message[0]);
				refused++;
			} else {
				read++;
				assert_true(m->naddresses > 0);
				assert_true(utf8_valid(m->text, strlen(m->text), NULL));
				assert_true(strlen(m->text) <= MIME_TEXT_MAX);
				assert_true(utf8_valid(m->subject, strlen(m->subject), NULL));
				/* Mailgun's replies all answer "Hello" above or below
				 * the quote, in every client's style */
				if (!strcmp(folders[f], "mailgun-talon"))
					assert_int_equal(strncmp(m->text, "Hello", 5), 0);
				mime_mail_free(m);
			}
			free(raw);
		}
		closedir(d);
	}
	/* only php-mime-mail-parser's issue212 (no From) is refused */
	assert_true(read >= 40);
	assert_int_equal(refused, 1);
	free(root);
}

/* The same message with CRLF and with LF line ends: one key. */
static void same_message_two_encodings(void **state)
{
	char *root = shared_data_path("email/mikel-mail");
	char path[512];
	size_t len;
	struct mime_mail *a = NULL, *b = NULL;
	if (!root)
		skip();
	snprintf(path, sizeof(path), "%s/basic_email.eml", root);
	char *raw = fixture_slurp(path, &len);
	assert_int_equal(mime_read(raw, len, &a, NULL), 0);
	free(raw);
	snprintf(path, sizeof(path), "%s/basic_email_lf.eml", root);
	raw = fixture_slurp(path, &len);
	assert_int_equal(mime_read(raw, len, &b, NULL), 0);
	free(raw);
	assert_string_equal(a->key, b->key);
	assert_string_equal(a->text, b->text);
	mime_mail_free(a);
	mime_mail_free(b);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outlook),
		cmocka_unit_test(gmail),
		cmocka_unit_test(thunderbird),
		cmocka_unit_test(apple_mail),
		cmocka_unit_test(malformed),
		cmocka_unit_test(no_message_id),
		cmocka_unit_test(html_only),
		cmocka_unit_test(quotes),
		cmocka_unit_test(flowed),
		cmocka_unit_test(html),
		cmocka_unit_test(real_messages),
		cmocka_unit_test(same_message_two_encodings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
