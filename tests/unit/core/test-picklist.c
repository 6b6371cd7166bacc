/* The picklist synonyms of an import (src/core/import/picklist.c): labels
 * match whatever their case, spaces, hyphens and underscores; a preset's
 * own rows win; an unknown label has no value (the import keeps it beside
 * 'other'); lead statuses that close a lead; labels cut at a character.
 * Rerun alone: meson test -C BUILD core-picklist -v */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/import/picklist.h"

static const char *source(const char *preset, const char *label)
{
	return picklist_value(PICKLIST_SOURCE, preset, label);
}

static void test_sources_of_the_issue(void **state)
{
	(void)state;
	assert_string_equal(source("salesforce", "Online Form"), "web");
	assert_string_equal(source("salesforce", "Web"), "web");
	assert_string_equal(source("salesforce", "Partner Referral"), "referral");
	assert_string_equal(source("salesforce", "Employee Referral"), "referral");
	assert_string_equal(source("salesforce", "Trade Show"), "event");
	assert_string_equal(source("salesforce", "Seminar"), "event");
	assert_string_equal(source("salesforce", "Cold Call"), "outbound");
	assert_string_equal(source("salesforce", "Advertisement"), "inbound");
	assert_string_equal(source(NULL, "Purchased List"), "outbound");
}

static void test_case_and_spacing_aside(void **state)
{
	(void)state;
	assert_string_equal(source(NULL, "ONLINE FORM"), "web");
	assert_string_equal(source(NULL, "  online   form "), "web");
	assert_string_equal(source(NULL, "online_form"), "web");
	assert_string_equal(source("hubspot", "ORGANIC_SEARCH"), "web");
	assert_string_equal(source(NULL, "Seminar - Partner"), "event");
	assert_string_equal(source(NULL, "seminarpartner"), "event");
	assert_string_equal(source(NULL, "REFERRAL"), "referral");	/* ours */
	assert_int_equal(picklist_same("Cold Call", "cold-call"), 1);
	assert_int_equal(picklist_same("Cold Call", "Cold Calls"), 0);
	assert_int_equal(picklist_same("", "  "), 1);
}

static void test_presets_and_unknown_labels(void **state)
{
	(void)state;
	/* HubSpot's "Offline Sources" is theirs only */
	assert_string_equal(source("hubspot", "OFFLINE"), "other");
	assert_null(source("salesforce", "Offline"));
	assert_null(source("salesforce", "Podcast"));
	assert_null(source(NULL, ""));
	assert_null(source(NULL, NULL));
	assert_null(source(NULL, "Cold"));	/* a word of a label is not it */
	assert_string_equal(picklist_value(PICKLIST_ACCOUNT_STATUS, "salesforce",
					   "Customer - Direct"), "customer");
	assert_string_equal(picklist_value(PICKLIST_ACCOUNT_STATUS, NULL,
					   "prospect"), "prospect");
	assert_null(picklist_value(PICKLIST_ACCOUNT_STATUS, NULL, "Partner"));
}

static void test_lead_status_and_yes(void **state)
{
	(void)state;
	assert_int_equal(picklist_lead_closed("Closed - Not Converted"), 1);
	assert_int_equal(picklist_lead_closed("UNQUALIFIED"), 1);
	assert_int_equal(picklist_lead_closed("Working - Contacted"), 0);
	assert_int_equal(picklist_lead_closed("New"), 0);
	assert_int_equal(picklist_lead_closed(NULL), 0);
	assert_int_equal(picklist_yes("1"), 1);
	assert_int_equal(picklist_yes("TRUE"), 1);
	assert_int_equal(picklist_yes("Yes"), 1);
	assert_int_equal(picklist_yes("0"), 0);
	assert_int_equal(picklist_yes(""), 0);
	assert_int_equal(picklist_yes(NULL), 0);
}

static void test_cut_at_a_character(void **state)
{
	(void)state;
	assert_int_equal(picklist_cut("abc", 10), 3);
	assert_int_equal(picklist_cut("abcdef", 4), 4);
	/* "aé" is a, then two bytes: cutting at 2 keeps only "a" */
	assert_int_equal(picklist_cut("a\xc3\xa9z", 2), 1);
	assert_int_equal(picklist_cut("a\xc3\xa9z", 3), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources_of_the_issue),
		cmocka_unit_test(test_case_and_spacing_aside),
		cmocka_unit_test(test_presets_and_unknown_labels),
		cmocka_unit_test(test_lead_status_and_yes),
		cmocka_unit_test(test_cut_at_a_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
