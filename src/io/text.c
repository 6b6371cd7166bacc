/* UTF-8 and charset helpers; see text.h. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "io/text.h"
#include "util/banned.h"

void text_add_utf8(struct buf *out, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		buf_addch(out, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(out, u, 4);
	}
}

/* Windows-1252's 0x80-0x9f; our own table because glibc's iconv rejects
 * the five unassigned bytes, and a file must never fail to convert. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

void text_cp1252_to_utf8(struct buf *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = s[i];

		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252_high[cp - 0x80];
		text_add_utf8(out, cp);
	}
}

int text_to_utf8(struct buf *out, const char *charset, const char *s,
		 size_t n)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	size_t start = out->len;
	char *in = (char *)s;
	size_t inleft = n;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -1;
	while (inleft > 0) {
		char tmp[1024];
		char *o = tmp;
		size_t oleft = sizeof(tmp);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);

		buf_add(out, tmp, sizeof(tmp) - oleft);
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = -1;
			break;
		}
	}
	iconv_close(cd);
	if (rc)
		buf_setlen(out, start);
	return rc;
}

/* The base letters of U+00C0-U+00FF and U+0100-U+017F, one byte each; '*'
 * marks the letters that fold to two (see two_letters), '-' those kept. */
static const char latin1_base[] =
	"aaaaaa*ceeeeiiiidnooooo-ouuuuy**aaaaaa*ceeeeiiiidnooooo-ouuuuy*y";
static const char latin_ext_a_base[] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllll"
	"nnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

_Static_assert(sizeof(latin1_base) == 65, "U+00C0-U+00FF");
_Static_assert(sizeof(latin_ext_a_base) == 129, "U+0100-U+017F");

static const char *two_letters(uint32_t cp)
{
	switch (cp) {
	case 0xc6: case 0xe6: return "ae";
	case 0xde: case 0xfe: return "th";
	case 0xdf: return "ss";
	case 0x132: case 0x133: return "ij";
	case 0x152: case 0x153: return "oe";
	default: return NULL;
	}
}

void text_fold(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), start = out->len;
	int space = 0;
	while (n) {
		int len = utf8_seq(p, n);
		uint32_t cp = p[0];
		char base = 0;
		if (len <= 0)
			len = 1;	/* not UTF-8: the byte as it is */
		else if (len == 2)
			cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		if (len == 1 && (cp == ' ' || (cp >= '\t' && cp <= '\r'))) {
			space = 1;
			p++;
			n--;
			continue;
		}
		if (space && out->len > start)
			buf_add(out, " ", 1);
		space = 0;
		if (len == 1 && cp >= 'A' && cp <= 'Z')
			base = (char)(cp - 'A' + 'a');
		else if (len == 2 && cp >= 0xc0 && cp <= 0xff)
			base = latin1_base[cp - 0xc0];
		else if (len == 2 && cp >= 0x100 && cp <= 0x17f)
			base = latin_ext_a_base[cp - 0x100];
		if (base == '*')
			buf_add(out, two_letters(cp), 2);
		else if (base && base != '-')
			buf_add(out, &base, 1);
		else
			buf_add(out, (const char *)p, (size_t)len);
		p += len;
		n -= (size_t)len;
	}
}

void text_html_escape(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addch(out, *s);
		}
	}
}
