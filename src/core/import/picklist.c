/* The one table of picklist synonyms (picklist.h). The rows for every
 * file come first; a preset's rows name their preset. A value listed for
 * a preset wins over the same label's row for every file. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "core/import/picklist.h"
#include "util/banned.h"

struct synonym {
	enum picklist list;
	const char *preset;	/* NULL: any file */
	const char *label, *value;
};

static const char *const sources[] = { "referral", "inbound", "outbound",
	"event", "web", "other", NULL };
static const char *const account_statuses[] = { "prospect", "customer",
	"former", NULL };

#define S PICKLIST_SOURCE
#define A PICKLIST_ACCOUNT_STATUS
static const struct synonym synonyms[] = {
	/* lead sources any export may use */
	{ S, NULL, "Web", "web" }, { S, NULL, "Website", "web" },
	{ S, NULL, "Online", "web" }, { S, NULL, "Online Form", "web" },
	{ S, NULL, "Web Form", "web" }, { S, NULL, "Internet", "web" },
	{ S, NULL, "Organic Search", "web" }, { S, NULL, "Paid Search", "web" },
	{ S, NULL, "Direct Traffic", "web" }, { S, NULL, "Social Media", "web" },
	{ S, NULL, "Organic Social", "web" }, { S, NULL, "Paid Social", "web" },
	{ S, NULL, "Referred", "referral" }, { S, NULL, "Referrals", "referral" },
	{ S, NULL, "Partner", "referral" },
	{ S, NULL, "Partner Referral", "referral" },
	{ S, NULL, "Employee Referral", "referral" },
	{ S, NULL, "External Referral", "referral" },
	{ S, NULL, "Customer Referral", "referral" },
	{ S, NULL, "Word of mouth", "referral" },
	{ S, NULL, "Trade Show", "event" }, { S, NULL, "Tradeshow", "event" },
	{ S, NULL, "Seminar", "event" }, { S, NULL, "Seminar - Internal", "event" },
	{ S, NULL, "Seminar - Partner", "event" }, { S, NULL, "Conference", "event" },
	{ S, NULL, "Webinar", "event" }, { S, NULL, "Event", "event" },
	{ S, NULL, "Cold Call", "outbound" }, { S, NULL, "Cold Email", "outbound" },
	{ S, NULL, "Email", "outbound" }, { S, NULL, "Email Marketing", "outbound" },
	{ S, NULL, "Purchased List", "outbound" }, { S, NULL, "Outreach", "outbound" },
	{ S, NULL, "Advertisement", "inbound" }, { S, NULL, "Phone", "inbound" },
	{ S, NULL, "Phone Inquiry", "inbound" }, { S, NULL, "Inbound Call", "inbound" },
	{ S, NULL, "Public Relations", "inbound" },
	/* HubSpot's "Original Source" values, written in capitals */
	{ S, "hubspot", "Offline", "other" }, { S, "hubspot", "Offline Sources", "other" },
	{ S, "hubspot", "Other Campaigns", "other" },
	/* account types: Salesforce's Type, HubSpot's Lifecycle Stage */
	{ A, NULL, "Prospect", "prospect" }, { A, NULL, "Lead", "prospect" },
	{ A, NULL, "Subscriber", "prospect" },
	{ A, NULL, "Marketing Qualified Lead", "prospect" },
	{ A, NULL, "Sales Qualified Lead", "prospect" },
	{ A, NULL, "Opportunity", "prospect" },
	{ A, NULL, "Customer", "customer" },
	{ A, NULL, "Customer - Direct", "customer" },
	{ A, NULL, "Customer - Channel", "customer" },
	{ A, NULL, "Evangelist", "customer" },
	{ A, NULL, "Former Customer", "former" }, { A, NULL, "Churned", "former" },
};
#undef S
#undef A

/* The next character of a label that counts, or 0 at its end. */
static int next_char(const char **p)
{
	while (**p == ' ' || **p == '-' || **p == '_' || **p == '\t')
		(*p)++;
	if (!**p)
		return 0;
	return tolower((unsigned char)*(*p)++);
}

int picklist_same(const char *a, const char *b)
{
	for (;;) {
		int x = next_char(&a), y = next_char(&b);
		if (x != y)
			return 0;
		if (!x)
			return 1;
	}
}

const char *picklist_value(enum picklist p, const char *preset,
			   const char *label)
{
	const char *const *ours = p == PICKLIST_SOURCE ? sources : account_statuses;
	const char *any = NULL;
	if (!label || !*label)
		return NULL;
	for (size_t i = 0; ours[i]; i++)
		if (picklist_same(ours[i], label))
			return ours[i];
	for (size_t i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++) {
		const struct synonym *s = &synonyms[i];
		if (s->list != p || !picklist_same(s->label, label))
			continue;
		if (!s->preset)
			any = any ? any : s->value;
		else if (preset && !strcasecmp(s->preset, preset))
			return s->value;
	}
	return any;
}

int picklist_lead_closed(const char *status)
{
	static const char *const closed[] = { "Closed", "Closed - Not Converted",
		"Closed - Converted", "Unqualified", "Disqualified", "Junk",
		"Bad Timing", "Converted", "Lost", NULL };
	for (size_t i = 0; status && closed[i]; i++)
		if (picklist_same(closed[i], status))
			return 1;
	return 0;
}

int picklist_yes(const char *s)
{
	static const char *const yes[] = { "1", "true", "yes", "y", NULL };
	for (size_t i = 0; s && yes[i]; i++)
		if (picklist_same(yes[i], s))
			return 1;
	return 0;
}

size_t picklist_cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	n = max;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}
