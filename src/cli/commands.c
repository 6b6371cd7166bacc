/* The command table: one row per command. `fulcrum help` is generated from
 * it, and main.c dispatches from it. Adding a command adds a row here and a
 * file cmd-NOUN.c (docs/internals/adding-a-command.md). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/banned.h"

const struct cmd cli_commands[] = {
	{ "help", cmd_help, 0, "show help for fulcrum or one command",
	  "usage: fulcrum help [COMMAND]\n" },
	{ "init", cmd_init, CMD_DB, "create a new organisation with its admin",
	  "usage: fulcrum init [--org NAME] [--admin-email E] [--admin-name N]\n"
	  "Creates the database (SQLite file or PostgreSQL URL given by --db),\n"
	  "an organisation, its first admin and the default six-step process.\n" },
	{ "migrate", cmd_migrate, CMD_DB | CMD_NO_MIGRATE,
	  "bring the database schema up to date",
	  "usage: fulcrum migrate\nApplies the versioned migrations this binary "
	  "knows and prints the schema version.\n" },
	{ "backup", cmd_backup, CMD_DB, "copy the database to a file, online",
	  "usage: fulcrum backup FILE\nCopies a SQLite database with SQLite's online "
	  "backup, while others keep using it.\n" },
	{ "verify", cmd_verify, CMD_DB, "check the history's hash chain",
	  "usage: fulcrum verify [--backup FILE]\n"
	  "Each organisation's history events form a chain: every event carries the\n"
	  "SHA-256 hash of the one before (docs/history.md). verify walks the acting\n"
	  "admin's organisation's chain, or with --backup a JSON backup's, and exits\n"
	  "0 printing the head hash (keep it elsewhere: a later verify shows the\n"
	  "history still reaches it), or exits 1 naming the first event altered,\n"
	  "inserted or deleted: 'refused (history-chain): event ID (ENTITY ID,\n"
	  "ACTION): what does not match'. 'import json' refuses such a backup too.\n" },
	{ "user", NULL, CMD_USER, "add, list, edit users; set passwords",
	  "E-mail addresses ignore case. A new password, or --active false, ends the\n"
	  "user's sessions and API tokens for good; the last active admin of the\n"
	  "organisation cannot be demoted or deactivated.\n", user_subcmds },
	{ "account", NULL, CMD_USER, "customer organisations",
	  NULL, account_subcmds },
	{ "contact", NULL, CMD_USER, "people at accounts",
	  "--timing takes FROM..TO (either side may be empty: 2026-01-01..).\n"
	  "sources: referral|inbound|outbound|event|web|other\n", contact_subcmds },
	{ "duplicates", NULL, CMD_USER, "likely duplicate contacts and accounts",
	  "Pairs that share an e-mail (ignoring case), a phone number (its last\n"
	  "nine digits), a domain, or, within an account, a name alike (case,\n"
	  "accents, initials, one slip), with the evidence; only records you may\n"
	  "see (docs/duplicates.md). 'contact add' and 'account add' refuse such a\n"
	  "record unless given --allow-duplicate.\n", duplicates_subcmds },
	{ "deal", NULL, CMD_USER, "deals and their moves through the process",
	  "A new deal starts at its process's first step and needs its agreed\n"
	  "next step (R1). advance checks the step's exit criteria (R2) and the\n"
	  "fulcrum (R3); --force (managers, admins) skips R2 and is recorded.\n",
	  deal_subcmds },
	{ "log", cmd_interaction, CMD_USER, "log an interaction and what was agreed",
	  "usage: fulcrum log call|meeting|email|web|visit --deal ID [--contact ID]\n"
	  "              [--notes TEXT] [--purpose TEXT] [--at TIME]\n"
	  "              [--planned | --reactive] [--comfort 0-5]\n"
	  "              (--agreed WHAT --due DATE [--type T] [--order] | --no-agreement)\n"
	  "  On an open deal every interaction records the agreed next step or that\n"
	  "  there was none (R1). An agreement raises the contact's comfort by one.\n"
	  "  --order: the customer placed the order (an agreement of type order,\n"
	  "  which a win needs), with the next step agreed after it.\n"
	  "  An interaction is planned when it keeps the agreed next step: it falls\n"
	  "  within the process's grace days of that step's due day; any other is\n"
	  "  reactive. --planned or --reactive says so instead (--planned needs an\n"
	  "  open next step).\n" },
	{ "next", NULL, CMD_USER, "set or complete a deal's agreed next step",
	  "types: appointment|demo|trial|evaluation|committee|proposal|order|follow-up|other\n", next_step_subcmds },
	{ "promises", NULL, CMD_USER, "record the promises missed",
	  "A promise (an open next step of an open deal) more than its process's\n"
	  "grace_days (default 2) past due is missed: recorded once per due day,\n"
	  "as an event \"missed\" on the next step, and counted in the discipline\n"
	  "report, which sweeps before it counts. Run 'promises sweep' daily from\n"
	  "cron so the history has it on time. See docs/promises.md.\n",
	  promise_subcmds },
	{ "want", NULL, CMD_USER, "record what the customer wants (the fulcrum)",
	  NULL, want_subcmds },
	{ "line-item", NULL, CMD_USER, "a deal's line items, which set its value",
	  "  While a deal has line items its value is their sum (each line:\n"
	  "  quantity x unit price, less its discount in percent) and cannot be\n"
	  "  set by hand; removing the last one leaves the value as it is.\n",
	  line_item_subcmds },
	{ "proposal", NULL, CMD_USER, "build, list, show and send a deal's proposal",
	  "  A proposal gives the customer's wants in their own words by\n"
	  "  importance, the offerings and how they give each, then the line\n"
	  "  items and totals: HTML styled for print (print it to PDF from a\n"
	  "  browser). Each build is a new version (v1, v2, ...) kept with the\n"
	  "  deal. send logs an e-mail on the deal that agrees the next step\n"
	  "  'proposal review' (type proposal) due --due DATE.\n",
	  proposal_subcmds },
	{ "offering", NULL, CMD_USER, "what you sell",
	  NULL, offering_subcmds },
	{ "fit", NULL, CMD_USER, "how an offering gives them a want",
	  NULL, fit_subcmds },
	{ "check", NULL, CMD_USER, "record the satisfaction check of a won deal",
	  "A score of 4 or 5 puts a referral ask and an expansion ask on the agenda.\n", check_subcmds },
	{ "referral", NULL, CMD_USER, "record a referral",
	  NULL, referral_subcmds },
	{ "merge", NULL, CMD_USER, "merge two contacts or two accounts into one",
	  "The survivor keeps its own value of each field, or the other's where\n"
	  "its own is empty; --take FIELD keeps the other's (--take FIELD=survivor\n"
	  "its own). Every reference moves to the survivor and the other record is\n"
	  "deleted; both histories stay. A merge is undone the same day.\n",
	  merge_subcmds },
	{ "agenda", cmd_agenda, CMD_USER, "what to do next, and why",
	  "usage: fulcrum agenda [--explain] [--limit N]\n"
	  "  Ranked: promises due, deals without a next step, checks and asks,\n"
	  "  stalled deals, deals ready to advance or blocked, contacts to engage.\n"
	  "  --explain prints each item's score and how it was computed.\n" },
	{ "pipeline", cmd_pipeline, CMD_USER, "open deals per step",
	  "usage: fulcrum pipeline [--process KEY]\n" },
	{ "search", cmd_search, CMD_USER, "find records by the words they hold",
	  "usage: fulcrum search TEXT [--kind K[,K...]] [--limit N]\n"
	  "Searches contacts, accounts, deals, interactions' notes, wants and next\n"
	  "steps for every word of TEXT, each as the start of a word (\"lov\" finds\n"
	  "Lovelace), accents ignored (\"jose\" finds José), best first, grouped\n"
	  "by kind, at most N (1-50, default 10) per kind, and only what you may\n"
	  "see. kinds: contact|account|deal|interaction|want|next_step\n"
	  "TEXT is at most 200 bytes and 16 words; punctuation separates words.\n" },
	{ "mail", NULL, CMD_USER, "mail in and out: the SMTP server, sending from "
	  "a deal, templates, the digest, received mail",
	  "The SMTP password is read from standard input (--password-stdin), never\n"
	  "from the command line, and stored sealed under the key in the file\n"
	  "FULCRUM_SECRET_KEY_FILE names (created, mode 0600, on first use); it is\n"
	  "never shown. The port defaults to 587 (starttls), 465 (tls) or 25\n"
	  "(none). `mail digest`, run from cron every few minutes, sends each active\n"
	  "user their digest and reminders once a day, at the time (UTC) they chose\n"
	  "(07:00 unless changed). `mail send` renders the template's merge fields\n"
	  "({{first_name}}, {{name}}, {{account}}, {{deal}}, {{wants}},\n"
	  "{{next_step}}, {{next_step_due}}, {{sender}}), sends, and logs the message\n"
	  "as an e-mail interaction; on an open deal give the next step it proposes\n"
	  "(--next-step WHAT --next-step-due DATE) or --no-next-step. A message the\n"
	  "server refuses logs nothing. `mail ingest` logs received messages (.eml)\n"
	  "as the BCC mailbox does: each once, by Message-ID. `mail fetch`, run from\n"
	  "cron or by `fulcrum serve` on its own, reads the BCC mailbox (IMAP; its\n"
	  "password read and sealed like the SMTP one). See docs/mail.md.\n",
	  mail_subcmds },
	{ "rate", NULL, CMD_USER, "the base currency and exchange rates",
	  "Totals, reports and the forecast convert each deal to the base currency\n"
	  "(default USD) at the latest rate on or before its close date (the day it\n"
	  "closed, for a closed deal), else on or before today; deals of a currency\n"
	  "without a rate are listed apart. A rate is what 1 unit of the currency is\n"
	  "worth in the base currency. Admins change them. See docs/money.md.\n",
	  rate_subcmds },
	{ "field", NULL, CMD_USER, "custom fields of contacts, accounts and deals",
	  "Admins define them; everyone sets values with --field KEY=VALUE on\n"
	  "contact, account and deal add and edit (KEY= clears one), and lists\n"
	  "filter with --where KEY=VALUE. Types: text, number, money (in the\n"
	  "field's --currency, default the base currency), date (YYYY-MM-DD),\n"
	  "choice (one of --choices), yesno, contact and account (a link, by id).\n"
	  "A deal field --required-at STEP joins that step's exit criteria. See\n"
	  "docs/custom-fields.md.\n", field_subcmds },
	{ "form", NULL, CMD_USER, "lead forms for the organisation's website",
	  "Admins define them. `fulcrum serve` shows each at /forms/KEY (a plain\n"
	  "HTML form, no sign-in) and takes posts at /forms/KEY/submit, form-\n"
	  "encoded or JSON, from the form's --origins (CORS); a post creates or\n"
	  "updates the contact (same e-mail: updated), source web, with the need\n"
	  "they typed, on the lead owner's Today. A hidden field, a limit per\n"
	  "address and a size limit keep robots out. See docs/forms.md.\n",
	  form_subcmds },
	{ "report", NULL, CMD_USER, "how the team follows the process, and the forecast",
	  "Definitions: docs/reports.md. --from/--to bound the period (inclusive\n"
	  "dates); --json prints the whole report, --csv its rows; a terminal\n"
	  "also gets a bar chart. --backtest --at DATE replays history as it\n"
	  "stood on DATE, forecasts, and prints the error of fixed and learned\n"
	  "forecasts, their calibration and Brier score; --at again for more\n"
	  "dates, or --every month --from DATE --to DATE.\n", report_subcmds },
	{ "process", NULL, CMD_USER, "sales processes and their steps",
	  NULL, process_subcmds },
	{ "demo", cmd_demo, CMD_DB, "seed a realistic demo team with a year of history",
	  "usage: fulcrum demo [--seed N] [--deals N] [--batch N]\n"
	  "                    [--path auto|services|bulk]\n"
	  "Creates the organisation 'Demo Company' when the database has none (else\n"
	  "adds to the first one): an admin, a manager and reps (one per 25,000\n"
	  "deals, at least 6), accounts, contacts, offerings and --deals deals\n"
	  "(default 200) in every step and status, with interactions, wants, fits,\n"
	  "checks, referrals and twelve months of history ending today (FULCRUM_NOW).\n"
	  "Every deal is recorded through the same rules as one entered by hand.\n"
	  "The same seed and size give the same data. Up to 20,000 deals go\n"
	  "through the core services one call at a time, committing every --batch\n"
	  "deals; beyond, on SQLite, a bulk path writes the same rows and history\n"
	  "in one transaction, building the indexes at the end (--batch: deals per\n"
	  "progress step; --path forces a path). New users get the password\n"
	  "'demo1234'.\n" },
	{ "serve", cmd_serve, CMD_DB, "run the HTTP API and the web UI",
	  "usage: fulcrum serve [--listen ADDR:PORT] [--threads N] [--secure-cookies]\n"
	  "                     [--body-max BYTES] [--trusted-proxy ADDR,...]\n"
	  "                     [--max-connections N] [--max-per-address N]\n"
	  "                     [--header-timeout S] [--body-timeout S]\n"
	  "                     [--metrics-listen ADDR:PORT]\n"
	  "  --listen          address and port (default 127.0.0.1:8080; port 0\n"
	  "                    picks a free one); prints 'listening on URL' when ready\n"
	  "  --threads         database connections shared by requests (default 8)\n"
	  "  --secure-cookies  mark the session cookie Secure (behind TLS)\n"
	  "  --body-max        request body cap in bytes (default 1048576)\n"
	  "  --trusted-proxy   load balancers whose X-Forwarded-For names the\n"
	  "                    client: login limits and --max-per-address count per\n"
	  "                    that client, and the proxy's own connections are not\n"
	  "                    limited per address\n"
	  "  --max-connections open connections at most (default 256); those still\n"
	  "                    receiving a request may hold half, the oldest of them\n"
	  "                    are dropped beyond\n"
	  "  --max-per-address open connections from one address (default 64); more\n"
	  "                    are refused (logged at most once a second)\n"
	  "  --header-timeout  seconds to receive a request's headers, also the\n"
	  "                    most a connection waits idle for the next (default 10)\n"
	  "  --body-timeout    seconds to receive a request's body (default 30)\n"
	  "  --metrics-listen  also serve GET /metrics here, without sign-in (on the\n"
	  "                    main address /metrics is for admins); prints\n"
	  "                    'metrics on URL'\n"
	  "SIGTERM or SIGINT stops accepting (a new request on an open connection\n"
	  "gets 503), answers the requests in flight, exits 0.\n" },
	{ "token", NULL, CMD_USER, "API tokens for the HTTP API",
	  "Use a token as 'Authorization: Bearer TOKEN'.\n", token_subcmds },
	{ "webhook", NULL, CMD_USER, "webhooks: post events to other tools (admins)",
	  "Events: deal.created deal.advanced deal.won deal.lost deal.reopened\n"
	  "  interaction.logged next_step.set next_step.done next_step.missed\n"
	  "  check.recorded referral.recorded contact.created contact.updated\n"
	  "  contact.merged account.created account.updated account.merged.\n"
	  "`fulcrum serve` posts them, signed with the secret (header\n"
	  "Fulcrum-Signature: t=UNIX_TIME,v1=HEX HMAC-SHA256 of \"t.body\"),\n"
	  "retrying with growing delays for a day; docs/webhooks.md.\n",
	  webhook_subcmds },
	{ "import", NULL, CMD_DB, "import CSV, vCard, or a JSON backup",
	  "  FILE '-' reads standard input.\n"
	  "  --preset NAME        column map of another CRM's export:\n"
	  "       generic     headers named as the fields below, and synonyms\n"
	  "       salesforce  Account.csv, Contact.csv, Lead.csv ('import leads'),\n"
	  "                   Opportunity.csv of a data export (their Ids link\n"
	  "                   contacts and deals to accounts), and\n"
	  "                   OpportunityHistory.csv for 'import history'\n"
	  "       hubspot     exports of companies, contacts and deals; the deals\n"
	  "                   export's 'Date entered \"STAGE (PIPELINE)\"' columns\n"
	  "                   (with 'Record ID') for 'import history'\n"
	  "       pipedrive   exports of organizations, people and deals\n"
	  "  --map 'Their Column=field,...'   add to or override the preset\n"
	  "  --map-file FILE      the same, one 'Their Column=field' a line\n"
	  "  --stage-map 'Their Stage=STEP|PHASE|won|lost,...'\n"
	  "  --delimiter , ; | tab (default: detected)   --date-format iso|us|eu\n"
	  "  --on-duplicate skip|update|error   (default skip; contacts match on\n"
	  "                       email in any case or a vCard's UID, accounts on\n"
	  "                       domain then name, any record on its external_id);\n"
	  "                       a skipped or merged row has its line in the\n"
	  "                       rejected rows' file saying why\n"
	  "  --allow-duplicates   import rows that are only likely duplicates (a\n"
	  "                       phone, a name alike at the account, a domain),\n"
	  "                       which are otherwise rejected with the evidence;\n"
	  "                       a contact row with an external_id not seen before\n"
	  "                       is a record of its own: imported, and flagged\n"
	  "                       for 'fulcrum duplicates' when likely another's\n"
	  "  --leads              the contacts are another CRM's leads (the same as\n"
	  "                       'import leads'): lead_status kept, open leads to\n"
	  "                       engage, a converted one (converted,\n"
	  "                       converted_contact_ref) linked to its contact\n"
	  "  --keep-unmapped      keep the columns no field takes: in the custom\n"
	  "                       field of that key or label, else (contacts) in\n"
	  "                       the notes, after 'Imported fields: Col: value; ...'\n"
	  "  --dry-run            check every row, keep nothing\n"
	  "  --preview N          (accounts, contacts, leads, deals) show the first N\n"
	  "                       rows (0-100), where each column goes, and what the\n"
	  "                       import with these options would do with each row:\n"
	  "                       a likely duplicate names the record that is there\n"
	  "                       and the evidence; keeps nothing, writes no file\n"
	  "  --resume             finish an import that stopped: skips the rows its\n"
	  "                       committed batches hold, exactly once\n"
	  "  --batch N            rows per transaction (default 500)\n"
	  "  --rejects FILE       where rejected rows go, with their reason ('-':\n"
	  "                       standard output, the summary then goes to standard\n"
	  "                       error); default FILE.rejected.csv beside the input,\n"
	  "                       or in the current folder when the input's folder\n"
	  "                       cannot be written or the input is standard input\n"
	  "                       (KIND.rejected.csv)\n"
	  "  fields: accounts: name domain industry size address status owner\n"
	  "            owner_ref\n"
	  "          contacts: name first_name last_name email phone mobile title\n"
	  "            source need notes tags timing_from timing_to comfort\n"
	  "            preferred_channel account account_ref account_id owner\n"
	  "            owner_ref lead_status converted converted_contact_ref\n"
	  "            converted_deal_ref; domain industry size fill the\n"
	  "            contact's account where it has none\n"
	  "          source: ours (referral inbound outbound event web other) or\n"
	  "            their label through built-in synonyms ('Online Form' is\n"
	  "            web, 'Cold Call' outbound, case and spaces aside); a label\n"
	  "            without one is other, the label kept as source_label\n"
	  "          deals: title account account_ref account_id contact contact_ref\n"
	  "            contact_id value currency close_date stage status lost_reason\n"
	  "            next_step next_step_due process owner owner_ref\n"
	  "          history: deal (their id of a deal imported before, or a Fulcrum\n"
	  "            id) stage date (a date, or an ISO date and time); or, with\n"
	  "            --preset hubspot, deal and a 'Date entered' column per stage:\n"
	  "            each date in one is a row of its own, counted and rejected\n"
	  "            alone (its STAGE through the stage map; 'Date exited' is\n"
	  "            ignored)\n"
	  "          all: external_id (their record id) created ignore\n"
	  "  account and contact hold names (matched, else created); *_ref hold the\n"
	  "  other CRM's ids of records imported before; *_id hold Fulcrum ids;\n"
	  "  owner holds a user's e-mail, full name (any case, accents optional; a\n"
	  "  name two users share is rejected naming both) or id; a row whose owner\n"
	  "  is no user is rejected. owner_ref (the presets' OwnerId, 'Deal owner',\n"
	  "  'Person - Owner'...) holds the other CRM's user id or name: a user\n"
	  "  'import users' or --owner-map recorded it for, else the user of that\n"
	  "  e-mail or name; else the row is yours and the summary's owners_unknown\n"
	  "  counts its rows by the owner the file names.\n"
	  "  'import users FILE' (Salesforce User.csv, HubSpot owners, Pipedrive\n"
	  "  users, or a CSV of id,email,name or first and last name, team) matches\n"
	  "  each row to a user (by the id recorded before, e-mail, then full name)\n"
	  "  or creates one: a rep, inactive and without a password until an admin\n"
	  "  sets one ('user passwd') and makes them active ('user edit --active\n"
	  "  true'); imported = created, updated = matched, skipped = known by id.\n"
	  "  --owner-map FILE ('their id or name=user e-mail', one a line) records\n"
	  "  owners by hand, with or without a users FILE. Admins only.\n"
	  "  'import activities FILE' (Salesforce Task.csv and Event.csv: WhoId,\n"
	  "  WhatId, Subject, Description, ActivityDate or StartDateTime, Status,\n"
	  "  TaskSubtype, Type, CallType, CallDisposition, CallDurationInSeconds,\n"
	  "  OwnerId; HubSpot calls/meetings/emails/notes/tasks: Record ID, Call\n"
	  "  Title or Meeting name..., Call notes..., Activity date or Meeting start\n"
	  "  time, Call status or Task status, Activity assigned to, Associated\n"
	  "  Contact IDs, Associated Deal IDs; Pipedrive: Activity - ID, Type,\n"
	  "  Subject, Done, Due date, Person, Deal, Assigned to user, Note): a done\n"
	  "  call, e-mail, meeting or visit becomes an interaction on its contact\n"
	  "  and deal, its agreement unknown (docs/reports.md); an open one the\n"
	  "  next step of its deal (or contact) where only the import's\n"
	  "  placeholder stands. A to-do, a note, or a second next step is skipped\n"
	  "  and a row naming no imported contact or deal rejected, each with its\n"
	  "  reason in the rejects file; a row imported before is skipped.\n"
	  "  'import salesforce|hubspot|pipedrive DIR' imports a whole export\n"
	  "  folder in order: salesforce User, Account, Contact, Lead (listed, not\n"
	  "  imported), Opportunity, OpportunityHistory, Task, Event; hubspot\n"
	  "  owners, companies, contacts, deals (and its 'Date entered' history),\n"
	  "  calls, emails, meetings, notes, tasks; pipedrive users,\n"
	  "  organizations, people, deals, activities (FILE.csv, any case). It\n"
	  "  prints rows read, imported, merged, skipped and rejected per file and\n"
	  "  per owner; any other CSV of the folder is listed, its rows skipped.\n"
	  "  --rejects DIR (default: the folder, else the current folder);\n"
	  "  --owner-map FILE after the users file (or without one). Admins.\n"
	  "  Imported deals get the history the file states and no more: created on\n"
	  "  'created' (default today) in the step their stage maps to, won or lost\n"
	  "  on close_date; a deal whose stage is only won or lost was created in\n"
	  "  the unknown step '?' (docs/reports.md says how reports count it).\n"
	  "  Events carry reason 'import'. 'import history' replays a stage history\n"
	  "  (a row per change) into the steps of deals imported before and not\n"
	  "  moved since, once each (reason 'import history'); an open deal then\n"
	  "  stands where its history ends. An open deal without next_step gets the\n"
	  "  next step 'Review imported deal' due today (R1); a won deal gets its\n"
	  "  satisfaction check (R4).\n"
	  "  Imports are for managers and admins. Exit 1 when a row was rejected.\n", import_subcmds },
	{ "export", NULL, CMD_USER, "export lists as CSV, vCard, iCalendar, JSON",
	  "  Without FILE, or with FILE '-', the export goes to stdout. A CSV cell\n"
	  "  that a spreadsheet could take for a formula (starting, after spaces, with\n"
	  "  = + - @ tab or CR, and not a plain number) gets a leading '; --raw\n"
	  "  writes cells as they are. 'fulcrum import' takes the ' off again.\n"
	  "  ical: your open next steps and pending satisfaction checks.\n"
	  "  --new-feed-token prints a new secret address BASE/cal/TOKEN.ics of the\n"
	  "  same calendar for 'fulcrum serve'; the earlier one stops working.\n"
	  "  json: the whole organisation, ids kept, password hashes included (the\n"
	  "  file is created readable only by you); 'fulcrum import json' restores it\n"
	  "  into an empty SQLite or PostgreSQL database. Sessions and API tokens\n"
	  "  are not included.\n", export_subcmds },
	{ NULL, NULL, 0, NULL, NULL, NULL }
};

const struct cmd *cli_command_find(const char *name)
{
	for (const struct cmd *c = cli_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int cmd_help(struct cli *cli, int argc, char **argv)
{
	if (argc > 1) {
		const struct cmd *c = cli_command_find(argv[1]);
		if (!c) {
			fprintf(stderr, "fulcrum: unknown command '%s'\n", argv[1]);
			return EXIT_USAGE;
		}
		printf("fulcrum %s: %s\n\n", c->name, c->summary);
		if (c->subs) {
			cli_subcmd_help(c, stdout);
			if (c->usage)
				putchar('\n');
		}
		if (c->usage)
			fputs(c->usage, stdout);
		return EXIT_OK;
	}
	printf("usage: fulcrum [--db PATH|postgres://...] [--as EMAIL] [--json] [--csv]\n"
	       "               [--quiet] COMMAND [ARGS]\n\n"
	       "Fulcrum runs a sales team on its sales process: engage, comfort,\n"
	       "discover (the fulcrum), present, agree, follow up.\n\ncommands:\n");
	for (const struct cmd *c = cli_commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\nThe database is --db, else $FULCRUM_DB, else ./fulcrum.db. --as picks the\n"
	       "acting user (default: the first admin). FULCRUM_NOW fixes the clock.\n"
	       "exit codes: 0 ok, 1 refused by a rule or validation, 2 usage,\n"
	       "3 not found, 4 storage or system failure.\n"
	       "'fulcrum help COMMAND' tells more.\n");
	return EXIT_OK;
}
