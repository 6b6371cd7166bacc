/* The vCard parser and writer; see vcard.h. Reading goes physical line ->
 * logical line (unfolding, quoted-printable soft breaks) -> property
 * (group, name, parameters, value) -> decoded, unescaped UTF-8 -> the
 * contact. Bounds are checked while lines are joined, so a hostile file
 * never makes a large allocation. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/text.h"
#include "io/vcard.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void vcard_contact_init(struct vcard_contact *c)
{
	memset(c, 0, sizeof(*c));
}

void vcard_contact_release(struct vcard_contact *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->family);
	free(c->given);
	for (size_t i = 0; i < c->nemails; i++)
		free(c->emails[i]);
	free(c->emails);
	free(c->email_types);
	for (size_t i = 0; i < c->nphones; i++)
		free(c->phones[i]);
	free(c->phones);
	free(c->phone_types);
	free(c->org);
	free(c->title);
	free(c->note);
	free(c->adr);
	free(c->uid);
	vcard_contact_init(c);
}

static int add_value(char ***arr, unsigned **types, size_t *n,
		     const char *s, unsigned t)
{
	if (*n >= VCARD_MAX_VALUES)
		return -1;
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	*types = xrealloc(*types, (*n + 1) * sizeof(**types));
	(*arr)[*n] = xstrdup(s);
	(*types)[*n] = t;
	(*n)++;
	return 0;
}

int vcard_contact_add_email(struct vcard_contact *c, const char *s,
			    unsigned types)
{
	return add_value(&c->emails, &c->email_types, &c->nemails, s, types);
}

int vcard_contact_add_phone(struct vcard_contact *c, const char *s,
			    unsigned types)
{
	return add_value(&c->phones, &c->phone_types, &c->nphones, s, types);
}

static const char *preferred(char *const *arr, const unsigned *types,
			     size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (types[i] & VCARD_TYPE_PREF)
			return arr[i];
	return n ? arr[0] : NULL;
}

const char *vcard_contact_email(const struct vcard_contact *c)
{
	return preferred(c->emails, c->email_types, c->nemails);
}

const char *vcard_contact_phone(const struct vcard_contact *c)
{
	return preferred(c->phones, c->phone_types, c->nphones);
}

/* ---- reading ---- */

struct vparser {
	const char *s;
	size_t len;
	size_t pos;		/* start of the next physical line */
	unsigned long lineno;	/* its line number */
	vcard_contact_fn on_contact;
	vcard_error_fn on_error;
	void *data;

	int in_card;
	int broken;		/* error reported; skip to END:VCARD */
	int agent_depth;	/* cards nested in a 2.1 AGENT */
	int last_agent;		/* previous property was an empty AGENT */
	size_t card_start;	/* offset of BEGIN:VCARD */
	size_t nprops;
	struct vcard_contact c;
	char *nfull;		/* every part of N, for a card without FN */
	struct buf line;	/* the logical line */
	struct buf val;		/* decoding scratch */
	struct buf tmp;
};

/* The physical line at POS: its content ends at *END; returns the start of
 * the next. Any of LF, CRLF, CR and the CR CR LF some exporters write end
 * a line. */
static size_t phys_line(const struct vparser *p, size_t pos, size_t *end)
{
	size_t i = pos;

	while (i < p->len && p->s[i] != '\n' && p->s[i] != '\r')
		i++;
	*end = i;
	while (i < p->len && p->s[i] == '\r')
		i++;
	if (i < p->len && p->s[i] == '\n')
		i++;
	return i;
}

static int ieq(const char *a, size_t n, const char *lit)
{
	return strlen(lit) == n && strncasecmp(a, lit, n) == 0;
}

/* Where the property name of LINE (N bytes) ends, after its group. */
static void prop_name(const char *line, size_t n, const char **name,
		      size_t *nlen)
{
	size_t i = 0, start = 0;

	while (i < n && line[i] != ';' && line[i] != ':') {
		if (line[i] == '.')
			start = i + 1;
		i++;
	}
	*name = line + start;
	*nlen = i - start;
}

static int is_binary_prop(const char *name, size_t n)
{
	return ieq(name, n, "PHOTO") || ieq(name, n, "LOGO") ||
	       ieq(name, n, "SOUND") || ieq(name, n, "KEY");
}

