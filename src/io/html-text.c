/* HTML as plain text; see html-text.h. One pass, no tree: an e-mail's
 * HTML is often not well formed, and all a log needs is its words in
 * order, with the line breaks a reader sees. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/html-text.h"
#include "io/text.h"
#include "util/banned.h"

static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "copy", 0xA9 }, { "reg", 0xAE },
	{ "euro", 0x20AC }, { "ndash", 0x2013 }, { "mdash", 0x2014 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "hellip", 0x2026 }, { "bull", 0x2022 },
	{ "middot", 0xB7 }, { "eacute", 0xE9 }, { "egrave", 0xE8 },
	{ "agrave", 0xE0 }, { "auml", 0xE4 }, { "ouml", 0xF6 }, { "uuml", 0xFC },
	{ "szlig", 0xDF }, { "ccedil", 0xE7 }, { "pound", 0xA3 }, { "yen", 0xA5 },
	{ "laquo", 0xAB }, { "raquo", 0xBB }, { "times", 0xD7 },
};

/* Tags whose content a reader never sees, or that quote another message. */
static const char *const hidden[] = { "head", "style", "script", "title",
	"blockquote", NULL };
/* Tags that end a line. */
static const char *const blocks[] = { "br", "p", "div", "tr", "li", "h1",
	"h2", "h3", "h4", "h5", "h6", "table", "hr", "ul", "ol", "pre", NULL };

static int in_list(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

struct scan {
	struct buf *out;
	int space;		/* a space is owed before the next word */
};

static void newline(struct scan *sc)
{
	buf_addch(sc->out, '\n');
	sc->space = 0;
}

static void add_cp(struct scan *sc, uint32_t cp)
{
	if (cp == ' ') {
		sc->space = 1;
		return;
	}
	if (sc->space && sc->out->len && sc->out->s[sc->out->len - 1] != '\n')
		buf_addch(sc->out, ' ');
	sc->space = 0;
	text_add_utf8(sc->out, cp);
}

/* The entity at S (after '&'), its length in *USED; 0 when not one. */
static uint32_t entity(const char *s, size_t n, size_t *used)
{
	char name[12];
	size_t i = 0;
	while (i < n && i < sizeof(name) - 1 && s[i] != ';' &&
	       (isalnum((unsigned char)s[i]) || s[i] == '#'))
		i++;
	if (i == n || s[i] != ';' || !i)
		return 0;
	memcpy(name, s, i);
	name[i] = '\0';
	*used = i + 1;
	if (name[0] == '#') {
		char *end;
		unsigned long v = (name[1] == 'x' || name[1] == 'X') ?
			strtoul(name + 2, &end, 16) : strtoul(name + 1, &end, 10);
		if (*end || !v || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		return v == 0xA0 ? ' ' : (uint32_t)v;
	}
	for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++)
		if (!strcmp(entities[k].name, name))
			return entities[k].cp;
	return 0;
}

/* The end of the tag starting at S[I] == '<' (the index after '>'), and
 * its lowercased name in NAME, *CLOSING when it is an end tag. */
static size_t tag(const char *s, size_t n, size_t i, char name[16],
		  int *closing)
{
	size_t k = 0;
	char quote = 0;
	i++;
	*closing = i < n && s[i] == '/';
	if (*closing)
		i++;
	while (i < n && k < 15 && (isalnum((unsigned char)s[i]) || s[i] == ':'))
		name[k++] = (char)tolower((unsigned char)s[i++]);
	name[k] = '\0';
	for (; i < n; i++) {
		if (quote) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			quote = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

void html_text(struct buf *out, const char *s, size_t n)
{
	struct scan sc = { out, 0 };
	char name[16];
	int closing, depth = 0;
	char skipping[16] = "";
	size_t i = 0;

	while (i < n && !out->overflow) {
		if (s[i] == '<' && i + 3 < n && !memcmp(s + i, "<!--", 4)) {
			const char *end = memmem(s + i + 4, n - i - 4, "-->", 3);
			i = end ? (size_t)(end - s) + 3 : n;
			continue;
		}
		if (s[i] == '<' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) ||
						 s[i + 1] == '/' || s[i + 1] == '!')) {
			i = tag(s, n, i, name, &closing);
			if (skipping[0]) {
				/* nested blockquotes: only the outermost end ends it */
				if (!strcmp(name, skipping))
					depth += closing ? -1 : 1;
				if (!depth)
					skipping[0] = '\0';
				continue;
			}
			if (!closing && in_list(hidden, name)) {
				memcpy(skipping, name, sizeof(skipping));
				depth = 1;
				continue;
			}
			if (in_list(blocks, name))
				newline(&sc);
			else if (!strcmp(name, "td") || !strcmp(name, "th"))
				sc.space = 1;
			continue;
		}
		if (skipping[0]) {
			i++;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c == '&') {
			size_t used = 0;
			uint32_t cp = entity(s + i + 1, n - i - 1, &used);
			if (cp) {
				add_cp(&sc, cp);
				i += 1 + used;
				continue;
			}
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
			sc.space = 1;
			i++;
			continue;
		}
		if (sc.space && out->len && out->s[out->len - 1] != '\n')
			buf_addch(out, ' ');
		sc.space = 0;
		buf_addch(out, (char)c);
		i++;
	}
}
