/* Custom field values (core/field-value.c): each type's rules, checked
 * without a database: text bounds, numbers as people write them, amounts
 * in the field's currency, dates, choices from the list, yes/no and link
 * ids; blank means no value; every refusal names the rule "custom-field"
 * and the field "custom.KEY".
 * Rerun alone: meson test -C BUILD core-field -v */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/field.h"

static struct field_def def(enum field_kind_type type, const char *key)
{
	struct field_def d;
	memset(&d, 0, sizeof(d));
	snprintf(d.kind, sizeof(d.kind), "deal");
	snprintf(d.key, sizeof(d.key), "%s", key);
	snprintf(d.label, sizeof(d.label), "Label of %s", key);
	d.type = type;
	return d;
}

/* Parses V (a new reference, taken) for D: the return, and OUT's text or
 * number. */
static int parse(const struct field_def *d, json_t *v, struct field_value *out,
		 struct fc_error *err)
{
	memset(err, 0, sizeof(*err));
	int rc = field_value_parse(d, v, out, err);
	json_decref(v);
	return rc;
}

static void refused(const struct field_def *d, json_t *v, const char *fragment)
{
	struct field_value out;
	struct fc_error err;
	char field[64];
	assert_int_equal(parse(d, v, &out, &err), FC_ERULE);
	assert_string_equal(err.rule, "custom-field");
	snprintf(field, sizeof(field), "custom.%s", d->key);
	assert_string_equal(err.field, field);
	if (!strstr(err.message, fragment))
		fail_msg("'%s' does not say '%s'", err.message, fragment);
	assert_null(out.text);
	assert_false(out.has_number);
}

static void text_values(void **state)
{
	(void)state;
	struct field_def d = def(CF_TEXT, "code");
	struct field_value out;
	struct fc_error err;
	assert_int_equal(parse(&d, json_string("C-77"), &out, &err), 0);
	assert_string_equal(out.text, "C-77");
	field_value_release(&out);
	/* blank, null and absent all mean "no value" */
	assert_int_equal(parse(&d, json_string("  "), &out, &err), 1);
	assert_int_equal(parse(&d, json_null(), &out, &err), 1);
	assert_int_equal(field_value_parse(&d, NULL, &out, &err), 1);
	refused(&d, json_integer(5), "must be a text");
	char *big = malloc(FIELD_TEXT_MAX + 2);
	memset(big, 'x', FIELD_TEXT_MAX + 1);
	big[FIELD_TEXT_MAX + 1] = '\0';
	refused(&d, json_string(big), "longer than 2000 bytes");
	free(big);
}

static void number_values(void **state)
{
	(void)state;
	struct field_def d = def(CF_NUMBER, "seats");
	struct field_value out;
	struct fc_error err;
	assert_int_equal(parse(&d, json_integer(12), &out, &err), 0);
	assert_string_equal(out.text, "12");
	field_value_release(&out);
	assert_int_equal(parse(&d, json_string("12.50"), &out, &err), 0);
	assert_string_equal(out.text, "12.5");	/* one written form */
	field_value_release(&out);
	assert_int_equal(parse(&d, json_real(-0.25), &out, &err), 0);
	assert_string_equal(out.text, "-0.25");
	field_value_release(&out);
	refused(&d, json_string("twelve"), "must be a number");
	refused(&d, json_string("0x10"), "must be a number");
	refused(&d, json_string("nan"), "must be a number");
	refused(&d, json_string("1e16"), "below 10^15");
	json_t *back = field_value_json(&d, "12", 0, 0);
	assert_true(json_is_integer(back));
	json_decref(back);
	back = field_value_json(&d, "12.5", 0, 0);
	assert_true(json_is_real(back));
	json_decref(back);
}

