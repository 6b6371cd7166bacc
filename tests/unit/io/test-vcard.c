/* Unit tests of src/io/vcard: the cards in tests/fixtures/vcard (Outlook
 * 2.1 quoted-printable, an iPhone 3.0 with a folded photo and grouped
 * items, 4.0 with RFC 6868 parameter escapes, a Google list, Android 2.1
 * quoted-printable UTF-8), broken cards, bounds, and write-then-parse round
 * trips in 3.0 and 4.0; then, as extras when ../shared/data is present,
 * every real export there and specific values of some.
 * Run alone: meson test -C BUILD io-vcard */
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
#include "io/vcard.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define MAXC 16

struct cards {
	struct vcard_contact c[MAXC];
	size_t n;
	unsigned long err_line[MAXC];
	char err[MAXC][128];
	size_t nerr;
};

static char *dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int keep(const struct vcard_contact *c, void *data)
{
	struct cards *k = data;
	struct vcard_contact *d;

	if (k->n >= MAXC)
		return 0;
	d = &k->c[k->n++];
	vcard_contact_init(d);
	d->name = dup0(c->name);
	d->family = dup0(c->family);
	d->given = dup0(c->given);
	for (size_t i = 0; i < c->nemails; i++)
		vcard_contact_add_email(d, c->emails[i], c->email_types[i]);
	for (size_t i = 0; i < c->nphones; i++)
		vcard_contact_add_phone(d, c->phones[i], c->phone_types[i]);
	d->org = dup0(c->org);
	d->title = dup0(c->title);
	d->note = dup0(c->note);
	d->adr = dup0(c->adr);
	d->uid = dup0(c->uid);
	d->version = c->version;
	d->line = c->line;
	return 0;
}

static void on_err(unsigned long line, const char *reason, void *data)
{
	struct cards *k = data;

	if (k->nerr >= MAXC)
		return;
	k->err_line[k->nerr] = line;
	snprintf(k->err[k->nerr], sizeof(k->err[0]), "%s", reason);
	k->nerr++;
}

static void cards_free(struct cards *k)
{
	for (size_t i = 0; i < k->n; i++)
		vcard_contact_release(&k->c[i]);
	memset(k, 0, sizeof(*k));
}

/* Parses the file at PATH (freed here) into K. */
static void parse_path(char *path, struct cards *k)
{
	size_t len;
	char *data = fixture_slurp(path, &len);

	memset(k, 0, sizeof(*k));
	assert_int_equal(vcard_parse(data, len, keep, on_err, k), 0);
	free(data);
	free(path);
}

static void parse_fixture(const char *name, struct cards *k)
{
	char *rel = xasprintf("vcard/%s", name);

	parse_path(fixture_path(rel), k);
	free(rel);
}

/* A real export of ../shared/data/vcard/ez-vcard; skips the test, saying
 * so, when that folder is absent. */
static void parse_sample(const char *name, struct cards *k)
{
	char *rel = xasprintf("vcard/ez-vcard/%s", name);
	char *path = shared_data_path(rel);

	free(rel);
	if (!path)
		skip();
	parse_path(path, k);
}

/* Every .vcf file of DIR (freed here) parses, each card with a name;
 * returns how many files there were. */
static int parse_every_file(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		struct cards k;
		size_t n = strlen(e->d_name);

		if (n < 4 || strcmp(e->d_name + n - 4, ".vcf"))
			continue;
		parse_path(xasprintf("%s/%s", dir, e->d_name), &k);
		if (k.n == 0 || k.nerr)
			fprintf(stderr, "%s: %zu cards, %zu errors (%s)\n",
				e->d_name, k.n, k.nerr, k.err[0]);
		assert_true(k.n > 0);
		assert_int_equal(k.nerr, 0);
		for (size_t i = 0; i < k.n; i++)
			assert_non_null(k.c[i].name);
		cards_free(&k);
		files++;
	}
	closedir(d);
	free(dir);
	return files;
}

static void test_every_fixture(void **state)
{
	assert_int_equal(parse_every_file(fixture_path("vcard")), 5);
}

