/* The HTML a visitor sees of a lead form: the page, the answer to a post
 * and the snippets to embed it. Plain HTML, no script: it works in every
 * browser and with a screen reader (every field labelled, required ones
 * said so in words). Every text is escaped here, once. See form.h. */
#include <stdio.h>
#include <string.h>

#include "core/form.h"
#include "io/text.h"
#include "util/banned.h"

/* Kept small and inline: the page loads nothing else. */
static const char style[] =
	"body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1rem;"
	"color:#1a1a1a;background:#fff}main{max-width:34rem;margin:0 auto}"
	"label{display:block;font-weight:600;margin-top:1rem}"
	"input,textarea,select{box-sizing:border-box;width:100%;font:inherit;"
	"padding:.5rem;border:1px solid #767676;border-radius:4px}"
	"textarea{min-height:6rem}button{margin-top:1.25rem;font:inherit;"
	"padding:.6rem 1.4rem;border:0;border-radius:4px;background:#1f5fae;"
	"color:#fff}:focus{outline:3px solid #f5a623;outline-offset:1px}"
	".hp{position:absolute;left:-10000px;width:1px;height:1px;"
	"overflow:hidden}.err{color:#a40000}";

static const char *text(const struct form_public *f, const char *member)
{
	return json_string_value(json_object_get(f->form, member));
}

static int is_required(const struct form_public *f, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(f->form, "required"), i, v)
		if (!strcmp(json_string_value(v), name))
			return 1;
	return 0;
}

/* How a field is typed: the input's type and autocomplete, or a textarea
 * (type NULL), and its bound in bytes. */
static void input_kind(const char *name, const char **type, const char **ac,
		       int *max)
{
	*type = "text";
	*ac = NULL;
	*max = 2000;
	if (!strcmp(name, "name")) {
		*ac = "name";
		*max = 200;
	} else if (!strcmp(name, "email")) {
		*type = "email";
		*ac = "email";
		*max = 254;
	} else if (!strcmp(name, "phone")) {
		*type = "tel";
		*ac = "tel";
		*max = 50;
	} else if (!strcmp(name, "company")) {
		*ac = "organization";
		*max = 200;
	} else if (!strcmp(name, "need")) {
		*type = NULL;
	} else if (!strcmp(name, "message")) {
		*type = NULL;
		*max = FORM_MESSAGE_MAX;
	}
}

/* A custom choice field: its choices to pick from, none picked. */
static void select_element(struct buf *out, const char *id, const char *name,
			   int req, json_t *choices)
{
	size_t i;
	json_t *v;
	buf_adds(out, "<select id=\"");
	text_html_escape(out, id);
	buf_adds(out, "\" name=\"");
	text_html_escape(out, name);
	buf_adds(out, req ? "\" required>" : "\">");
	buf_adds(out, "<option value=\"\">Choose…</option>");
	json_array_foreach(choices, i, v) {
		buf_adds(out, "<option>");
		text_html_escape(out, json_string_value(v));
		buf_adds(out, "</option>");
	}
	buf_adds(out, "</select></p>\n");
}

/* The form element: its labelled fields, the honeypot and the button,
 * posting to ACTION. */
static void form_element(const struct form_public *f, const char *action,
			 struct buf *out)
{
	json_t *labels = json_object_get(f->form, "labels"), *v;
	size_t i;

