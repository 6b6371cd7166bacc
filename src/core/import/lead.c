/* Leads of another CRM (`fulcrum import leads`): each is a contact, with
 * the lead's status there kept (lead_status) and, while the lead is open,
 * a need and a timing window that opens when the lead was created, so it
 * stands at the engage step of its owner's agenda (core/agenda.c's engage
 * list) until someone engages or disqualifies them. */
#include <stdio.h>
#include <string.h>

#include "core/import/internal.h"
#include "core/import/picklist.h"
#include "util/buf.h"
#include "util/banned.h"

#define LEAD_STATUS_MAX 50	/* bytes of contacts' lead_status */

void import_lead_fields(json_t *in, json_t **extra, const char *status,
			const char *source_label, const char *created,
			const char *today)
{
	if (!*extra)
		*extra = json_object();
	if (status)
		json_object_set_new(*extra, "lead_status", json_stringn(status,
			picklist_cut(status, LEAD_STATUS_MAX)));
	if (!in || picklist_lead_closed(status) || json_object_get(in, "need"))
		return;
	struct buf need = BUF_INIT;
	buf_adds(&need, "not yet known (an imported lead");
	if (status)
		buf_addf(&need, ", %.50s", status);
	if (source_label)
		buf_addf(&need, ", from %.100s", source_label);
	buf_adds(&need, ")");
	json_object_set_new(in, "need", json_string(need.s));
	buf_release(&need);
	if (!json_object_get(in, "timing_from"))
		json_object_set_new(in, "timing_from", json_string(created && *created
								   ? created : today));
}
