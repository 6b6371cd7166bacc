/* The built-in column maps for the CSV exports of common CRMs. Each maps
 * their header to an import field (see the field list in csv.c) and
 * their stage names to ours (their picklist values: picklist.c). `fulcrum help import` lists
 * them; --map and --stage-map add to or override any of them. */
#include <strings.h>

#include "core/import/internal.h"
#include "util/banned.h"

const struct import_preset_info import_presets[] = {
	{ "generic", "headers named as Fulcrum's fields (name, email, account, "
	  "value, stage, close_date...) and common synonyms" },
	{ "salesforce", "Salesforce data export: Account.csv, Contact.csv, "
	  "Opportunity.csv (record Ids kept as references), "
	  "OpportunityHistory.csv" },
	{ "hubspot", "HubSpot exports of companies, contacts and deals (the "
	  "deals export's \"Date entered\" stage columns for a history)" },
	{ "pipedrive", "Pipedrive exports of organizations, people and deals" },
	{ NULL, NULL }
};

/* Synonyms any file may use; the generic preset is only these. */
static const struct preset_col generic_cols[] = {
	{ "company", "account", IK_C | IK_D },
	{ "company name", "account", IK_C | IK_D },
	{ "organization", "account", IK_C | IK_D },
	{ "organisation", "account", IK_C | IK_D },
	{ "account name", "account", IK_C | IK_D },
	{ "company", "name", IK_A },
	{ "company name", "name", IK_A },
	{ "account name", "name", IK_A },
	{ "website", "domain", IK_A },
	{ "full name", "name", IK_C },
	{ "first name", "first_name", IK_C },
	{ "last name", "last_name", IK_C },
	{ "e-mail", "email", IK_C },
	{ "email address", "email", IK_C },
	{ "job title", "title", IK_C },
	{ "mobile", "mobile", IK_C },
	{ "deal", "title", IK_D },
	{ "deal name", "title", IK_D },
	{ "amount", "value", IK_D },
	{ "close date", "close_date", IK_D },
	{ "created", "created", IK_A | IK_C | IK_D },
	{ "created date", "created", IK_A | IK_C | IK_D },
	{ "next step", "next_step", IK_D },
	{ "contact name", "contact", IK_D },
	{ "owner email", "owner", IK_A | IK_C | IK_D },
	/* the names `fulcrum export` writes beside its ids */
	{ "owner_email", "owner", IK_A | IK_C | IK_D },
	{ "account_name", "account", IK_C | IK_D },
	{ "contact_name", "contact", IK_D },
	{ "step", "stage", IK_D },
	{ "created_at", "created", IK_A | IK_C | IK_D },
	{ NULL, NULL, 0 }
};

static const struct preset_col salesforce_cols[] = {
	{ "Id", "external_id", IK_A | IK_C | IK_D },
	{ "Name", "name", IK_A | IK_C },
	{ "Website", "domain", IK_A },
	{ "Industry", "industry", IK_A },
	{ "Type", "status", IK_A },
	{ "NumberOfEmployees", "size", IK_A },
	{ "BillingStreet", "address", IK_A },
	{ "BillingCity", "address", IK_A },
	{ "BillingState", "address", IK_A },
	{ "BillingPostalCode", "address", IK_A },
	{ "BillingCountry", "address", IK_A },
	{ "CreatedDate", "created", IK_A | IK_C | IK_D },
	{ "AccountId", "account_ref", IK_C | IK_D },
	{ "FirstName", "first_name", IK_C },
	{ "LastName", "last_name", IK_C },
	{ "Email", "email", IK_C },
	{ "Phone", "phone", IK_C },
	{ "MobilePhone", "mobile", IK_C },
	{ "Title", "title", IK_C },
	{ "LeadSource", "source", IK_C },
	{ "Description", "notes", IK_C },
	/* Lead.csv (`fulcrum import leads`); what it says of the company
	 * fills the account where it is empty */
	{ "Company", "account", IK_C },
	{ "Website", "domain", IK_C },
	{ "Industry", "industry", IK_C },
	{ "NumberOfEmployees", "size", IK_C },
	{ "Status", "lead_status", IK_C },
	{ "IsConverted", "converted", IK_C },
	{ "ConvertedContactId", "converted_contact_ref", IK_C },
	{ "ConvertedOpportunityId", "converted_deal_ref", IK_C },
	{ "Name", "title", IK_D },
	{ "ContactId", "contact_ref", IK_D },
	{ "StageName", "stage", IK_D | IK_H },
	/* OpportunityHistory.csv: a row per change of an opportunity */
	{ "OpportunityId", "deal", IK_H },
	{ "CreatedDate", "date", IK_H },
	{ "Amount", "value", IK_D },
	{ "CurrencyIsoCode", "currency", IK_D },
	{ "CloseDate", "close_date", IK_D },
	{ "NextStep", "next_step", IK_D },
	/* the User's Id, found among the users imported before */
	{ "OwnerId", "owner_ref", IK_A | IK_C | IK_D },
	{ NULL, NULL, 0 }
};

