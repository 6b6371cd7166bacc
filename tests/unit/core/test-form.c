/* Lead forms without a database (core/form.c, core/form-html.c): which
 * browser origins may post (none, Fulcrum's own, the form's, nothing
 * else, not "null"), the page's HTML (every text escaped, required fields
 * said so, the honeypot off screen) and the embed snippets.
 * Rerun alone: meson test -C BUILD core-form -v */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/form.h"

static struct form_public form(void)
{
	struct form_public f = { .org_id = 1, .id = 7 };
	f.form = json_pack("{s:s, s:s, s:[s, s, s], s:[s], s:[s], s:n, s:{s:s, "
		"s:s, s:s}, s:{}}", "key", "k3y_-AbC", "title",
		"Talk to <Acme> & \"friends\"", "fields", "name", "email", "need",
		"required", "email", "origins", "https://www.example.com",
		"thanks", "labels", "name", "Name", "email", "E-mail", "need",
		"What do you need?", "choices");
	assert_non_null(f.form);
	return f;
}

static void has(const char *s, const char *fragment)
{
	if (!strstr(s, fragment))
		fail_msg("'%s' is not in:\n%s", fragment, s);
}

static void origins(void **state)
{
	(void)state;
	struct form_public f = form();
	struct fc_error err;
	memset(&err, 0, sizeof(err));
	assert_int_equal(form_origin_check(&f, NULL, "crm.example.org", &err), 0);
	assert_int_equal(form_origin_check(&f, "https://www.example.com",
					   "crm.example.org", &err), 0);
	assert_int_equal(form_origin_check(&f, "https://crm.example.org",
					   "crm.example.org", &err), 0);
	assert_int_equal(form_origin_check(&f, "https://example.com",
					   "crm.example.org", &err), FC_EFORBIDDEN);
	assert_string_equal(err.rule, "form-origin");
	has(err.message, "refused (form-origin)");
	assert_int_equal(form_origin_check(&f, "null", "crm.example.org", &err),
			 FC_EFORBIDDEN);
	/* a port is part of an origin */
	assert_int_equal(form_origin_check(&f, "https://www.example.com:8443",
					   "crm.example.org", &err), FC_EFORBIDDEN);
	form_public_release(&f);
}

static void page(void **state)
{
	(void)state;
	struct form_public f = form();
	struct buf out = BUF_INIT;
	form_html_page(&f, "", &out);
	has(out.s, "<title>Talk to &lt;Acme&gt; &amp; &quot;friends&quot;</title>");
	has(out.s, "<form method=\"post\" action=\"/forms/k3y_-AbC/submit\"");
	has(out.s, "<label for=\"fulcrum-email\">E-mail (required)</label>"
	    "<input type=\"email\" id=\"fulcrum-email\" name=\"email\" "
	    "maxlength=\"254\" autocomplete=\"email\" required>");
	has(out.s, "<textarea id=\"fulcrum-need\" name=\"need\" maxlength=\"2000\">");
	has(out.s, "name=\"" FORM_HONEYPOT "\" tabindex=\"-1\"");
	assert_null(strstr(out.s, "<script"));
	buf_release(&out);

	struct fc_error err;
	memset(&err, 0, sizeof(err));
	fc_fail(&err, FC_EINVAL, "email", "'E-mail' is <required>");
	form_html_answer(&f, &err, &out);
	has(out.s, "role=\"alert\">Your message was not sent: &#39;E-mail&#39; is &lt;required&gt;.");
	buf_release(&out);
	form_html_answer(&f, NULL, &out);
	has(out.s, "<p role=\"status\">Thank you: we have your message");
	buf_release(&out);
	form_public_release(&f);
}

static void snippets(void **state)
{
	(void)state;
	struct form_public f = form();
	json_t *s = form_snippet(&f, "https://crm.example.org//");
	assert_string_equal(json_string_value(json_object_get(s, "url")),
			    "https://crm.example.org/forms/k3y_-AbC");
	has(json_string_value(json_object_get(s, "html")), "action=\"https://"
	    "crm.example.org/forms/k3y_-AbC/submit\"");
	has(json_string_value(json_object_get(s, "iframe")), "<iframe src=\""
	    "https://crm.example.org/forms/k3y_-AbC\" title=\"Talk to &lt;Acme&gt;");
	json_decref(s);
	form_public_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(origins),
		cmocka_unit_test(page),
		cmocka_unit_test(snippets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