static void test_fixture_outlook_21(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_fixture("outlook-21-qp.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_int_equal(c->version, 21);
	assert_string_equal(c->name, "Dr. Dana Marie Whitfield PhD");
	assert_string_equal(c->family, "Whitfield");
	assert_string_equal(c->given, "Dana");
	assert_string_equal(c->org, "Harbour Freight, The");
	assert_string_equal(c->title, "Head of Operations");
	assert_int_equal(c->nphones, 2);
	assert_string_equal(c->phones[0], "(617) 555-0142");
	assert_int_equal(c->phone_types[0], VCARD_TYPE_WORK | VCARD_TYPE_VOICE);
	assert_int_equal(c->phone_types[1], VCARD_TYPE_CELL | VCARD_TYPE_VOICE);
	assert_string_equal(c->emails[0], "dana.whitfield@harbour.example");
	assert_int_equal(c->email_types[0], VCARD_TYPE_PREF);
	/* quoted-printable CRLF, and a soft line break inside a word */
	assert_string_equal(c->adr, "12 Dock Street\nUnit 4, Boston, MA, 02110, "
			    "United States of America");
	assert_string_equal(c->note, "Met at the trade show.\nWants a pilot in "
			    "Q2 \xe2\x80\x93 ask about the budget.\n\n"
			    "Caf\xc3\xa9 meeting next.");
	cards_free(&k);
}

static void test_fixture_iphone_30(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_fixture("iphone-30-photo.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_int_equal(c->version, 30);
	assert_string_equal(c->name, "Mr. Chidi Emeka Okafor");
	assert_string_equal(c->family, "Okafor");
	assert_string_equal(c->org, "Acme Corp");
	assert_string_equal(c->title, "Buyer");
	assert_int_equal(c->nemails, 2);
	assert_string_equal(vcard_contact_email(c), "chidi.okafor@acme.example");
	assert_true(c->email_types[0] & VCARD_TYPE_WORK);
	assert_true(c->email_types[0] & VCARD_TYPE_PREF);
	assert_true(c->email_types[1] & VCARD_TYPE_HOME);
	assert_int_equal(c->nphones, 3);
	assert_string_equal(c->phones[0], "+1 212 555 0101");
	assert_int_equal(c->phone_types[0],
			 VCARD_TYPE_CELL | VCARD_TYPE_VOICE | VCARD_TYPE_PREF);
	assert_int_equal(c->phone_types[1], VCARD_TYPE_WORK | VCARD_TYPE_FAX);
	assert_string_equal(c->phones[2], "+1 212 555 0103");	/* grouped */
	assert_string_equal(c->adr, "1 Main St\n2nd floor, New York, NY, 10001, "
			    "United States");
	/* the folded photo was skipped whole: what follows it is read */
	assert_string_equal(c->note, "Prefers e-mail, not calls.");
	assert_string_equal(c->uid, "5E1A0C3B-9C1D-4F2A-8F0E-1234567890AB");
	cards_free(&k);
}

static void test_fixture_v40_rfc6868(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_fixture("v40-rfc6868.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_int_equal(c->version, 40);
	assert_string_equal(c->name, "Siobh\xc3\xa1n O'Brien");
	assert_string_equal(c->org, "M\xc3\xbcller & S\xc3\xb6hne GmbH");
	/* a quoted LABEL holding ^' ^n ^^, ':' and ';' ends no property */
	assert_string_equal(c->adr, "Building B, 1 Main St, Springfield, IL, "
			    "62701, USA");
	assert_int_equal(c->nphones, 2);
	assert_string_equal(c->phones[0], "+1-555-555-0100");
	assert_int_equal(c->phone_types[0],
			 VCARD_TYPE_VOICE | VCARD_TYPE_CELL | VCARD_TYPE_PREF);
	assert_string_equal(c->phones[1], "+1-555-555-0111;ext=5");
	assert_int_equal(c->phone_types[1], VCARD_TYPE_WORK);
	assert_int_equal(c->nemails, 2);
	assert_string_equal(c->emails[1], "siobhan.obrien@example.com");
	assert_string_equal(vcard_contact_email(c), "siobhan.obrien@example.com");
	assert_string_equal(c->note, "Line one\nLine two, with a comma; and a "
			    "semicolon");
	assert_string_equal(c->uid, "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
	cards_free(&k);
}

static void test_fixture_gmail_and_android(void **state)
{
	struct cards k;

	parse_fixture("gmail-list.vcf", &k);
	assert_int_equal(k.n, 3);
	assert_string_equal(k.c[0].name, "Yuki Nakamura");
	assert_string_equal(k.c[0].adr, "1-2-3 Shibuya\nShibuya-ku, Tokyo, "
			    "150-0002, Japan");
	/* an escaped newline, and a line folded inside a word */
	assert_string_equal(k.c[0].note, "Introduced by Dana.\nFollow up after "
			    "the pilot.");
	assert_int_equal(k.c[1].nemails, 2);
	assert_string_equal(k.c[1].org, "Raman Analytics");
	assert_string_equal(k.c[2].name, "Lars Eriksson");
	assert_int_equal(k.c[2].phone_types[0], VCARD_TYPE_WORK);
	cards_free(&k);

	parse_fixture("android-21-qp.vcf", &k);
	assert_int_equal(k.n, 2);
	/* no FN, no N: the email names the contact */
	assert_string_equal(k.c[0].name, "only.email@example.com");
	assert_true(k.c[0].email_types[0] & VCARD_TYPE_PREF);
	/* quoted-printable UTF-8 */
	assert_string_equal(k.c[1].name, "Jos\xc3\xa9 \xc3\x91\xc3\xba\xc3\xb1" "ez");
	assert_string_equal(k.c[1].family, "\xc3\x91\xc3\xba\xc3\xb1" "ez");
	assert_string_equal(k.c[1].given, "Jos\xc3\xa9");
	assert_string_equal(k.c[1].phones[0], "600123456");
	assert_int_equal(k.c[1].phone_types[0], VCARD_TYPE_CELL | VCARD_TYPE_PREF);
	cards_free(&k);
}

static void test_every_sample(void **state)
{
	char *dir = shared_data_path("vcard/ez-vcard");

	if (!dir)
		skip();
	assert_true(parse_every_file(dir) >= 18);
}

static void test_iphone(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_sample("John_Doe_IPHONE.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_int_equal(c->version, 30);
	assert_string_equal(c->name, "Mr. John Richter James Doe Sr.");
	assert_string_equal(c->family, "Doe");
	assert_string_equal(c->given, "John");
	assert_string_equal(c->org, "IBM");
	assert_string_equal(c->title, "Money Counter");
	assert_int_equal(c->nemails, 1);
	assert_string_equal(c->emails[0], "john.doe@ibm.com");
	assert_true(c->email_types[0] & VCARD_TYPE_PREF);
	assert_int_equal(c->nphones, 7);
	assert_string_equal(vcard_contact_phone(c), "905-555-1234");
	assert_int_equal(c->phone_types[0],
			 VCARD_TYPE_CELL | VCARD_TYPE_VOICE | VCARD_TYPE_PREF);
	assert_string_equal(c->phones[3], "905-888-1234");
	assert_int_equal(c->phone_types[3], VCARD_TYPE_HOME | VCARD_TYPE_FAX);
	assert_string_equal(c->phones[6], "905-222-1234");	/* grouped */
	/* the preferred address, its newline kept */
	assert_string_equal(c->adr, "Silicon Alley 5,, New York, New York, "
			    "12345, United States of America");
	cards_free(&k);
}

static void test_outlook(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_sample("John_Doe_MS_OUTLOOK.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_int_equal(c->version, 21);
	assert_string_equal(c->name, "Mr. John Richter James Doe Sr.");
	assert_string_equal(c->emails[0], "john.doe@ibm.cm");
	assert_int_equal(c->email_types[0], VCARD_TYPE_PREF);
	assert_int_equal(c->nphones, 2);
	assert_string_equal(c->phones[0], "(905) 555-1234");
	assert_int_equal(c->phone_types[0], VCARD_TYPE_WORK | VCARD_TYPE_VOICE);
	assert_string_equal(c->adr, "Cresent moon drive, Albaney, New York, "
			    "12345, United States of America");
	assert_true(strncmp(c->note, "THIS SOFTWARE IS PROVIDED BY GEORGE", 35)
		    == 0);
	cards_free(&k);

	/* Outlook 2003: quoted-printable note over soft line breaks */
	parse_sample("outlook-2003.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_string_equal(c->name, "John Doe III");
	assert_string_equal(c->org, "Company, The");
	assert_string_equal(c->emails[0], "jdoe@hotmail.com");
	assert_string_equal(c->phones[0], "BusinessPhone");
	assert_string_equal(c->note, "This is the note field!!\nSecond line\n"
			    "\nThird line is empty");
	cards_free(&k);
}

static void test_gmail(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_sample("gmail-single.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_string_equal(c->name, "Greg Dartmouth");
	assert_string_equal(c->emails[0], "gdartmouth@hotmail.com");
	assert_int_equal(c->nphones, 2);
	assert_string_equal(c->phones[1], "555 555 2222");
	assert_string_equal(c->org, "TheCompany");
	assert_string_equal(c->title, "TheJobTitle");
	/* escaped newlines, and a line folded inside a word */
	assert_string_equal(c->note, "This is GMail's note field.\nIt should "
			    "be added as a NOTE type.\nACustomField: "
			    "CustomField");
	assert_string_equal(c->adr, "123 Home St\nHome City, HM 12345");
	cards_free(&k);

	parse_sample("gmail-list.vcf", &k);
	assert_int_equal(k.n, 3);
	cards_free(&k);
}

static void test_android_qp(void **state)
{
	struct cards k;

	parse_sample("John_Doe_ANDROID.vcf", &k);
	assert_true(k.n >= 4);
	/* no FN, no N: the email names the contact */
	assert_string_equal(k.c[0].name, "john.doe@company.com");
	assert_string_equal(k.c[0].emails[0], "john.doe@company.com");
	assert_true(k.c[0].email_types[0] & VCARD_TYPE_PREF);
	/* quoted-printable UTF-8 */
	assert_string_equal(k.c[2].name, "\xc3\x91 \xc3\x91 \xc3\x91 \xc3\x91 "
			    "\xc3\x91");
	assert_string_equal(k.c[2].phones[0], "123456789");
	assert_int_equal(k.c[2].phone_types[0],
			 VCARD_TYPE_CELL | VCARD_TYPE_PREF);
	cards_free(&k);
}

static void test_rfc_examples(void **state)
{
	struct cards k;
	struct vcard_contact *c;

	parse_sample("rfc6350-example.vcf", &k);
	assert_int_equal(k.n, 1);
	c = &k.c[0];
	assert_int_equal(c->version, 40);
	assert_string_equal(c->name, "Simon Perreault");
	assert_string_equal(c->org, "Viagenie");
	assert_int_equal(c->nphones, 2);
	assert_string_equal(c->phones[0], "+1-418-656-9254;ext=102");
	assert_int_equal(c->phone_types[0],
			 VCARD_TYPE_WORK | VCARD_TYPE_VOICE | VCARD_TYPE_PREF);
	assert_string_equal(vcard_contact_email(c),
			    "simon.perreault@viagenie.ca");
	assert_string_equal(c->adr, "Suite D2-630, 2875 Laurier, Quebec, QC, "
			    "G1V 2M2, Canada");
	cards_free(&k);

	parse_sample("rfc2426-example.vcf", &k);
	assert_true(k.n >= 2);
	c = &k.c[0];
	assert_string_equal(c->name, "Frank Dawson");
	assert_string_equal(c->org, "Lotus Development Corporation");
	assert_int_equal(c->nemails, 2);
	assert_string_equal(vcard_contact_email(c), "Frank_Dawson@Lotus.com");
	assert_string_equal(c->adr, "6544 Battleford Drive, Raleigh, NC, "
			    "27613-3502, U.S.A.");
	assert_string_equal(k.c[1].name, "Tim Howes");
	assert_string_equal(k.c[1].emails[0], "howes@netscape.com");
	cards_free(&k);
}

static void test_syntax(void **state)
{
	static const char in[] =
		"junk before\n"
		"BEGIN:VCARD\n"
		"VERSION:2.1\n"
		"N;CHARSET=ISO-8859-1:M\xfcller;J\xfcrgen\n"
		"EMAIL;INTERNET;WORK;PREF:j@example.de\n"
		"TEL;TYPE=WORK;TYPE=PREF:+49 30 1\n"
		"TEL;TYPE=\"home,cell\":+49 30 2\n"
		"NOTE:a\\, b\\; c\\\\d\\nnext\n"
		"ORG:Acme\\; Co;Sales\n"
		"UID:urn:uuid:1234\n"
		"END:VCARD\n"
		"BEGIN:VCARD\n"
		"VERSION:3.0\n"
		"FN:Broken\n"
		"BEGIN:VCARD\n"
		"VERSION:3.0\n"
		"FN:Good\n"
		"END:VCARD\n"
		"BEGIN:VCARD\n"
		"VERSION:3.0\n"
		"TITLE:nobody\n"
		"END:VCARD\n"
		"BEGIN:VCARD\n"
		"FN:unterminated\n";
	struct cards k = { 0 };
	struct vcard_contact *c;

	assert_int_equal(vcard_parse(in, sizeof(in) - 1, keep, on_err, &k), 0);
	assert_int_equal(k.n, 2);
	c = &k.c[0];
	assert_int_equal(c->line, 2);
	assert_string_equal(c->name, "J\xc3\xbcrgen M\xc3\xbcller");
	assert_string_equal(c->family, "M\xc3\xbcller");
	assert_int_equal(c->email_types[0], VCARD_TYPE_WORK | VCARD_TYPE_PREF);
	assert_int_equal(c->phone_types[0], VCARD_TYPE_WORK | VCARD_TYPE_PREF);
	assert_int_equal(c->phone_types[1], VCARD_TYPE_HOME | VCARD_TYPE_CELL);
	assert_string_equal(c->note, "a, b; c\\d\nnext");
	assert_string_equal(c->org, "Acme; Co");
	assert_string_equal(c->uid, "urn:uuid:1234");
	assert_string_equal(k.c[1].name, "Good");
	assert_int_equal(k.nerr, 3);
	assert_int_equal(k.err_line[0], 12);
	assert_string_equal(k.err[0], "card has no END:VCARD");
	assert_int_equal(k.err_line[1], 19);
	assert_string_equal(k.err[1], "card has no FN, N, ORG or EMAIL");
	assert_int_equal(k.err_line[2], 23);
	assert_string_equal(k.err[2], "card has no END:VCARD");
	cards_free(&k);
}

static void test_bounds(void **state)
{
	struct buf b = BUF_INIT;
	struct cards k = { 0 };

	buf_adds(&b, "BEGIN:VCARD\r\nFN:long\r\nNOTE:");
	for (size_t i = 0; i < VCARD_MAX_LINE / 60 + 10; i++)
		buf_adds(&b, "0123456789012345678901234567890123456789012345678"
			 "90123456789012345678\r\n ");
	buf_adds(&b, "x\r\nEND:VCARD\r\nBEGIN:VCARD\r\n");
	for (int i = 0; i < VCARD_MAX_PROPS + 1; i++)
		buf_adds(&b, "X-A:1\r\n");
	buf_adds(&b, "FN:many\r\nEND:VCARD\r\n"
		 "BEGIN:VCARD\r\nFN:ok\r\nPHOTO;ENCODING=b:");
	for (int i = 0; i < 3000; i++)
		buf_adds(&b, "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\r\n ");
	buf_adds(&b, "AA\r\nEND:VCARD\r\n");
	assert_int_equal(vcard_parse(b.s, b.len, keep, on_err, &k), 0);
	assert_int_equal(k.nerr, 2);
	assert_string_equal(k.err[0], "line too long (limit 65536 bytes)");
	assert_int_equal(k.err_line[0], 3);
	assert_string_equal(k.err[1], "too many properties (limit 1000)");
	assert_int_equal(k.n, 1);
	assert_string_equal(k.c[0].name, "ok");	/* the photo was skipped */
	cards_free(&k);
	buf_release(&b);
}

/* Equal strings, or both NULL. */
static void assert_str0(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void round_trip(const struct vcard_contact *in, int version)
{
	struct buf out = BUF_INIT;
	struct cards k = { 0 };
	const char *p, *line;

	vcard_write(&out, in, version);
	/* no line longer than 75 octets, none split inside UTF-8 */
	for (line = p = out.s; *p; p++) {
		if (*p == '\n') {
			assert_true(p - line <= 76);
			if (p[1] == ' ')
				assert_true(((unsigned char)p[2] & 0xc0) != 0x80);
			line = p + 1;
		}
	}
	assert_int_equal(vcard_parse(out.s, out.len, keep, on_err, &k), 0);
	assert_int_equal(k.nerr, 0);
	assert_int_equal(k.n, 1);
	assert_int_equal(k.c[0].version, version * 10);
	assert_string_equal(k.c[0].name, in->name);
	assert_int_equal(k.c[0].nemails, in->nemails);
	for (size_t i = 0; i < in->nemails; i++) {
		assert_string_equal(k.c[0].emails[i], in->emails[i]);
		assert_int_equal(k.c[0].email_types[i], in->email_types[i]);
	}
	assert_int_equal(k.c[0].nphones, in->nphones);
	for (size_t i = 0; i < in->nphones; i++) {
		assert_string_equal(k.c[0].phones[i], in->phones[i]);
		assert_int_equal(k.c[0].phone_types[i], in->phone_types[i]);
	}
	assert_str0(k.c[0].org, in->org);
	assert_str0(k.c[0].title, in->title);
	assert_str0(k.c[0].note, in->note);
	assert_str0(k.c[0].adr, in->adr);
	assert_str0(k.c[0].uid, in->uid);
	assert_str0(k.c[0].family, in->family);
	assert_str0(k.c[0].given, in->given);
	cards_free(&k);
	buf_release(&out);
}

static void test_round_trip(void **state)
{
	struct vcard_contact c;
	struct buf note = BUF_INIT;

	vcard_contact_init(&c);
	c.name = xstrdup("Zo\xc3\xab O'Hara; \"Jr\", \\ the 3rd");
	c.family = xstrdup("O'Hara");
	c.given = xstrdup("Zo\xc3\xab");
	vcard_contact_add_email(&c, "zoe@example.com",
				VCARD_TYPE_WORK | VCARD_TYPE_PREF);
	vcard_contact_add_email(&c, "z@home.example", VCARD_TYPE_HOME);
	vcard_contact_add_phone(&c, "+1 555 0100", VCARD_TYPE_CELL);
	vcard_contact_add_phone(&c, "+1 555 0199",
				VCARD_TYPE_FAX | VCARD_TYPE_WORK);
	c.org = xstrdup("Acme, Inc.");
	c.title = xstrdup("VP; Sales");
	/* long, multi-line, multibyte: folding must not split "é" or "€" */
	for (int i = 0; i < 40; i++)
		buf_adds(&note, "d\xc3\xa9j\xc3\xa0 vu \xe2\x82\xac\xf0\x9f\x98\x80 ");
	buf_adds(&note, "\nsecond line");
	c.note = buf_detach(&note);
	c.adr = xstrdup("1 Main St, Springfield, USA");
	c.uid = xstrdup("urn:uuid:0f6b4a8e-0000-4000-8000-000000000001");
	round_trip(&c, 3);
	round_trip(&c, 4);
	vcard_contact_release(&c);

	vcard_contact_init(&c);
	c.name = xstrdup("Only Name");
	round_trip(&c, 3);
	round_trip(&c, 4);
	vcard_contact_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture),
		cmocka_unit_test(test_fixture_outlook_21),
		cmocka_unit_test(test_fixture_iphone_30),
		cmocka_unit_test(test_fixture_v40_rfc6868),
		cmocka_unit_test(test_fixture_gmail_and_android),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_sample),
		cmocka_unit_test(test_iphone),
		cmocka_unit_test(test_outlook),
		cmocka_unit_test(test_gmail),
		cmocka_unit_test(test_android_qp),
		cmocka_unit_test(test_rfc_examples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