static const char *const salesforce_stages[] = {
	"Prospecting=engage", "Qualification=comfort", "Needs Analysis=discover",
	"Discovery=discover", "Value Proposition=present",
	"Id. Decision Makers=discover", "Perception Analysis=discover",
	"Proposal/Price Quote=present", "Proposal/Quote=present",
	"Negotiation/Review=agree", "Negotiation=agree",
	"Closed Won=won", "Closed Lost=lost", NULL
};

static const struct preset_col hubspot_cols[] = {
	{ "Record ID", "external_id", IK_A | IK_C | IK_D },
	{ "Record ID", "deal", IK_H },	/* its "Date entered" columns: stage-dates.c */
	{ "Company name", "name", IK_A },
	{ "Name", "name", IK_A },
	{ "Company Domain Name", "domain", IK_A },
	{ "Website URL", "domain", IK_A },
	{ "Industry", "industry", IK_A },
	{ "Number of Employees", "size", IK_A },
	{ "Street Address", "address", IK_A },
	{ "City", "address", IK_A },
	{ "State/Region", "address", IK_A },
	{ "Postal Code", "address", IK_A },
	{ "Country/Region", "address", IK_A },
	{ "Create Date", "created", IK_A | IK_C | IK_D },
	{ "First Name", "first_name", IK_C },
	{ "Last Name", "last_name", IK_C },
	{ "Email", "email", IK_C },
	{ "Phone Number", "phone", IK_C },
	{ "Mobile Phone Number", "mobile", IK_C },
	{ "Job Title", "title", IK_C },
	{ "Company Name", "account", IK_C },
	{ "Associated Company", "account", IK_C | IK_D },
	{ "Associated Company ID", "account_ref", IK_C | IK_D },
	{ "Original Source", "source", IK_C },
	{ "Lead Status", "lead_status", IK_C },
	{ "Deal Name", "title", IK_D },
	{ "Deal Stage", "stage", IK_D },
	{ "Amount", "value", IK_D },
	{ "Currency", "currency", IK_D },
	{ "Close Date", "close_date", IK_D },
	{ "Associated Contact", "contact", IK_D },
	{ "Associated Contact ID", "contact_ref", IK_D },
	{ "Closed Lost Reason", "lost_reason", IK_D },
	/* the owner's name, or the owners export's id (import/users.c) */
	{ "Company owner", "owner_ref", IK_A },
	{ "Contact owner", "owner_ref", IK_C },
	{ "Deal owner", "owner_ref", IK_D },
	{ NULL, NULL, 0 }
};

static const char *const hubspot_stages[] = {
	"appointmentscheduled=engage", "Appointment Scheduled=engage",
	"qualifiedtobuy=comfort", "Qualified To Buy=comfort",
	"presentationscheduled=present", "Presentation Scheduled=present",
	"decisionmakerboughtin=discover", "Decision Maker Bought-In=discover",
	"contractsent=agree", "Contract Sent=agree",
	"closedwon=won", "Closed Won=won", "closedlost=lost", "Closed Lost=lost", NULL
};

static const struct preset_col pipedrive_cols[] = {
	{ "Organization - ID", "external_id", IK_A },
	{ "Organization - Name", "name", IK_A },
	{ "Organization - Address", "address", IK_A },
	{ "Organization - Owner", "owner_ref", IK_A },
	{ "Person - ID", "external_id", IK_C },
	{ "Person - Name", "name", IK_C },
	{ "Person - Email", "email", IK_C },
	{ "Person - Email - Work", "email", IK_C },
	{ "Person - Phone", "phone", IK_C },
	{ "Person - Phone - Work", "phone", IK_C },
	{ "Person - Organization", "account", IK_C },
	{ "Person - Job title", "title", IK_C },
	{ "Person - Owner", "owner_ref", IK_C },
	{ "Organization", "account", IK_C | IK_D },
	{ "Deal - ID", "external_id", IK_D },
	{ "Deal - Title", "title", IK_D },
	{ "Deal - Value", "value", IK_D },
	{ "Deal - Currency", "currency", IK_D },
	{ "Deal - Stage", "stage", IK_D },
	{ "Deal - Status", "status", IK_D },
	{ "Deal - Expected close date", "close_date", IK_D },
	{ "Deal - Deal created", "created", IK_D },
	{ "Deal - Organization", "account", IK_D },
	{ "Deal - Contact person", "contact", IK_D },
	{ "Deal - Lost reason", "lost_reason", IK_D },
	{ "Deal - Next activity subject", "next_step", IK_D },
	{ "Deal - Next activity date", "next_step_due", IK_D },
	{ "Deal - Owner", "owner_ref", IK_D },
	{ NULL, NULL, 0 }
};

static const char *const pipedrive_stages[] = {
	"Lead In=engage", "Qualified=comfort", "Contact Made=comfort",
	"Needs Defined=discover", "Demo Scheduled=present",
	"Proposal Made=present", "Negotiations Started=agree", NULL
};

static const struct preset presets[] = {
	{ "generic", generic_cols, NULL, 0 },
	{ "salesforce", salesforce_cols, salesforce_stages, 0 },
	{ "hubspot", hubspot_cols, hubspot_stages, 1 },
	{ "pipedrive", pipedrive_cols, pipedrive_stages, 0 },
};

const struct preset *import_preset_find(const char *name)
{
	if (!name || !*name)
		name = "generic";
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (!strcasecmp(presets[i].name, name))
			return &presets[i];
	return NULL;
}