/* Does the part of LINE before the value mention quoted-printable? Only
 * then does a final '=' mean a soft line break. */
static int line_is_qp(const char *line, size_t n)
{
	static const char qp[] = "QUOTED-PRINTABLE";
	size_t i = 0;
	int inq = 0;

	while (i < n && (inq || line[i] != ':')) {
		if (line[i] == '"')
			inq = !inq;
		i++;
	}
	for (size_t k = 0; k + sizeof(qp) - 1 <= i; k++)
		if (strncasecmp(line + k, qp, sizeof(qp) - 1) == 0)
			return 1;
	return 0;
}

static void card_error(struct vparser *p, unsigned long line,
		       const char *reason)
{
	if (p->on_error && !p->broken)
		p->on_error(line, reason, p->data);
	p->broken = 1;
}

/* Reads the next logical line into p->line. Returns 0 at the end of input,
 * 1 for a line, 2 for a line that was skipped (binary data) or was too
 * long (then the card is marked broken). *START_LINE gets its line number. */
static int next_logical(struct vparser *p, unsigned long *start_line)
{
	size_t end, next, nl;
	const char *name;
	int qp, skip, toolong = 0;

	if (p->pos >= p->len)
		return 0;
	*start_line = p->lineno;
	buf_clear(&p->line);
	next = phys_line(p, p->pos, &end);
	prop_name(p->s + p->pos, end - p->pos, &name, &nl);
	skip = is_binary_prop(name, nl);
	qp = !skip && line_is_qp(p->s + p->pos, end - p->pos);
	if (!skip) {
		size_t take = end - p->pos;

		if (take > VCARD_MAX_LINE + 1)
			take = VCARD_MAX_LINE + 1;
		buf_add(&p->line, p->s + p->pos, take);
	}
	p->pos = next;
	p->lineno++;
	for (;;) {
		int soft = qp && p->line.len > 0 &&
			   p->line.s[p->line.len - 1] == '=';
		size_t from;

		if (p->pos >= p->len)
			break;
		if (!soft && p->s[p->pos] != ' ' && p->s[p->pos] != '\t')
			break;
		next = phys_line(p, p->pos, &end);
		from = soft ? p->pos : p->pos + 1;
		if (soft)
			buf_setlen(&p->line, p->line.len - 1);
		if (!skip && !toolong)
			buf_add(&p->line, p->s + from, end - from);
		if (p->line.len > VCARD_MAX_LINE)
			toolong = 1;
		p->pos = next;
		p->lineno++;
	}
	if (p->line.len > VCARD_MAX_LINE)
		toolong = 1;
	if (toolong && p->in_card) {
		card_error(p, *start_line, "line too long (limit 65536 bytes)");
		return 2;
	}
	return skip || toolong ? 2 : 1;
}

struct vparams {
	unsigned types;
	int qp, b64;
	char charset[32];
};

static unsigned type_bit(const char *s, size_t n)
{
	static const struct {
		const char *name;
		unsigned bit;
	} types[] = {
		{ "HOME", VCARD_TYPE_HOME }, { "WORK", VCARD_TYPE_WORK },
		{ "CELL", VCARD_TYPE_CELL }, { "MOBILE", VCARD_TYPE_CELL },
		{ "FAX", VCARD_TYPE_FAX }, { "VOICE", VCARD_TYPE_VOICE },
		{ "PREF", VCARD_TYPE_PREF }, { "OTHER", VCARD_TYPE_OTHER },
	};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (ieq(s, n, types[i].name))
			return types[i].bit;
	return 0;
}

/* One parameter value (already split at commas, quotes removed). */
static void param_value(struct vparams *pp, const char *key, size_t klen,
			const char *v, size_t vlen)
{
	if (!key || ieq(key, klen, "TYPE")) {
		if (!key && ieq(v, vlen, "QUOTED-PRINTABLE"))
			pp->qp = 1;
		else if (!key && ieq(v, vlen, "BASE64"))
			pp->b64 = 1;
		else
			pp->types |= type_bit(v, vlen);
	} else if (ieq(key, klen, "PREF")) {
		pp->types |= VCARD_TYPE_PREF;
	} else if (ieq(key, klen, "ENCODING")) {
		if (ieq(v, vlen, "QUOTED-PRINTABLE"))
			pp->qp = 1;
		else if (ieq(v, vlen, "B") || ieq(v, vlen, "BASE64"))
			pp->b64 = 1;
	} else if (ieq(key, klen, "CHARSET")) {
		if (vlen < sizeof(pp->charset)) {
			memcpy(pp->charset, v, vlen);
			pp->charset[vlen] = '\0';
		}
	}
}

