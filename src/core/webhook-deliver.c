/* Posting webhook deliveries with libcurl; see webhook-deliver.h. */
#include <curl/curl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/lease.h"
#include "core/webhook-deliver.h"
#include "core/webhook-sign.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define ORGS_PER_PASS 64
#define BATCH 20

int64_t webhook_clock_ms(void)
{
	return lease_clock_ms();
}

/* Takes or renews ORG's lease for HOLDER: 1 held, 0 another holds it, <0. */
static int lease(struct db *db, int64_t org, const char *holder)
{
	return lease_take(db, "webhook", org, holder, WEBHOOK_LEASE_MS);
}

/* A delivery to post: its row and its subscription's address and key. */
struct delivery {
	int64_t id, event_id, attempts;
	char *name, *body, *url, *secret;
};

static void delivery_free(struct delivery *d)
{
	free(d->name);
	free(d->body);
	free(d->url);
	if (d->secret)
		sodium_memzero(d->secret, strlen(d->secret));
	free(d->secret);
}

/* The due deliveries of ORG with no earlier pending delivery of their
 * record (and subscription), oldest first. */
static int due(struct db *db, int64_t org, struct delivery *out, int *n)
{
	int rc;
	struct db_stmt *st = db_prepare(db, "SELECT o.id, o.event_id, o.name, "
		"o.body, o.attempts, w.url, w.secret FROM webhook_outbox o JOIN "
		"webhooks w ON w.org_id = o.org_id AND w.id = o.webhook_id WHERE "
		"o.org_id = ? AND o.state = 'pending' AND o.next_at <= ? AND NOT "
		"EXISTS (SELECT 1 FROM webhook_outbox p WHERE p.org_id = o.org_id"
		" AND p.webhook_id = o.webhook_id AND p.entity = o.entity AND "
		"p.entity_id = o.entity_id AND p.state = 'pending' AND p.id < "
		"o.id) ORDER BY o.id LIMIT ?");
	*n = 0;
	if (!st)
		return -1;
	db_bindf(st, "iii", org, webhook_clock_ms(), (int64_t)BATCH);
	while ((rc = db_step(st)) > 0 && *n < BATCH) {
		struct delivery *d = &out[(*n)++];
		d->id = db_col_int(st, 0);
		d->event_id = db_col_is_null(st, 1) ? 0 : db_col_int(st, 1);
		d->name = xstrdup(db_col_text(st, 2));
		d->body = xstrdup(db_col_text(st, 3));
		d->attempts = db_col_int(st, 4);
		d->url = xstrdup(db_col_text(st, 5));
		d->secret = xstrdup(db_col_text(st, 6));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* The receiver's answer is read and dropped. */
static size_t discard(char *ptr, size_t size, size_t n, void *arg)
{
	return size * n;
}

/* Posts D: the HTTP status (0 when none came), ERRBUF the failure. */
static long post(CURL *c, const struct delivery *d, char *errbuf)
{
	char sig[WEBHOOK_SIGNATURE_MAX], h[3][160];
	struct curl_slist *hdr = NULL;
	long code = 0;
	size_t len = strlen(d->body);

	webhook_sign(d->secret, (int64_t)time(NULL), d->body, len, sig);
	snprintf(h[0], sizeof(h[0]), "Fulcrum-Signature: %s", sig);
	if (d->event_id)
		snprintf(h[1], sizeof(h[1]), "Fulcrum-Event-Id: %" PRId64,
			 d->event_id);
	else
		snprintf(h[1], sizeof(h[1]), "Fulcrum-Event-Id: ping-%" PRId64,
			 d->id);
	snprintf(h[2], sizeof(h[2]), "Fulcrum-Event: %s", d->name);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "User-Agent: Fulcrum-Webhooks/1");
	hdr = curl_slist_append(hdr, "Expect:");
	for (int i = 0; i < 3; i++)
		hdr = curl_slist_append(hdr, h[i]);
	char delivery[64];
	snprintf(delivery, sizeof(delivery), "Fulcrum-Delivery: %" PRId64, d->id);
	hdr = curl_slist_append(hdr, delivery);

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, d->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, d->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 (long)WEBHOOK_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)WEBHOOK_POST_TIMEOUT_MS);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	errbuf[0] = '\0';
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	else if (!errbuf[0])
		snprintf(errbuf, CURL_ERROR_SIZE, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(hdr);
	return code;
}

/* Records the outcome of posting D for ORG in one transaction: delivered,
 * or due again after the schedule's delay, or, its attempts spent, failed,
 * and its subscription failing. */
