/* A violated constraint in the user's words. Each backend says which kind
 * of constraint failed and on what table and column as far as it knows;
 * this file turns that into a message about the thing and the field (a
 * user's e-mail, a process's key), never SQL text. The backend's own
 * words stay in db->detail, for a log. See db.h, db_set_violation(). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* Unique keys with a message of their own. */
static const struct {
	const char *table, *column, *message;
} unique_keys[] = {
	{ "users", "email", "a user with this e-mail already exists" },
	{ "processes", "key", "a process with this key already exists" },
	{ "steps", "key", "the process already has a step with this key" },
	{ "stakeholders", "contact_id", "the contact is already a stakeholder "
	  "of the deal" },
	{ "shares", "user_id", "the record is already shared with this user" },
};

/* Indexes on expressions, which SQLite names instead of their columns. */
static const struct {
	const char *index, *table, *column;
} named_indexes[] = {
	{ "users_email_ci", "users", "email" },
};

/* What a table holds, for the generic messages. */
static const struct {
	const char *table, *thing;
} things[] = {
	{ "orgs", "organisation" }, { "users", "user" },
	{ "api_tokens", "token" }, { "sessions", "session" },
	{ "processes", "process" }, { "steps", "step" },
	{ "accounts", "account" }, { "contacts", "contact" },
	{ "deals", "deal" }, { "stakeholders", "stakeholder" },
	{ "shares", "share" }, { "offerings", "offering" },
	{ "interactions", "interaction" }, { "wants", "want" },
	{ "fits", "fit" }, { "next_steps", "next step" },
	{ "checks", "check" }, { "asks", "ask" },
	{ "referrals", "referral" }, { "events", "event" },
};

static const char *thing_of(const char *table)
{
	for (size_t i = 0; table && i < ARRAY_SIZE(things); i++)
		if (!strcmp(things[i].table, table))
			return things[i].thing;
	return "record";
}

/* The JSON field a column is read as (money columns end in _cents, the
 * name they kept from before amounts were in minor units). */
static void field_of(const char *column, char *out, size_t n)
{
	size_t len = strlen(column);
	if (len > 6 && !strcmp(column + len - 6, "_cents"))
		len -= 6;
	if (len >= n)
		len = n - 1;
	memcpy(out, column, len);
	out[len] = '\0';
}

int db_set_violation(struct db *db, enum db_violation kind,
		     const char *table, const char *column, const char *detail)
{
	char field[64] = "";
	int rc;

	if (table && !*table)
		table = NULL;
	if (column && *column)
		field_of(column, field, sizeof(field));
	switch (kind) {
	case DBV_UNIQUE:
		for (size_t i = 0; table && field[0] && i < ARRAY_SIZE(unique_keys); i++)
			if (!strcmp(unique_keys[i].table, table) &&
			    !strcmp(unique_keys[i].column, field)) {
				rc = db_set_error(db, FC_ECONFLICT, "%s",
						  unique_keys[i].message);
				goto out;
			}
		rc = db_set_error(db, FC_ECONFLICT, "conflicts with an existing %s",
				  thing_of(table));
		break;
	case DBV_NOT_NULL:
		if (field[0])
			rc = db_set_error(db, FC_ECONFLICT, "a %s needs '%s': it "
					  "cannot be empty", thing_of(table), field);
		else
			rc = db_set_error(db, FC_ECONFLICT, "a required value is "
					  "missing");
		break;
	case DBV_FOREIGN_KEY:
		rc = db_set_error(db, FC_ECONFLICT, "refers to a record that does "
				  "not exist, or is still referred to by other "
				  "records");
		break;
	case DBV_CHECK:
		if (field[0])
			rc = db_set_error(db, FC_ECONFLICT, "'%s' has a value that "
					  "is not allowed", field);
		else
			rc = db_set_error(db, FC_ECONFLICT, "a value is out of its "
					  "allowed range");
		break;
	case DBV_RETRY:
		rc = db_set_error(db, FC_ECONFLICT, "a concurrent change got in "
				  "the way: try again");
		break;
	default:
		rc = db_set_error(db, FC_ECONFLICT, "conflicts with existing "
				  "records");
		break;
	}
out:
	snprintf(db->detail, sizeof(db->detail), "%s", detail ? detail : "");
	return rc;
}

/* Copies the identifier that starts at P (letters, digits, _) into OUT. */
static const char *ident(const char *p, char *out, size_t n)
{
	size_t j = 0;
	while (*p && (isalnum((unsigned char)*p) || *p == '_')) {
		if (j + 1 < n)
			out[j++] = *p;
		p++;
	}
	out[j] = '\0';
	return p;
}

void db_violation_columns(const char *list, char *table, size_t tn,
			  char *column, size_t cn)
{
	char word[64];
	const char *p = list;

	table[0] = column[0] = '\0';
	if (!list)
		return;
	if (!strncmp(p, "index '", 7)) {
		ident(p + 7, word, sizeof(word));
		for (size_t i = 0; i < ARRAY_SIZE(named_indexes); i++)
			if (!strcmp(named_indexes[i].index, word)) {
				snprintf(table, tn, "%s", named_indexes[i].table);
				snprintf(column, cn, "%s", named_indexes[i].column);
			}
		return;
	}
	/* "t.a, t.b" (SQLite) or "a, lower(b)" (PostgreSQL's key): the last
	 * column that is not the organisation is the one the user knows */
	for (int depth = 0; *p; ) {
		while (*p == ' ')
			p++;
		p = ident(p, word, sizeof(word));
		if (*p == '(') {	/* a function: its argument is the column */
			depth++;
			p = ident(p + 1, word, sizeof(word));
		}
		if (*p == '.') {
			snprintf(table, tn, "%s", word);
			p = ident(p + 1, word, sizeof(word));
		}
		if (word[0] && strcmp(word, "org_id"))
			snprintf(column, cn, "%s", word);
		for (; *p && *p != ','; p++)
			if (*p == ')' && depth-- == 0)
				return;	/* the end of the key's list */
		if (*p == ',')
			p++;
	}
}
