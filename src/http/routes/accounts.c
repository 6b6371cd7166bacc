/* Accounts (customer organisations): /api/v1/accounts.
 * Plain records: every rule is in core's record layer (core/record.h). */
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(accounts, &entity_account)

const struct route routes_accounts[] = {
	{ "GET", "/api/v1/accounts", accounts_list, 0,
	  "List accounts" },
	{ "POST", "/api/v1/accounts", accounts_create, ROUTE_JSON_BODY,
	  "Create an account" },
	{ "GET", "/api/v1/accounts/{id}", accounts_get, 0,
	  "Read an account" },
	{ "PATCH", "/api/v1/accounts/{id}", accounts_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update an account" },
	{ "DELETE", "/api/v1/accounts/{id}", accounts_delete, ROUTE_IF_MATCH,
	  "Delete an account" },
	ROUTE_END
};