static int record(struct db *db, int64_t org, const struct delivery *d,
		  long code, const char *error, int64_t base_ms)
{
	char now[TIME_LEN];
	int64_t attempts = d->attempts + 1;
	int rc = 0;
	time_format((int64_t)time(NULL), now);
	if (db_begin(db, 1))
		return -1;
	if (code >= 200 && code < 300) {
		rc = db_run(db, "UPDATE webhook_outbox SET state = 'delivered', "
			    "attempts = ?, last_at = ?, last_code = ?, last_error = "
			    "NULL, delivered_at = ? WHERE org_id = ? AND id = ?",
			    "isisii", attempts, now, (int64_t)code, now, org, d->id);
		if (rc >= 0)
			rc = db_run(db, "UPDATE webhooks SET state = 'active', "
				    "failing_since = NULL WHERE org_id = ? AND id = "
				    "(SELECT webhook_id FROM webhook_outbox WHERE "
				    "org_id = ? AND id = ?) AND state = 'failing'",
				    "iii", org, org, d->id);
	} else {
		char why[CURL_ERROR_SIZE + 32];
		int spent = attempts >= WEBHOOK_ATTEMPTS;
		double jitter = randombytes_uniform(1000000) / 1e6;
		if (code)
			snprintf(why, sizeof(why), "the receiver answered %ld", code);
		else
			snprintf(why, sizeof(why), "%s", error);
		struct db_stmt *st = db_prepare(db, "UPDATE webhook_outbox SET "
			"state = ?, attempts = ?, next_at = ?, last_at = ?, "
			"last_code = ?, last_error = ? WHERE org_id = ? AND id = ?");
		if (!st)
			rc = -1;
		else {
			db_bindf(st, "siis", spent ? "failed" : "pending", attempts,
				 webhook_clock_ms() + webhook_backoff_ms(base_ms,
						(int)attempts, jitter), now);
			if (code)
				db_bind_int(st, 5, code);
			else
				db_bind_null(st, 5);
			db_bind_text(st, 6, why);
			db_bind_int(st, 7, org);
			db_bind_int(st, 8, d->id);
			rc = db_step(st);
			db_done(st);
		}
		if (rc >= 0 && spent)
			rc = db_run(db, "UPDATE webhooks SET state = 'failing', "
				    "failing_since = COALESCE(failing_since, ?) WHERE "
				    "org_id = ? AND id = (SELECT webhook_id FROM "
				    "webhook_outbox WHERE org_id = ? AND id = ?)",
				    "siii", now, org, org, d->id);
	}
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) ? -1 : 0;
}

static int deliver_org(struct db *db, CURL *c, int64_t org,
		       struct webhook_pass *p)
{
	struct delivery batch[BATCH];
	char errbuf[CURL_ERROR_SIZE];
	int n, rc = 0;

	for (;;) {
		if (due(db, org, batch, &n)) {
			for (int i = 0; i < n; i++)
				delivery_free(&batch[i]);
			return -1;
		}
		if (!n)
			return 0;
		for (int i = 0; i < n && !rc; i++) {
			int held = *p->stopping ? 0 : lease(db, org, p->holder);
			if (held <= 0) {
				rc = held < 0 ? -1 : 1;
				break;
			}
			long code = post(c, &batch[i], errbuf);
			p->posted++;
			if (record(db, org, &batch[i], code, errbuf, p->base_ms))
				rc = -1;
		}
		for (int i = 0; i < n; i++)
			delivery_free(&batch[i]);
		if (rc)
			return rc < 0 ? -1 : 0;
	}
}

int webhook_deliver_pass(struct db *db, struct webhook_pass *p,
			 struct fc_error *err)
{
	int64_t orgs[ORGS_PER_PASS];
	int n = 0, rc;
	CURL *c = NULL;

	p->next_ms = 0;
	if (webhook_clock_ms() - p->pruned_ms > 3600 * 1000) {
		char before[TIME_LEN];
		time_format((int64_t)time(NULL) - WEBHOOK_LOG_DAYS * 86400, before);
		if (db_run(db, "DELETE FROM webhook_outbox WHERE state <> 'pending' "
			   "AND created_at < ?", "s", before) < 0)
			return db_error(db, err);
		p->pruned_ms = webhook_clock_ms();
	}
	struct db_stmt *st = db_prepare(db, "SELECT DISTINCT org_id FROM "
		"webhook_outbox WHERE state = 'pending' AND next_at <= ? ORDER BY "
		"org_id");
	if (!st)
		return db_error(db, err);
	db_bind_int(st, 1, webhook_clock_ms());
	while ((rc = db_step(st)) > 0 && n < ORGS_PER_PASS)
		orgs[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return db_error(db, err);
	if (n && !(c = curl_easy_init()))
		return fc_fail(err, FC_ESTORE, NULL, "libcurl could not start");
	for (int i = 0; i < n && !*p->stopping; i++) {
		int held = lease(db, orgs[i], p->holder);
		if (held < 0 || (held && deliver_org(db, c, orgs[i], p))) {
			curl_easy_cleanup(c);
			return db_error(db, err);
		}
	}
	if (n)
		curl_easy_cleanup(c);
	if (db_query_int(db, &p->next_ms, "SELECT COALESCE(MIN(next_at), 0) FROM "
			 "webhook_outbox WHERE state = 'pending'", ""))
		return db_error(db, err);
	return 0;
}
