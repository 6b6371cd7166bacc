/* libFuzzer harness for the reader of IMAP answers (io/imap-reply.c): the
 * input is what a server might answer to UID SEARCH or STATUS, or a line
 * of CAPABILITY or IDLE. The UIDs
 * read are above the floor, ascending, without repeats, at most as many as
 * asked for, and each is a 32-bit UID; a STATUS item read is one too. The
 * first byte picks the floor and how many UIDs are kept. Seeds:
 * corpus/imap-reply. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/imap-reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t uids[16], v;
	size_t max, n;
	int64_t after;
	if (!size)
		return 0;
	max = data[0] % 17;
	after = data[0] / 17;
	n = imap_search_uids((const char *)data + 1, size - 1, after, uids, max);
	assert(n <= max);
	for (size_t i = 0; i < n; i++) {
		assert(uids[i] > after && uids[i] <= 4294967295LL);
		assert(!i || uids[i] > uids[i - 1]);
	}
	if (!imap_status_item((const char *)data + 1, size - 1, "UIDVALIDITY", &v))
		assert(v >= 0 && v <= 4294967295LL);
	if (!imap_status_item((const char *)data + 1, size - 1, "UIDNEXT", &v))
		assert(v >= 0 && v <= 4294967295LL);
	/* the lines of the IDLE wait: any bytes give an answer, no crash */
	assert(imap_capability_has((const char *)data + 1, size - 1, "IDLE") <= 1);
	assert(imap_announces_mail((const char *)data + 1, size - 1) <= 1);
	return 0;
}
