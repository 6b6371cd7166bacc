/* Rendering mail templates (core/mail-template.h): every merge field takes
 * its value, with or without spaces inside the braces; a subject joins a
 * list's lines; a field without a value, an unknown field and an unclosed
 * one are refused naming them; text around the fields is kept byte for
 * byte, and a rendering past its cap is refused, not cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mail-template.h"

static const struct mail_merge full = {
	.first_name = "Hank", .name = "Hank Scorpio", .account = "Globex",
	.deal = "Doomsday device", .wants = "- a volcano base\n- fewer spies\n",
	.next_step = "a demo", .next_step_due = "2026-12-08",
	.sender = "Rita Ramos",
};

/* Renders TEXT with M; returns the fc_err code, the text in OUT. */
static int render(const char *text, const struct mail_merge *m, int one_line,
		  char **out, struct fc_error *err)
{
	struct buf b;
	int rc;
	buf_init(&b, 4096);
	memset(err, 0, sizeof(*err));
	rc = mail_template_render(text, m, one_line, &b, err);
	*out = buf_detach(&b);
	return rc;
}

static void test_every_field(void **state)
{
	struct fc_error err;
	char *out;
	(void)state;
	assert_int_equal(render("{{first_name}}|{{name}}|{{account}}|{{deal}}|"
				"{{next_step}}|{{next_step_due}}|{{sender}}\n"
				"{{wants}}end", &full, 0, &out, &err), 0);
	assert_string_equal(out, "Hank|Hank Scorpio|Globex|Doomsday device|"
			    "a demo|2026-12-08|Rita Ramos\n- a volcano base\n"
			    "- fewer spies\nend");
	free(out);
}

static void test_spaces_and_plain_text(void **state)
{
	struct fc_error err;
	char *out;
	(void)state;
	assert_int_equal(render("Dear {{ first_name }}, { not a field } "
				"{single} Ünïcode ✓", &full, 0, &out, &err), 0);
	assert_string_equal(out, "Dear Hank, { not a field } {single} Ünïcode ✓");
	free(out);
	assert_int_equal(render("no fields at all", &full, 0, &out, &err), 0);
	assert_string_equal(out, "no fields at all");
	free(out);
}

static void test_subject_joins_lines(void **state)
{
	struct fc_error err;
	char *out;
	(void)state;
	assert_int_equal(render("Re: {{wants}}", &full, 1, &out, &err), 0);
	assert_string_equal(out, "Re: - a volcano base; - fewer spies");
	free(out);
}

static void test_missing_value_named(void **state)
{
	struct mail_merge m = full;
	struct fc_error err;
	char *out;
	(void)state;
	m.deal = NULL;
	assert_int_equal(render("About {{deal}}", &m, 0, &out, &err), FC_EINVAL);
	assert_string_equal(err.field, "deal");
	assert_non_null(strstr(err.message, "{{deal}}"));
	assert_non_null(strstr(err.message, "send it from the deal"));
	free(out);
	m = full;
	m.next_step = m.next_step_due = NULL;
	assert_int_equal(render("{{next_step_due}}", &m, 0, &out, &err), FC_EINVAL);
	assert_non_null(strstr(err.message, "propose one"));
	free(out);
}

static void test_check_names_unknown(void **state)
{
	struct fc_error err = { 0 };
	(void)state;
	assert_int_equal(mail_template_check("Hi {{first_name}} {{nickname}}",
					     "body", &err), FC_EINVAL);
	assert_string_equal(err.field, "body");
	assert_non_null(strstr(err.message, "{{nickname}}"));
	assert_non_null(strstr(err.message, mail_merge_field_list));
	assert_int_equal(mail_template_check("Hi {{first_name", "subject", &err),
			 FC_EINVAL);
	assert_non_null(strstr(err.message, "not closed"));
	assert_int_equal(mail_template_check("{{first name}}", "body", &err),
			 FC_EINVAL);
	assert_int_equal(mail_template_check("{{}}", "body", &err), FC_EINVAL);
	assert_int_equal(mail_template_check("{{deal\n}}", "body", &err),
			 FC_EINVAL);
	assert_int_equal(mail_template_check("{{ deal }} {{wants}}", "body",
					     &err), 0);
}

static void test_too_long_refused(void **state)
{
	struct mail_merge m = full;
	struct fc_error err;
	char big[3000];
	struct buf b;
	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m.deal = big;
	buf_init(&b, 5000);
	memset(&err, 0, sizeof(err));
	assert_int_equal(mail_template_render("{{deal}}{{deal}}", &m, 0, &b,
					      &err), FC_ELIMIT);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field),
		cmocka_unit_test(test_spaces_and_plain_text),
		cmocka_unit_test(test_subject_joins_lines),
		cmocka_unit_test(test_missing_value_named),
		cmocka_unit_test(test_check_names_unknown),
		cmocka_unit_test(test_too_long_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
