/* The history's hash chain: the documented serialisation byte for byte, its
 * SHA-256, what changes the hash, and the walk that names the first event
 * altered, inserted or deleted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/chain.h"
#include "core/verify.h"

static struct chain_event sample(void)
{
	struct chain_event ev = { .id = 7, .org_id = 1,
		.at = "2026-03-02T09:00:00Z", .actor_id = 3, .has_actor = 1,
		.entity = "deal", .entity_id = 12, .action = "advance",
		.from_step = "engage", .to_step = "comfort", .reason = NULL,
		.data = "{\"note\":\"a\nb\"}", .prev_hash = CHAIN_GENESIS };
	return ev;
}

static void test_serialisation(void **state)
{
	struct chain_event ev = sample();
	struct buf b = BUF_INIT;
	(void)state;
	chain_serialise(&ev, &b);
	assert_string_equal(b.s, "fulcrum-event-1\nid=7\norg_id=1\n"
		"at=20:2026-03-02T09:00:00Z\nactor_id=3\nentity=4:deal\n"
		"entity_id=12\naction=7:advance\nfrom_step=6:engage\n"
		"to_step=7:comfort\nreason=-\ndata=14:{\"note\":\"a\nb\"}\n"
		"prev_hash=64:" CHAIN_GENESIS "\n");
	buf_release(&b);
}

static void test_hash(void **state)
{
	struct chain_event ev = sample();
	char h[CHAIN_HEX + 1], other[CHAIN_HEX + 1];
	(void)state;
	/* sha256 of the text above, computed apart */
	chain_hash(&ev, h);
	assert_string_equal(h, "c124cc2af87720c63bb0c3870e19aa84ac1c64c1d9355558"
			    "515f4d8c9d7d25e2");
	/* NULL and "" differ, and so does a missing actor */
	ev.reason = "";
	chain_hash(&ev, other);
	assert_string_not_equal(h, other);
	ev = sample();
	ev.has_actor = 0;
	chain_hash(&ev, other);
	assert_string_not_equal(h, other);
	/* a newline in a text cannot pose as the next field */
	ev = sample();
	ev.to_step = "comfort\nreason=-";
	ev.reason = NULL;
	struct chain_event moved = sample();
	moved.to_step = "comfort";
	moved.reason = "-";
	chain_hash(&ev, h);
	chain_hash(&moved, other);
	assert_string_not_equal(h, other);
	/* the previous hash is part of it */
	ev = sample();
	chain_hash(&ev, h);
	ev.prev_hash = "1000000000000000000000000000000000000000000000000000000000000000";
	chain_hash(&ev, other);
	assert_string_not_equal(h, other);
}

/* An event whose text is longer than the serialiser's stack buffer: the
 * same text, and its hash the SHA-256 of that text. */
static void test_long_event(void **state)
{
	static char data[5000];
	struct chain_event ev = sample();
	struct buf b = BUF_INIT;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char h[CHAIN_HEX + 1], want[CHAIN_HEX + 1];
	(void)state;
	memset(data, 'x', sizeof(data) - 1);
	ev.data = data;
	chain_serialise(&ev, &b);
	assert_non_null(strstr(b.s, "\ndata=4999:xxx"));
	assert_string_equal(b.s + b.len - 80, "x\nprev_hash=64:" CHAIN_GENESIS
			    "\n");
	crypto_hash_sha256(digest, (const unsigned char *)b.s, b.len);
	sodium_bin2hex(want, sizeof(want), digest, sizeof(digest));
	chain_hash(&ev, h);
	assert_string_equal(h, want);
	buf_release(&b);
}

/* Five linked events 1..5 with their own storage. */
struct chain5 {
	struct chain_event ev[5];
	char prev[5][CHAIN_HEX + 1], hash[5][CHAIN_HEX + 1];
	struct chain_head head;
};

static void build(struct chain5 *c)
{
	static const char *const actions[] = { "create", "advance", "advance",
		"won", "create" };
	c->head.last_id = 0;
	memcpy(c->head.hash, CHAIN_GENESIS, CHAIN_HEX + 1);
	for (int i = 0; i < 5; i++) {
		c->ev[i] = sample();
		c->ev[i].id = i + 1;
		c->ev[i].action = actions[i];
		chain_link(&c->head, &c->ev[i], c->prev[i], c->hash[i]);
	}
}

/* Walks N events of EV; 0 when the chain holds, else R names the fault. */
static int walk(const struct chain_event *ev, int n, const struct chain_head *h,
		struct verify_report *r)
{
	struct verify_walk w;
	verify_walk_init(&w, r, h->last_id, h->hash);
	for (int i = 0; i < n; i++)
		if (verify_walk_event(&w, &ev[i]))
			return 1;
	return verify_walk_end(&w);
}

static void test_walk(void **state)
{
	struct chain5 c;
	struct verify_report r;
	struct chain_event ev[5];
	(void)state;
	build(&c);
	assert_int_equal(walk(c.ev, 5, &c.head, &r), 0);
	assert_int_equal(r.events, 5);
	assert_string_equal(r.head, c.hash[4]);

	/* altered: event 3's action */
	memcpy(ev, c.ev, sizeof(ev));
	ev[2].action = "lost";
	assert_int_equal(walk(ev, 5, &c.head, &r), 1);
	assert_int_equal(r.id, 3);
	assert_string_equal(r.action, "lost");
	assert_non_null(strstr(r.what, "altered"));

	/* deleted: event 2 */
	memcpy(ev, c.ev, sizeof(ev));
	memmove(&ev[1], &ev[2], 3 * sizeof(ev[0]));
	assert_int_equal(walk(ev, 4, &c.head, &r), 1);
	assert_int_equal(r.id, 3);
	assert_non_null(strstr(r.what, "deleted"));

	/* deleted: the last event */
	assert_int_equal(walk(c.ev, 4, &c.head, &r), 1);
	assert_int_equal(r.id, 5);
	assert_non_null(strstr(r.what, "deleted"));

	/* inserted with a hash of its own between 2 and 3: named itself */
	struct chain5 d;
	build(&d);
	struct chain_head at2 = { 2, "" };
	memcpy(at2.hash, d.hash[1], CHAIN_HEX + 1);
	struct chain_event forged = sample();
	char fp[CHAIN_HEX + 1], fh[CHAIN_HEX + 1];
	forged.id = 3;
	forged.action = "force";
	chain_link(&at2, &forged, fp, fh);
	struct chain_event six[6] = { d.ev[0], d.ev[1], forged, d.ev[2], d.ev[3],
				      d.ev[4] };
	assert_int_equal(walk(six, 6, &d.head, &r), 1);
	assert_int_equal(r.id, 3);
	assert_string_equal(r.action, "force");
	assert_non_null(strstr(r.what, "inserted"));

	/* inserted without a hash */
	memcpy(ev, c.ev, sizeof(ev));
	ev[0].hash = NULL;
	assert_int_equal(walk(ev, 5, &c.head, &r), 1);
	assert_int_equal(r.id, 1);
	assert_non_null(strstr(r.what, "no hash"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serialisation),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_long_event),
		cmocka_unit_test(test_walk),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
