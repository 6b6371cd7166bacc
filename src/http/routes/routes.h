/* Every slice of the route table, one per file in this folder; router.c
 * concatenates them. */
#ifndef FC_HTTP_ROUTES_ROUTES_H
#define FC_HTTP_ROUTES_ROUTES_H

#include "http/http.h"

extern const struct route routes_health[];
extern const struct route routes_auth[];
extern const struct route routes_tokens[];
extern const struct route routes_webhooks[];
extern const struct route routes_accounts[];
extern const struct route routes_contacts[];
extern const struct route routes_deals[];
extern const struct route routes_wants[];
extern const struct route routes_line_items[];
extern const struct route routes_proposals[];
extern const struct route routes_offerings[];
extern const struct route routes_fits[];
extern const struct route routes_interactions[];
extern const struct route routes_next_steps[];
extern const struct route routes_checks[];
extern const struct route routes_referrals[];
extern const struct route routes_asks[];
extern const struct route routes_board[];
extern const struct route routes_users[];
extern const struct route routes_processes[];
extern const struct route routes_rates[];
extern const struct route routes_mail[];
extern const struct route routes_mail_compose[];
extern const struct route routes_fields[];
extern const struct route routes_agenda[];
extern const struct route routes_reports[];
extern const struct route routes_import_export[];
extern const struct route routes_calendar[];
extern const struct route routes_timeline[];
extern const struct route routes_merges[];
extern const struct route routes_verify[];
extern const struct route routes_search[];
extern const struct route routes_duplicates[];
extern const struct route routes_forms[];
extern const struct route routes_openapi[];

#endif
