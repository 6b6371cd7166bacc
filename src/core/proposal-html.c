/* A proposal as an HTML document styled for print: the browser's "print to
 * PDF" gives the document to send. Pure: the model in, the HTML out; every
 * text is escaped here, once. See proposal.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/display.h"
#include "core/proposal.h"
#include "io/text.h"
#include "util/banned.h"

static const char *text(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t num(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void money(struct buf *out, int64_t minor, const char *currency)
{
	char m[DISPLAY_MONEY_MAX];
	money_display(minor, currency, m, sizeof(m));
	text_html_escape(out, m);
}

static const char style[] =
	"body{font-family:Georgia,'Times New Roman',serif;color:#1d2330;"
	"max-width:46rem;margin:2.5rem auto;padding:0 1.5rem;line-height:1.5}"
	"header{border-bottom:2px solid #1d2330;margin-bottom:1.5rem}"
	"h1{font-size:1.8rem;margin:0 0 .25rem}"
	"h2{font-size:1.2rem;margin:2rem 0 .75rem;border-bottom:1px solid #c9ced8}"
	".meta{color:#4a5262;margin:.25rem 0 1rem}"
	".want{margin:0 0 1.25rem;page-break-inside:avoid;break-inside:avoid}"
	".want blockquote{margin:.25rem 0;padding:.25rem .9rem;"
	"border-left:4px solid #2d6cdf;font-style:italic;font-size:1.05rem}"
	".kind{color:#4a5262;font-size:.9rem}.kind .k{font-variant:small-caps}"
	".fits{margin:.35rem 0 0 1rem;padding:0;list-style:none}"
	".fits li{margin:.2rem 0}.fits b{color:#1d2330}"
	".open{color:#8a5a00}"
	"table{width:100%;border-collapse:collapse;font-size:.95rem}"
	"th,td{padding:.4rem .5rem;border-bottom:1px solid #dde1e8;text-align:left}"
	"td.n,th.n{text-align:right;white-space:nowrap}"
	"tfoot td{border:none}tfoot tr.total td{font-weight:bold;"
	"border-top:2px solid #1d2330}"
	"footer{margin-top:2.5rem;color:#4a5262;font-size:.85rem}"
	"@media print{@page{size:A4;margin:18mm 16mm}"
	"body{margin:0;max-width:none;padding:0;font-size:11pt}"
	"h2{break-after:avoid;page-break-after:avoid}"
	"tr{break-inside:avoid;page-break-inside:avoid}"
	".want blockquote{border-left-color:#000}"
	"a{color:inherit;text-decoration:none}}";

static void wants_html(struct buf *out, const json_t *wants)
{
	size_t i, j;
	json_t *w, *f;
	buf_adds(out, "<section class=\"wants\"><h2>What you told us you want"
		 "</h2>\n");
	if (!json_array_size(wants))
		buf_adds(out, "<p class=\"open\">No wants recorded yet.</p>\n");
	json_array_foreach(wants, i, w) {
		json_t *fits = json_object_get(w, "fits");
		buf_adds(out, "<div class=\"want\"><div class=\"kind\"><span "
			 "class=\"k\">");
		text_html_escape(out, text(w, "kind"));
		buf_addf(out, "</span> &middot; importance %" PRId64 " of 5",
			 num(w, "importance"));
		if (*text(w, "contact")) {
			buf_adds(out, " &middot; ");
			text_html_escape(out, text(w, "contact"));
		}
		buf_adds(out, "</div><blockquote>");
		text_html_escape(out, text(w, "text"));
		buf_adds(out, "</blockquote>\n<ul class=\"fits\">");
		if (!json_array_size(fits))
			buf_adds(out, "<li class=\"open\">How we give you this is still "
				 "to be worked out with you.</li>");
		json_array_foreach(fits, j, f) {
			buf_adds(out, "<li><b>");
			text_html_escape(out, text(f, "offering"));
			buf_adds(out, "</b>: ");
			text_html_escape(out, text(f, "how"));
			buf_adds(out, "</li>");
		}
		buf_adds(out, "</ul></div>\n");
	}
	buf_adds(out, "</section>\n");
}

static void items_html(struct buf *out, const json_t *m, const char *cur)
{
	const json_t *items = json_object_get(m, "items");
	size_t i;
	json_t *it;
	buf_adds(out, "<section class=\"items\"><h2>What it costs</h2>\n");
	if (!json_array_size(items)) {
		buf_adds(out, "<p>Total: ");
		money(out, num(m, "total_minor"), cur);
		buf_adds(out, "</p></section>\n");
		return;
	}
	buf_adds(out, "<table><thead><tr><th>Offering</th><th class=\"n\">"
		 "Quantity</th><th class=\"n\">Unit price</th><th class=\"n\">"
		 "Discount</th><th class=\"n\">Total</th></tr></thead><tbody>\n");
	json_array_foreach(items, i, it) {
		buf_adds(out, "<tr><td>");
		text_html_escape(out, text(it, "offering"));
		buf_addf(out, "</td><td class=\"n\">%" PRId64 "</td><td class=\"n\">",
			 num(it, "quantity"));
		money(out, num(it, "unit_price_minor"), cur);
		buf_addf(out, "</td><td class=\"n\">%" PRId64 "%%</td><td class=\"n\">",
			 num(it, "discount"));
		money(out, num(it, "total_minor"), cur);
		buf_adds(out, "</td></tr>\n");
	}
	buf_adds(out, "</tbody><tfoot><tr><td colspan=\"4\">Subtotal</td>"
		 "<td class=\"n\">");
	money(out, num(m, "subtotal_minor"), cur);
	buf_adds(out, "</td></tr>\n");
	if (num(m, "discount_minor")) {
		buf_adds(out, "<tr><td colspan=\"4\">Discounts</td><td class=\"n\">-");
		money(out, num(m, "discount_minor"), cur);
		buf_adds(out, "</td></tr>\n");
	}
	buf_adds(out, "<tr class=\"total\"><td colspan=\"4\">Total</td>"
		 "<td class=\"n\">");
	money(out, num(m, "total_minor"), cur);
	buf_adds(out, "</td></tr></tfoot></table></section>\n");
}

void proposal_html(const json_t *m, struct buf *out)
{
	const char *cur = text(m, "currency");
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
		 "\"utf-8\"><title>Proposal: ");
	text_html_escape(out, text(m, "title"));
	buf_addf(out, " (v%" PRId64 ")</title>\n<style>%s</style></head>\n<body>"
		 "<header><h1>Proposal: ", num(m, "number"), style);
	text_html_escape(out, text(m, "title"));
	buf_adds(out, "</h1><p class=\"meta\">For ");
	text_html_escape(out, text(m, "contact"));
	if (*text(m, "account")) {
		buf_adds(out, ", ");
		text_html_escape(out, text(m, "account"));
	}
	buf_addf(out, " &middot; version %" PRId64 " &middot; ", num(m, "number"));
	text_html_escape(out, text(m, "date"));
	buf_adds(out, "</p></header>\n<main>\n");
	wants_html(out, json_object_get(m, "wants"));
	items_html(out, m, cur);
	buf_adds(out, "</main>\n<footer>Prepared by ");
	text_html_escape(out, text(m, "owner"));
	buf_adds(out, ".</footer>\n</body></html>\n");
}