static void param_list(struct vparams *pp, const char *key, size_t klen,
		       const char *v, size_t n)
{
	size_t s = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && v[i] != ',')
			continue;
		if (i > s)
			param_value(pp, key, klen, v + s, i - s);
		s = i + 1;
	}
}

/* Parses ";k=v,v;bare..." from *I up to the ':' before the value. */
static void parse_params(const char *line, size_t n, size_t *i,
			 struct vparams *pp)
{
	while (*i < n && line[*i] == ';') {
		const char *key = NULL;
		size_t klen = 0, s;

		(*i)++;
		s = *i;
		while (*i < n && line[*i] != '=' && line[*i] != ';' &&
		       line[*i] != ':')
			(*i)++;
		if (*i < n && line[*i] == '=') {
			key = line + s;
			klen = *i - s;
			while (klen > 0 && isspace((unsigned char)key[klen - 1]))
				klen--;
			(*i)++;
		} else {
			*i = s;
		}
		/* the comma-separated values; a quoted part ("work,voice" in
		 * 4.0) is a list too */
		for (;;) {
			size_t vs, ve;

			if (*i < n && line[*i] == '"') {
				vs = ++(*i);
				while (*i < n && line[*i] != '"')
					(*i)++;
				ve = *i;
				if (*i < n)
					(*i)++;
				param_list(pp, key, klen, line + vs, ve - vs);
			} else {
				vs = *i;
				while (*i < n && line[*i] != ',' &&
				       line[*i] != ';' && line[*i] != ':')
					(*i)++;
				ve = *i;
				if (ve > vs)
					param_value(pp, key, klen, line + vs,
						    ve - vs);
			}
			if (*i < n && line[*i] == ',') {
				(*i)++;
				continue;
			}
			/* junk after a closing quote */
			while (*i < n && line[*i] != ';' && line[*i] != ':')
				(*i)++;
			break;
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)toupper((unsigned char)c);
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void qp_decode(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int h, l;

		if (s[i] == '=' && i + 2 < n &&
		    (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
			buf_addch(out, (char)(h * 16 + l));
			i += 2;
		} else {
			buf_addch(out, s[i]);
		}
	}
}

static void b64_decode(struct buf *out, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		int v;
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+' || c == '-')
			v = 62;
		else if (c == '/' || c == '_')
			v = 63;
		else
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addch(out, (char)((acc >> bits) & 0xff));
		}
	}
}

/* Decodes the raw value into p->val as valid UTF-8. */
static void decode_value(struct vparser *p, const char *v, size_t n,
			 const struct vparams *pp)
{
	struct buf *raw = &p->tmp;

	buf_clear(raw);
	buf_clear(&p->val);
	if (pp->qp)
		qp_decode(raw, v, n);
	else if (pp->b64)
		b64_decode(raw, v, n);
	else
		buf_add(raw, v, n);
	if (pp->charset[0] && strcasecmp(pp->charset, "UTF-8") != 0 &&
	    text_to_utf8(&p->val, pp->charset, raw->s, raw->len) == 0 &&
	    utf8_valid(p->val.s, p->val.len, NULL))
		return;
	buf_clear(&p->val);
	if (utf8_valid(raw->s, raw->len, NULL))
		buf_add(&p->val, raw->s, raw->len);
	else
		text_cp1252_to_utf8(&p->val, (const unsigned char *)raw->s,
				    raw->len);
}

/* Component K (0-based) of a structured value split at unescaped ';',
 * unescaped; with LIST, unescaped ',' (a list inside the component)
 * becomes a space. NULL when absent or empty. */
