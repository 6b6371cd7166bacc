/* The keys that tell two contacts or accounts are likely one: e-mails,
 * phones, domains and names reduced to the form two spellings of the same
 * thing share. Pure: strings in, strings out (see duplicate.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/duplicate.h"
#include "io/text.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* The digits a phone key keeps: a national number without its trunk 0 or
 * country code is nine digits in most numbering plans (France, the UK,
 * Germany's long numbers; North America's ten end in nine that tell them
 * apart), so "+44 20 7946 0958" and "020 7946 0958" share their last nine. */
#define PHONE_KEY_DIGITS 9
#define PHONE_MIN_DIGITS 7

/* Mail providers whose domain says nothing about the company. */
static const char *const public_mail[] = {
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.co.uk",
	"hotmail.com", "hotmail.fr", "outlook.com", "live.com", "msn.com",
	"icloud.com", "me.com", "mac.com", "aol.com", "gmx.de", "gmx.net",
	"web.de", "proton.me", "protonmail.com", "yandex.ru", "mail.ru",
	"orange.fr", "free.fr", "laposte.net", "wanadoo.fr", "qq.com",
	"163.com", "fastmail.com", "zoho.com", NULL
};

/* Words that only say what legal form a company has. */
static const char *const legal_forms[] = {
	"inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp",
	"corporation", "co", "company", "gmbh", "ag", "sa", "sas", "sarl", "bv",
	"nv", "srl", "spa", "oy", "ab", "as", "kg", "pty", NULL
};

static char *trimmed_lower(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *out = xstrndup(s, n);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

char *duplicate_email_key(const char *email)
{
	if (!email)
		return NULL;
	char *k = trimmed_lower(email);
	const char *at = strchr(k, '@');
	if (!at || at == k || !at[1]) {
		free(k);
		return NULL;
	}
	return k;
}

char *duplicate_phone_key(const char *phone)
{
	char digits[64];
	size_t n = 0;
	if (!phone)
		return NULL;
	for (const char *p = phone; *p && n < sizeof(digits) - 1; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	digits[n] = 0;
	if (n < PHONE_MIN_DIGITS)
		return NULL;
	return xstrdup(n > PHONE_KEY_DIGITS ? digits + n - PHONE_KEY_DIGITS
		       : digits);
}

char *duplicate_domain_key(const char *domain)
{
	if (!domain)
		return NULL;
	char *d = trimmed_lower(domain);
	const char *p = strstr(d, "://");
	p = p ? p + 3 : d;
	if (!strncmp(p, "www.", 4))
		p += 4;
	size_t n = strcspn(p, "/?#:@ ");
	while (n && p[n - 1] == '.')
		n--;
	char *k = n && memchr(p, '.', n) ? xstrndup(p, n) : NULL;
	free(d);
	return k;
}

char *duplicate_email_domain_key(const char *email)
{
	char *e = duplicate_email_key(email);
	if (!e)
		return NULL;
	char *k = duplicate_domain_key(strrchr(e, '@') + 1);
	free(e);
	for (int i = 0; k && public_mail[i]; i++)
		if (!strcmp(k, public_mail[i])) {
			free(k);
			return NULL;
		}
	return k;
}

/* Folds S (text_fold) and keeps letters, digits and other characters
 * beyond ASCII, with one space between words. */
static char *fold_words(const char *s)
{
	struct buf f = BUF_INIT, out = BUF_INIT;
	if (!s)
		return NULL;
	text_fold(&f, s);
	int space = 0;
	for (size_t i = 0; i < f.len; i++) {
		unsigned char c = (unsigned char)f.s[i];
		if (c < 0x80 && !isalnum(c)) {
			space = 1;
			continue;
		}
		if (space && out.len)
			buf_addch(&out, ' ');
		space = 0;
		buf_addch(&out, (char)c);
	}
	buf_release(&f);
	if (!out.len) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *duplicate_name_key(const char *name)
{
	return fold_words(name);
}

char *duplicate_account_name_key(const char *name)
{
	char *k = fold_words(name);
	if (!k)
		return NULL;
	/* drop legal forms at the end, but never the whole name */
	for (;;) {
		char *last = strrchr(k, ' ');
		if (!last)
			break;
		int legal = 0;
		for (int i = 0; legal_forms[i]; i++)
			legal |= !strcmp(last + 1, legal_forms[i]);
		if (!legal)
			break;
		*last = 0;
	}
	return k;
}

/* Edit distance of A and B (Levenshtein), stopping at 2. */
static int distance(const char *a, size_t na, const char *b, size_t nb)
{
	enum { MAX = 64 };
	int prev[MAX + 1], cur[MAX + 1];
	if (na > MAX || nb > MAX)
		return 2;
	if (na > nb + 1 || nb > na + 1)
		return 2;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins)
				 : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(int) * (nb + 1));
	}
	return prev[nb] > 2 ? 2 : prev[nb];
}

#define WORDS_MAX 8

static int split(const char *s, const char *w[], size_t len[])
{
	int n = 0;
	while (*s && n < WORDS_MAX) {
		size_t l = strcspn(s, " ");
		w[n] = s;
		len[n++] = l;
		s += l;
		while (*s == ' ')
			s++;
	}
	return *s ? -1 : n;
}

static int has_digit(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return 1;
	return 0;
}

int duplicate_names_alike(const char *a, const char *b)
{
	const char *wa[WORDS_MAX], *wb[WORDS_MAX];
	size_t la[WORDS_MAX], lb[WORDS_MAX];
	if (!a || !b || !*a || !*b)
		return 0;
	if (!strcmp(a, b))
		return 1;
	int na = split(a, wa, la), nb = split(b, wb, lb);
	if (na < 2 || na != nb)
		return 0;
	int same = 0;
	for (int i = 0; i < na; i++) {
		int equal = la[i] == lb[i] && !memcmp(wa[i], wb[i], la[i]);
		if (equal) {
			same++;
			continue;
		}
		/* numbers are not names: "buyer1" is not "buyer5" */
		if (has_digit(wa[i], la[i]) || has_digit(wb[i], lb[i]))
			return 0;
		/* an initial: "a" for "ada" */
		if ((la[i] == 1 || lb[i] == 1) && wa[i][0] == wb[i][0])
			continue;
		/* one slip in a word of three letters or more, same first
		 * letter: "jon" for "john" */
		if (la[i] >= 3 && lb[i] >= 3 && wa[i][0] == wb[i][0] &&
		    distance(wa[i], la[i], wb[i], lb[i]) <= 1)
			continue;
		return 0;
	}
	return same ? 2 : 0;
}
