/* Exchange rates (/api/v1/rates: plain records, everyone reads, admins
 * write; the rules are core/rate.c's) and the organisation's base currency
 * (/api/v1/base-currency) that reports convert to (docs/money.md). */
#include "core/rate.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

CRUD_HANDLERS(rates, &entity_rate)

static int base_answer(struct req *r, int status)
{
	char code[4];
	int rc = rate_base_currency(&r->ctx, code, &r->err);
	if (rc)
		return rc;
	resp_json(r, status, json_pack("{s:s}", "currency", code));
	return 0;
}

static int base_get(struct req *r)
{
	return base_answer(r, 200);
}

static const struct body_field base_body[] = {
	{ "currency", BODY_TEXT, 1, 3, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

/* PUT {"currency": "EUR"}: admins; refused while EUR has rates. */
static int base_put(struct req *r)
{
	int rc = rate_set_base_currency(&r->ctx, body_text(r, "currency"),
					&r->err);
	return rc ? rc : base_answer(r, 200);
}

const struct route routes_rates[] = {
	{ "GET", "/api/v1/rates", rates_list, 0,
	  "List exchange rates" },
	{ "POST", "/api/v1/rates", rates_create, ROUTE_JSON_BODY,
	  "Create an exchange rate (admins)" },
	{ "GET", "/api/v1/rates/{id}", rates_get, 0,
	  "Read an exchange rate" },
	{ "PATCH", "/api/v1/rates/{id}", rates_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Change an exchange rate (admins)" },
	{ "DELETE", "/api/v1/rates/{id}", rates_delete, ROUTE_IF_MATCH,
	  "Delete an exchange rate (admins)" },
	{ "GET", "/api/v1/base-currency", base_get, 0,
	  "The base currency reports convert to",
	  .doc = { .result = "BaseCurrency" } },
	{ "PUT", "/api/v1/base-currency", base_put, ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Set the base currency (admins)",
	  .doc = { .body = "BaseCurrency", .fields = base_body,
		   .result = "BaseCurrency",
		   .flags = DOC_CONFLICT } },
	ROUTE_END
};