static char *component(const char *s, size_t n, int k, int list)
{
	struct buf out = BUF_INIT;
	int idx = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < n) {
			char e = s[++i];

			if (k >= 0 && idx != k)
				continue;
			if (e == 'n' || e == 'N')
				buf_addch(&out, '\n');
			else if (e == ',' || e == ';' || e == '\\')
				buf_addch(&out, e);
			else {
				buf_addch(&out, '\\');
				buf_addch(&out, e);
			}
			continue;
		}
		if (c == ';' && k >= 0) {
			idx++;
			continue;
		}
		if (idx != k && k >= 0)
			continue;
		if (c == ',' && list)
			c = ' ';
		/* control bytes (NUL above all) would cut or corrupt the text
		 * downstream; line breaks and tabs are kept */
		if ((unsigned char)c < 0x20 && c != '\n' && c != '\t')
			continue;
		buf_addch(&out, c);
	}
	/* trim */
	while (out.len > 0 && isspace((unsigned char)out.s[out.len - 1]))
		buf_setlen(&out, out.len - 1);
	if (out.len == 0) {
		buf_release(&out);
		return NULL;
	}
	{
		size_t lead = 0;
		char *r;

		while (lead < out.len && isspace((unsigned char)out.s[lead]))
			lead++;
		r = xstrdup(out.s + lead);
		buf_release(&out);
		return r;
	}
}

static char *text_value(const char *s, size_t n)
{
	return component(s, n, -1, 0);
}

static void set_once(char **field, char *v)
{
	if (!*field)
		*field = v;
	else
		free(v);
}

/* "Mr. John Richter James Doe Sr." from N's five parts. */
static char *n_display(const char *v, size_t n)
{
	static const int order[] = { 3, 1, 2, 0, 4 };
	struct buf full = BUF_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		char *part = component(v, n, order[i], 1);

		if (!part)
			continue;
		if (full.len)
			buf_addch(&full, ' ');
		buf_adds(&full, part);
		free(part);
	}
	if (!full.len) {
		buf_release(&full);
		return NULL;
	}
	return buf_detach(&full);
}

/* "street, city, region, code, country": ADR's non-empty parts. */
static char *adr_display(const char *v, size_t n)
{
	struct buf full = BUF_INIT;

	for (int i = 0; i < 7; i++) {
		char *part = component(v, n, i, 0);

		if (!part)
			continue;
		if (full.len)
			buf_adds(&full, ", ");
		buf_adds(&full, part);
		free(part);
	}
	if (!full.len) {
		buf_release(&full);
		return NULL;
	}
	return buf_detach(&full);
}

static void add_multi(struct vparser *p, int email, char *v, unsigned types,
		      unsigned long line)
{
	int rc;

	if (!v)
		return;
	if (email)
		rc = vcard_contact_add_email(&p->c, v, types);
	else
		rc = vcard_contact_add_phone(&p->c, v, types);
	free(v);
	if (rc)
		card_error(p, line, email ? "too many emails (limit 100)"
					  : "too many phones (limit 100)");
}

static void apply_property(struct vparser *p, const char *name, size_t nl,
			   const struct vparams *pp, unsigned long line)
{
	const char *v = p->val.s;
	size_t n = p->val.len;
	struct vcard_contact *c = &p->c;

	if (ieq(name, nl, "VERSION")) {
		if (n > 0 && v[0] == '2')
			c->version = 21;
		else if (n > 0 && v[0] == '3')
			c->version = 30;
		else if (n > 0 && v[0] == '4')
			c->version = 40;
	} else if (ieq(name, nl, "FN")) {
		set_once(&c->name, text_value(v, n));
	} else if (ieq(name, nl, "N")) {
		if (p->nfull)
			return;
		c->family = component(v, n, 0, 1);
		c->given = component(v, n, 1, 1);
		p->nfull = n_display(v, n);
	} else if (ieq(name, nl, "EMAIL")) {
		add_multi(p, 1, text_value(v, n), pp->types, line);
	} else if (ieq(name, nl, "TEL")) {
		if (n >= 4 && strncasecmp(v, "tel:", 4) == 0) {
			v += 4;
			n -= 4;
		}
		add_multi(p, 0, text_value(v, n), pp->types, line);
	} else if (ieq(name, nl, "ORG")) {
		set_once(&c->org, component(v, n, 0, 0));
	} else if (ieq(name, nl, "TITLE")) {
		set_once(&c->title, text_value(v, n));
	} else if (ieq(name, nl, "NOTE")) {
		set_once(&c->note, text_value(v, n));
	} else if (ieq(name, nl, "UID")) {
		set_once(&c->uid, text_value(v, n));
	} else if (ieq(name, nl, "ADR")) {
		/* the preferred address wins over the first */
		if (c->adr && !(pp->types & VCARD_TYPE_PREF))
			return;
		{
			char *a = adr_display(v, n);

			if (a) {
				free(c->adr);
				c->adr = a;
			}
		}
	}
}

