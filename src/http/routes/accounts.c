/* Accounts (customer organisations): /api/v1/accounts.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(accounts, &entity_account)

const struct route routes_accounts[] = {
	{ "GET", "/api/v1/accounts", accounts_list, 0 },
	{ "POST", "/api/v1/accounts", accounts_create, ROUTE_JSON_BODY },
	{ "GET", "/api/v1/accounts/{id}", accounts_get, 0 },
	{ "PATCH", "/api/v1/accounts/{id}", accounts_update, ROUTE_JSON_BODY },
	{ "DELETE", "/api/v1/accounts/{id}", accounts_delete, 0 },
	ROUTE_END
};