static void money_values(void **state)
{
	(void)state;
	struct field_def d = def(CF_MONEY, "budget");
	struct field_value out;
	struct fc_error err;
	snprintf(d.currency, sizeof(d.currency), "USD");
	assert_int_equal(parse(&d, json_string("$1,200.50"), &out, &err), 0);
	assert_true(out.has_number);
	assert_int_equal(out.number, 120050);
	assert_int_equal(parse(&d, json_real(99.99), &out, &err), 0);
	assert_int_equal(out.number, 9999);
	refused(&d, json_string("12.345"), "decimals");
	refused(&d, json_string("lots"), "not an amount");
	refused(&d, json_true(), "must be an amount");
	snprintf(d.currency, sizeof(d.currency), "JPY");
	assert_int_equal(parse(&d, json_string("1200"), &out, &err), 0);
	assert_int_equal(out.number, 1200);
	refused(&d, json_string("1200.5"), "JPY");
}

static void date_values(void **state)
{
	(void)state;
	struct field_def d = def(CF_DATE, "renewal");
	struct field_value out;
	struct fc_error err;
	assert_int_equal(parse(&d, json_string("2026-03-01"), &out, &err), 0);
	assert_string_equal(out.text, "2026-03-01");
	field_value_release(&out);
	refused(&d, json_string("2026-02-30"), "YYYY-MM-DD");
	refused(&d, json_string("March 1st"), "YYYY-MM-DD");
}

static void choice_values(void **state)
{
	(void)state;
	struct field_def d = def(CF_CHOICE, "region");
	struct field_value out;
	struct fc_error err;
	d.choices = json_pack("[s, s]", "north", "south");
	assert_int_equal(parse(&d, json_string("south"), &out, &err), 0);
	assert_string_equal(out.text, "south");
	field_value_release(&out);
	refused(&d, json_string("South"), "one of north|south, not 'South'");
	refused(&d, json_integer(1), "one of its choices");
	json_decref(d.choices);
}

static void yesno_and_link_values(void **state)
{
	(void)state;
	struct field_def d = def(CF_YESNO, "signed");
	struct field_value out;
	struct fc_error err;
	const char *yes[] = { "yes", "Yes", "true", "1", "y" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		assert_int_equal(parse(&d, json_string(yes[i]), &out, &err), 0);
		assert_int_equal(out.number, 1);
	}
	assert_int_equal(parse(&d, json_false(), &out, &err), 0);
	assert_int_equal(out.number, 0);
	assert_int_equal(parse(&d, json_string("no"), &out, &err), 0);
	assert_int_equal(out.number, 0);
	refused(&d, json_string("maybe"), "yes or no");

	struct field_def l = def(CF_ACCOUNT, "partner");
	assert_int_equal(parse(&l, json_integer(7), &out, &err), 0);
	assert_int_equal(out.number, 7);
	assert_int_equal(parse(&l, json_string("12"), &out, &err), 0);
	assert_int_equal(out.number, 12);
	refused(&l, json_string("Globex"), "the id of an account");
	refused(&l, json_integer(0), "the id of an account");
	struct field_def c = def(CF_CONTACT, "champion");
	refused(&c, json_string("-3"), "the id of a contact");
}

/* What a CSV export writes of a value reads back as the same value. */
static void cells_read_back(void **state)
{
	(void)state;
	struct field_def d = def(CF_MONEY, "budget");
	struct field_value out;
	struct fc_error err;
	struct buf cell = BUF_INIT;
	snprintf(d.currency, sizeof(d.currency), "USD");
	json_t *v = json_real(1200.5);
	field_value_text(&d, v, &cell);
	assert_string_equal(cell.s, "1200.50");
	assert_int_equal(parse(&d, json_string(cell.s), &out, &err), 0);
	assert_int_equal(out.number, 120050);
	json_decref(v);
	buf_clear(&cell);
	struct field_def y = def(CF_YESNO, "signed");
	v = json_true();
	field_value_text(&y, v, &cell);
	assert_string_equal(cell.s, "yes");
	json_decref(v);
	buf_release(&cell);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_values),
		cmocka_unit_test(number_values),
		cmocka_unit_test(money_values),
		cmocka_unit_test(date_values),
		cmocka_unit_test(choice_values),
		cmocka_unit_test(yesno_and_link_values),
		cmocka_unit_test(cells_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