static void card_begin(struct vparser *p, unsigned long line, size_t start)
{
	vcard_contact_release(&p->c);
	free(p->nfull);
	p->nfull = NULL;
	p->c.line = line;
	p->in_card = 1;
	p->broken = 0;
	p->agent_depth = 0;
	p->last_agent = 0;
	p->nprops = 0;
	p->card_start = start;
}

static int card_end(struct vparser *p)
{
	struct vcard_contact *c = &p->c;
	int rc = 0;

	p->in_card = 0;
	if (p->broken)
		goto out;
	if (!c->name && p->nfull) {
		c->name = p->nfull;
		p->nfull = NULL;
	}
	if (!c->name && c->org)
		c->name = xstrdup(c->org);
	if (!c->name && c->nemails)
		c->name = xstrdup(c->emails[0]);
	if (!c->name) {
		card_error(p, c->line, "card has no FN, N, ORG or EMAIL");
		goto out;
	}
	if (p->on_contact)
		rc = p->on_contact(c, p->data);
out:
	vcard_contact_release(c);
	free(p->nfull);
	p->nfull = NULL;
	return rc;
}

/* Handles one logical line inside or outside a card. */
static int handle_line(struct vparser *p, unsigned long line, size_t start)
{
	const char *s = p->line.s;
	size_t n = p->line.len, i;
	const char *name;
	size_t nl;
	struct vparams pp;
	int is_begin, is_end;

	prop_name(s, n, &name, &nl);
	i = (size_t)(name - s) + nl;
	memset(&pp, 0, sizeof(pp));
	parse_params(s, n, &i, &pp);
	if (i >= n || s[i] != ':')
		return 0;	/* no value: stray text, base64 residue */
	i++;
	{
		size_t vn = n - i;

		while (vn > 0 && isspace((unsigned char)s[i + vn - 1]))
			vn--;
		is_begin = ieq(name, nl, "BEGIN") && ieq(s + i, vn, "VCARD");
		is_end = ieq(name, nl, "END") && ieq(s + i, vn, "VCARD");
	}
	if (!p->in_card) {
		if (is_begin)
			card_begin(p, line, start);
		return 0;
	}
	if (p->agent_depth) {
		if (is_begin)
			p->agent_depth++;
		else if (is_end)
			p->agent_depth--;
		return 0;
	}
	if (is_begin) {
		if (p->last_agent) {
			p->agent_depth = 1;
			return 0;
		}
		card_error(p, p->c.line, "card has no END:VCARD");
		card_begin(p, line, start);
		return 0;
	}
	if (is_end)
		return card_end(p);
	if (p->broken)
		return 0;
	p->last_agent = ieq(name, nl, "AGENT") && i == n;
	if (++p->nprops > VCARD_MAX_PROPS) {
		card_error(p, line, "too many properties (limit 1000)");
		return 0;
	}
	decode_value(p, s + i, n - i, &pp);
	apply_property(p, name, nl, &pp, line);
	return 0;
}

int vcard_parse(const char *data, size_t len, vcard_contact_fn on_contact,
		vcard_error_fn on_error, void *cbdata)
{
	struct vparser p;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.s = data;
	p.len = len;
	p.lineno = 1;
	p.on_contact = on_contact;
	p.on_error = on_error;
	p.data = cbdata;
	buf_init(&p.line, 0);
	buf_init(&p.val, 0);
	buf_init(&p.tmp, 0);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3;
	for (;;) {
		size_t start = p.pos;
		unsigned long line;
		int r = next_logical(&p, &line);

		if (r == 0)
			break;
		if (p.in_card && !p.broken &&
		    p.pos - p.card_start > VCARD_MAX_CARD)
			card_error(&p, p.c.line, "card too large "
				   "(limit 8388608 bytes)");
		if (r == 2)
			continue;
		rc = handle_line(&p, line, start);
		if (rc)
			goto out;
	}
	if (p.in_card)
		card_error(&p, p.c.line, "card has no END:VCARD");
out:
	vcard_contact_release(&p.c);
	free(p.nfull);
	buf_release(&p.line);
	buf_release(&p.val);
	buf_release(&p.tmp);
	return rc;
}

