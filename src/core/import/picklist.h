/* Picklist values of other CRMs (a lead source, an account type) read as
 * ours through one table of synonyms, some for every file and some for
 * one preset's export only. Labels match without regard to case, spaces,
 * hyphens or underscores ("Online Form", "ONLINE_FORM" and "online-form"
 * are one). A label the table does not know never costs a row: the caller
 * keeps it beside the value "other" (contacts' source_label). */
#ifndef FC_CORE_IMPORT_PICKLIST_H
#define FC_CORE_IMPORT_PICKLIST_H

#include <stddef.h>

enum picklist { PICKLIST_SOURCE, PICKLIST_ACCOUNT_STATUS };

#define PICKLIST_LABEL_MAX 100	/* bytes of a kept label (source_label) */

/* Our value of LABEL in picklist P for an export of PRESET (NULL or
 * "generic": only the synonyms every file may use): one of our own values
 * (whatever its case) is itself; NULL when the table has no synonym. */
const char *picklist_value(enum picklist p, const char *preset,
			   const char *label);

/* 1 when a lead's STATUS in the other CRM says it is done with: closed,
 * unqualified, disqualified, junk or converted ("Closed - Not Converted",
 * "UNQUALIFIED"); such a lead is kept off the engage list. */
int picklist_lead_closed(const char *status);

/* 1 when a yes/no column says yes: 1, true, yes, y (any case). */
int picklist_yes(const char *s);

/* The bytes of S to keep of it at most MAX, cut at a character's start. */
size_t picklist_cut(const char *s, size_t max);

/* 1 when A and B are one label (case, spaces, '-' and '_' aside). */
int picklist_same(const char *a, const char *b);

#endif
