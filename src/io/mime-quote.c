/* The text a writer wrote, without the messages it quotes; see
 * mime-quote.h. Clients quote in one of a few ways (Mailgun's talon lists
 * them): ">" lines, an attribution line above them ("On ... wrote:"),
 * Outlook's header block with no ">" at all, or a "-----Original
 * Message-----" line; whatever follows the first opener is the old
 * message. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/mime-quote.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct line {
	const char *s;
	size_t n;
};

/* S without the spaces (and "*" of a bold text rendering) at either end. */
static struct line trimmed(struct line l)
{
	while (l.n && (isspace((unsigned char)l.s[0]) || l.s[0] == '*')) {
		l.s++;
		l.n--;
	}
	while (l.n && (isspace((unsigned char)l.s[l.n - 1]) ||
		       l.s[l.n - 1] == '*'))
		l.n--;
	return l;
}

static int starts(struct line l, const char *p)
{
	size_t n = strlen(p);
	return l.n >= n && !strncasecmp(l.s, p, n);
}

static int ends(struct line l, const char *p)
{
	size_t n = strlen(p);
	return l.n >= n && !strncasecmp(l.s + l.n - n, p, n);
}

static int contains(struct line l, const char *p)
{
	return memmem(l.s, l.n, p, strlen(p)) != NULL;
}

/* "... wrote:" in the languages clients write attributions in */
static int attribution_end(struct line l)
{
	static const char *const words[] = { "wrote:", "написал:",
		"написала:", "schrieb:", "a écrit :", "a écrit:", "escribió:",
		"ha scritto:", "schreef:", NULL };
	for (int i = 0; words[i]; i++)
		if (ends(l, words[i]))
			return 1;
	return 0;
}

/* An attribution names a date or an address; "as you wrote:" does not. */
static int attribution_start(struct line l)
{
	if (starts(l, "On ") || starts(l, "Le ") || starts(l, "Am ") ||
	    starts(l, "El "))
		return 1;
	for (size_t i = 0; i < l.n; i++)
		if (isdigit((unsigned char)l.s[i]) || l.s[i] == '@')
			return 1;
	return 0;
}

static int dashes_line(struct line l, const char *word)
{
	if (!l.n || l.s[0] != '-' || l.s[l.n - 1] != '-')
		return 0;
	return memmem(l.s, l.n, word, strlen(word)) != NULL;
}

/* Whether line I of L opens a quoted message: 0 when not, 1 when it
 * does, 2 when it is an attribution on one line, 3 over two lines. */
static int opens_quote(const struct line *ls, size_t nl, size_t i)
{
	struct line l = trimmed(ls[i]);
	if (!l.n || l.s[0] == '>')
		return 0;
	if (dashes_line(l, "Original Message") ||
	    dashes_line(l, "Original message") ||
	    starts(l, "Begin forwarded message:"))
		return 1;
	if (attribution_end(l) && attribution_start(l) && l.n < 400)
		return 2;
	/* an attribution wrapped over two lines */
	if (attribution_start(l) && i + 1 < nl && l.n < 300) {
		struct line next = trimmed(ls[i + 1]);
		if (attribution_end(next) && next.n < 300)
			return 3;
	}
	/* Outlook: "From: ..." then, within a few lines, "Sent: ..." or
	 * "Date: ..."; a rendering of its HTML may put all on one line */
	if (starts(l, "From:")) {
		if (contains(l, " Sent:") || contains(l, " Date:"))
			return 1;
		for (size_t k = i + 1; k < nl && k <= i + 4; k++) {
			struct line n = trimmed(ls[k]);
			if (starts(n, "Sent:") || starts(n, "Date:"))
				return 1;
		}
	}
	return 0;
}

/* A line of only "_" or "-": the rule Outlook draws above its block. */
static int rule_line(struct line l)
{
	l = trimmed(l);
	if (l.n < 4)
		return 0;
	for (size_t i = 0; i < l.n; i++)
		if (l.s[i] != '_' && l.s[i] != '-')
			return 0;
	return 1;
}

static struct line *split(const char *s, size_t len, size_t *nl)
{
	size_t n = 1, k = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	struct line *ls = xcalloc(n, sizeof(*ls));
	const char *p = s, *end = s + len;
	while (p <= end && k < n) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t m = e ? (size_t)(e - p) : (size_t)(end - p);
		ls[k].s = p;
		ls[k].n = m;
		while (ls[k].n && ls[k].s[ls[k].n - 1] == '\r')
			ls[k].n--;
		k++;
		if (!e)
			break;
		p = e + 1;
	}
	*nl = k;
	return ls;
}

void mime_quote_strip(struct buf *text)
{
	struct buf out = BUF_INIT;
	size_t nl, cut, i;
	struct line *ls = split(text->s, text->len, &nl);
	int blank = 0;

	buf_init(&out, text->cap);
	for (cut = 0; cut < nl; cut++) {
		int kind = opens_quote(ls, nl, cut);
		if (!kind)
			continue;
		/* bottom-posting: nothing written above the attribution, so the
		 * answer is below the ">" lines: only the attribution goes */
		int above = 0;
		for (i = 0; i < cut && !above; i++) {
			struct line t = trimmed(ls[i]);
			above = t.n && t.s[0] != '>';
		}
		if (above || kind == 1)
			break;
		for (i = cut; i < cut + (size_t)(kind - 1); i++)
			ls[i].n = 0;
	}
	/* the rule above Outlook's block, and the blank lines before it */
	while (cut && (rule_line(ls[cut - 1]) || !trimmed(ls[cut - 1]).n))
		cut--;
	for (i = 0; i < cut; i++) {
		struct line l = ls[i];
		struct line t = trimmed(l);
		while (l.n && isspace((unsigned char)l.s[l.n - 1]))
			l.n--;
		if (t.n && t.s[0] == '>')
			continue;
		if (!l.n) {
			blank = out.len > 0;
			continue;
		}
		if (blank)
			buf_adds(&out, "\n\n");
		else if (out.len)
			buf_addch(&out, '\n');
		blank = 0;
		buf_add(&out, l.s, l.n);
	}
	free(ls);
	buf_release(text);
	*text = out;
}

void mime_unflow(struct buf *text, int delsp)
{
	struct buf out = BUF_INIT;
	size_t nl;
	struct line *ls = split(text->s, text->len, &nl);

	/* quoted lines are cut afterwards (mime_quote_strip), so only the
	 * writer's own lines are joined */
	buf_init(&out, text->cap);
	for (size_t i = 0; i < nl; i++) {
		struct line l = ls[i];
		int quoted = l.n && l.s[0] == '>';
		int sig = l.n == 3 && !memcmp(l.s, "-- ", 3);
		/* RFC 3676 4.4: a leading space was stuffed */
		if (!quoted && l.n && l.s[0] == ' ') {
			l.s++;
			l.n--;
		}
		buf_add(&out, l.s, l.n);
		int soft = !quoted && !sig && l.n && l.s[l.n - 1] == ' ' &&
			   i + 1 < nl && ls[i + 1].n && ls[i + 1].s[0] != '>';
		if (soft) {
			if (delsp)
				buf_setlen(&out, out.len - 1);
		} else if (i + 1 < nl) {
			buf_addch(&out, '\n');
		}
	}
	free(ls);
	buf_release(text);
	*text = out;
}