/* ---- writing ---- */

/* Appends one content line, folded at 75 octets (continuation lines begin
 * with a space, which counts), never inside a UTF-8 sequence. */
static void put_folded(struct buf *out, const char *s, size_t n)
{
	size_t room = 75;

	while (n > room) {
		size_t cut = room;

		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		buf_add(out, s, cut);
		buf_adds(out, "\r\n ");
		s += cut;
		n -= cut;
		room = 74;
	}
	buf_add(out, s, n);
	buf_adds(out, "\r\n");
}

static void escape_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case ',':
			buf_adds(b, "\\,");
			break;
		case ';':
			buf_adds(b, "\\;");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			if (s[1] != '\n')
				buf_adds(b, "\\n");
			break;
		default:
			buf_addch(b, *s);
		}
	}
}

static void put_prop(struct buf *out, const char *name, const char *params,
		     const char *value)
{
	struct buf line = BUF_INIT;

	buf_adds(&line, name);
	if (params && *params)
		buf_adds(&line, params);
	buf_addch(&line, ':');
	escape_text(&line, value);
	put_folded(out, line.s, line.len);
	buf_release(&line);
}

static void type_params(struct buf *b, unsigned types, int version,
			int email)
{
	static const struct {
		unsigned bit;
		const char *v3, *v4;
	} names[] = {
		{ VCARD_TYPE_HOME, "HOME", "home" },
		{ VCARD_TYPE_WORK, "WORK", "work" },
		{ VCARD_TYPE_CELL, "CELL", "cell" },
		{ VCARD_TYPE_FAX, "FAX", "fax" },
		{ VCARD_TYPE_VOICE, "VOICE", "voice" },
		{ VCARD_TYPE_OTHER, "OTHER", NULL },
		{ VCARD_TYPE_PREF, "PREF", NULL },
	};
	int first = 1;

	buf_clear(b);
	if (version == 3 && email) {
		buf_adds(b, ";TYPE=INTERNET");
		first = 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const char *nm = version == 3 ? names[i].v3 : names[i].v4;

		if (!(types & names[i].bit) || !nm)
			continue;
		buf_adds(b, first ? ";TYPE=" : ",");
		buf_adds(b, nm);
		first = 0;
	}
	if (version == 4 && (types & VCARD_TYPE_PREF))
		buf_adds(b, ";PREF=1");
	if (version == 4 && !email)
		buf_adds(b, ";VALUE=text");
}

void vcard_write(struct buf *out, const struct vcard_contact *c, int version)
{
	struct buf params = BUF_INIT;
	struct buf n = BUF_INIT;

	if (version != 3)
		version = 4;
	buf_adds(out, "BEGIN:VCARD\r\n");
	buf_adds(out, version == 3 ? "VERSION:3.0\r\n" : "VERSION:4.0\r\n");
	put_prop(out, "FN", NULL, c->name ? c->name : "");
	/* N is required in 3.0; in 4.0 only written when known */
	if (c->family || c->given || version == 3) {
		buf_adds(&n, "N:");
		escape_text(&n, c->family);
		buf_addch(&n, ';');
		escape_text(&n, c->given);
		buf_adds(&n, ";;;");
		put_folded(out, n.s, n.len);
	}
	for (size_t i = 0; i < c->nemails; i++) {
		type_params(&params, c->email_types[i], version, 1);
		put_prop(out, "EMAIL", params.s, c->emails[i]);
	}
	for (size_t i = 0; i < c->nphones; i++) {
		type_params(&params, c->phone_types[i], version, 0);
		put_prop(out, "TEL", params.s, c->phones[i]);
	}
	if (c->org)
		put_prop(out, "ORG", NULL, c->org);
	if (c->title)
		put_prop(out, "TITLE", NULL, c->title);
	if (c->note)
		put_prop(out, "NOTE", NULL, c->note);
	if (c->adr) {
		/* kept whole in the street part: read back, it is the same */
		buf_clear(&n);
		buf_adds(&n, "ADR:;;");
		escape_text(&n, c->adr);
		buf_adds(&n, ";;;;");
		put_folded(out, n.s, n.len);
	}
	if (c->uid)
		put_prop(out, "UID", NULL, c->uid);
	buf_adds(out, "END:VCARD\r\n");
	buf_release(&params);
	buf_release(&n);
}