	buf_adds(out, "<form method=\"post\" action=\"");
	text_html_escape(out, action);
	buf_adds(out, "\" accept-charset=\"utf-8\">\n");
	json_array_foreach(json_object_get(f->form, "fields"), i, v) {
		const char *name = json_string_value(v), *type, *ac;
		const char *label = json_string_value(json_object_get(labels, name));
		int max, req = is_required(f, name);
		char id[80];
		input_kind(name, &type, &ac, &max);
		snprintf(id, sizeof(id), "fulcrum-%s", name);
		for (char *c = id; *c; c++)
			if (*c == '.')
				*c = '-';
		buf_adds(out, "<p><label for=\"");
		text_html_escape(out, id);
		buf_adds(out, "\">");
		text_html_escape(out, label ? label : name);
		if (req)
			buf_adds(out, " (required)");
		buf_adds(out, "</label>");
		json_t *choices = json_object_get(json_object_get(f->form,
						 "choices"), name);
		if (choices) {
			select_element(out, id, name, req, choices);
			continue;
		}
		buf_addf(out, type ? "<input type=\"%s\"" : "<textarea",
			 type ? type : "");
		buf_adds(out, " id=\"");
		text_html_escape(out, id);
		buf_adds(out, "\" name=\"");
		text_html_escape(out, name);
		buf_addf(out, "\" maxlength=\"%d\"", max);
		if (ac)
			buf_addf(out, " autocomplete=\"%s\"", ac);
		if (req)
			buf_adds(out, " required");
		buf_adds(out, type ? "></p>\n" : "></textarea></p>\n");
	}
	/* for robots only: off screen, out of the tab order, unread */
	buf_adds(out, "<p class=\"hp\" aria-hidden=\"true\" style=\"position:"
		 "absolute;left:-10000px\"><label for=\"fulcrum-" FORM_HONEYPOT
		 "\">Leave this empty</label><input type=\"text\" id=\"fulcrum-"
		 FORM_HONEYPOT "\" name=\"" FORM_HONEYPOT "\" tabindex=\"-1\" "
		 "autocomplete=\"off\"></p>\n<p><button type=\"submit\">Send"
		 "</button></p>\n</form>\n");
}

static void page_start(const struct form_public *f, const char *title,
		       struct buf *out)
{
	(void)f;
	buf_adds(out, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta "
		 "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
		 "device-width, initial-scale=1\">\n<title>");
	text_html_escape(out, title);
	buf_addf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n"
		 "<h1>", style);
	text_html_escape(out, title);
	buf_adds(out, "</h1>\n");
}

static void page_end(struct buf *out)
{
	buf_adds(out, "</main>\n</body>\n</html>\n");
}

void form_html_page(const struct form_public *f, const char *public_url,
		    struct buf *out)
{
	char action[FORM_ORIGIN_MAX + FORM_KEY_MAX + 32];
	snprintf(action, sizeof(action), "%s/forms/%s/submit", public_url,
		 text(f, "key"));
	page_start(f, text(f, "title"), out);
	form_element(f, action, out);
	page_end(out);
}

void form_html_answer(const struct form_public *f, const struct fc_error *err,
		      struct buf *out)
{
	if (!err) {
		page_start(f, text(f, "title"), out);
		buf_adds(out, "<p role=\"status\">");
		text_html_escape(out, text(f, "thanks") ? text(f, "thanks") :
			 "Thank you: we have your message and will be in touch.");
		buf_adds(out, "</p>\n");
		page_end(out);
		return;
	}
	page_start(f, text(f, "title"), out);
	buf_adds(out, "<p class=\"err\" role=\"alert\">Your message was not "
		 "sent: ");
	text_html_escape(out, err->message);
	buf_adds(out, ".</p>\n<p><a href=\"/forms/");
	text_html_escape(out, text(f, "key"));
	buf_adds(out, "\">Back to the form</a></p>\n");
	page_end(out);
}

json_t *form_snippet(const struct form_public *f, const char *public_url)
{
	struct buf html = BUF_INIT, frame = BUF_INIT;
	char url[FORM_ORIGIN_MAX + FORM_KEY_MAX + 32], action[sizeof(url) + 8];
	json_t *out;
	size_t n = strlen(public_url);

	while (n && public_url[n - 1] == '/')
		n--;
	snprintf(url, sizeof(url), "%.*s/forms/%s", (int)n, public_url,
		 text(f, "key"));
	snprintf(action, sizeof(action), "%s/submit", url);
	buf_adds(&html, "<!-- ");
	text_html_escape(&html, text(f, "title"));
	buf_adds(&html, ": a lead form of Fulcrum. Keep the field named "
		 FORM_HONEYPOT " hidden: robots fill it in. -->\n");
	form_element(f, action, &html);
	buf_adds(&frame, "<iframe src=\"");
	text_html_escape(&frame, url);
	buf_adds(&frame, "\" title=\"");
	text_html_escape(&frame, text(f, "title"));
	buf_adds(&frame, "\" style=\"width:100%;min-height:40em;border:0\">"
		 "</iframe>\n");
	out = json_pack("{s:s, s:s, s:s}", "url", url, "html", html.s ? html.s : "",
			"iframe", frame.s ? frame.s : "");
	buf_release(&html);
	buf_release(&frame);
	return out;
}
