/* The organisation's outgoing mail server (/api/v1/mail/settings, admins;
 * the password is written, never read back: "password_set" says whether
 * one is stored), a test message through it, and each user's own morning
 * digest and reminders (/api/v1/mail/preferences), and the BCC mailbox
 * incoming mail is read from (/api/v1/mail/mailbox, admins, the password
 * likewise never read back) (docs/mail.md). */
#include "core/digest.h"
#include "core/mail-mailbox.h"
#include "core/mail-send.h"
#include "core/mail-settings.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static const char *const securities[] = { "starttls", "tls", "none", NULL };

static int settings_answer(struct req *r)
{
	struct mail_settings s;
	int rc = mail_settings_get(&r->ctx, &s, &r->err);
	if (rc)
		return rc;
	resp_json(r, 200, mail_settings_json(&s));
	return 0;
}

static int settings_get(struct req *r)
{
	return settings_answer(r);
}

static const struct body_field settings_body[] = {
	{ "host", BODY_TEXT, 0, MAIL_HOST_MAX, NULL, 0 },
	{ "port", BODY_INT, 0, 65535, NULL, 1 },
	{ "security", BODY_TEXT, 0, 8, securities, 0 },
	{ "username", BODY_TEXT, 0, MAIL_USER_MAX, NULL, 0 },
	{ "password", BODY_TEXT, 0, SECRET_MAX, NULL, 0 },
	{ "from_address", BODY_TEXT, 0, MAIL_ADDRESS_MAX, NULL, 0 },
	{ "from_name", BODY_TEXT, 0, MAIL_NAME_MAX, NULL, 0 },
	{ "base_url", BODY_TEXT, 0, MAIL_BASE_URL_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

/* PUT: the fields given change, the others stay; "password": "" removes
 * the password. */
static int settings_put(struct req *r)
{
	int rc = mail_settings_set(&r->ctx, r->body, &r->err);
	return rc ? rc : settings_answer(r);
}

static const struct body_field test_body[] = {
	{ "to", BODY_TEXT, 1, MAIL_ADDRESS_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int test_post(struct req *r)
{
	const char *to = body_text(r, "to");
	int rc = mail_send_test(&r->ctx, to, &r->err);
	if (rc)
		return rc;
	resp_json(r, 200, json_pack("{s:s}", "sent_to", to));
	return 0;
}

static int mailbox_answer(struct req *r)
{
	struct mail_mailbox m;
	int rc = mail_mailbox_get(&r->ctx, &m, &r->err);
	if (rc)
		return rc;
	resp_json(r, 200, mail_mailbox_json(&m));
	return 0;
}

static int mailbox_get(struct req *r)
{
	return mailbox_answer(r);
}

static const char *const imap_securities[] = { "tls", "starttls", "none",
						NULL };
static const char *const afters[] = { "seen", "move", NULL };

static const struct body_field mailbox_body[] = {
	{ "host", BODY_TEXT, 0, MAIL_HOST_MAX, NULL, 0 },
	{ "port", BODY_INT, 0, 65535, NULL, 1 },
	{ "security", BODY_TEXT, 0, 8, imap_securities, 0 },
	{ "username", BODY_TEXT, 0, MAIL_USER_MAX, NULL, 0 },
	{ "password", BODY_TEXT, 0, SECRET_MAX, NULL, 0 },
	{ "folder", BODY_TEXT, 0, MAILBOX_FOLDER_MAX, NULL, 0 },
	{ "after_logged", BODY_TEXT, 0, 7, afters, 0 },
	{ "move_to", BODY_TEXT, 0, MAILBOX_FOLDER_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

/* PUT: the fields given change, the others stay; "password": "" removes
 * the password. */
static int mailbox_put(struct req *r)
{
	int rc = mail_mailbox_set(&r->ctx, r->body, &r->err);
	return rc ? rc : mailbox_answer(r);
}

static int prefs_answer(struct req *r)
{
	struct digest_prefs p;
	int rc = digest_prefs_get(&r->ctx, r->ctx.user.id, &p, &r->err);
	if (rc)
		return rc;
	resp_json(r, 200, digest_prefs_json(&p));
	return 0;
}

static int prefs_get(struct req *r)
{
	return prefs_answer(r);
}

static const struct body_field prefs_body[] = {
	{ "digest", BODY_BOOL, 0, 0, NULL, 0 },
	{ "reminders", BODY_BOOL, 0, 0, NULL, 0 },
	{ "time", BODY_TEXT, 0, 5, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int prefs_put(struct req *r)
{
	int rc = digest_prefs_set(&r->ctx, r->ctx.user.id, r->body, &r->err);
	return rc ? rc : prefs_answer(r);
}

const struct route routes_mail[] = {
	{ "GET", "/api/v1/mail/mailbox", mailbox_get, ROUTE_ADMIN,
	  "The BCC mailbox (IMAP) incoming mail is read from (admins)",
	  .doc = { .result = "MailMailbox" } },
	{ "PUT", "/api/v1/mail/mailbox", mailbox_put,
	  ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Change the BCC mailbox (admins; fields left out keep their value)",
	  .doc = { .body = "MailMailboxInput", .fields = mailbox_body,
		   .result = "MailMailbox" } },
	{ "GET", "/api/v1/mail/preferences", prefs_get, 0,
	  "Your morning digest and reminders",
	  .doc = { .result = "MailPreferences" } },
	{ "PUT", "/api/v1/mail/preferences", prefs_put, ROUTE_JSON_BODY,
	  "Turn your digest or reminders on or off, or choose the digest's time",
	  .doc = { .body = "MailPreferences", .fields = prefs_body,
		   .result = "MailPreferences" } },
	{ "GET", "/api/v1/mail/settings", settings_get, ROUTE_ADMIN,
	  "The SMTP server mail is sent through (admins)",
	  .doc = { .result = "MailSettings" } },
	{ "PUT", "/api/v1/mail/settings", settings_put,
	  ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Change the SMTP server (admins; fields left out keep their value)",
	  .doc = { .body = "MailSettingsInput", .fields = settings_body,
		   .result = "MailSettings" } },
	{ "POST", "/api/v1/mail/test", test_post, ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Send a test message through the SMTP server (admins)",
	  .doc = { .body = "MailTest", .fields = test_body,
		   .result = "MailTestSent" } },
	ROUTE_END
};
