/* Files the unit tests read. Fixtures are committed under tests/fixtures
 * and always there; ../shared/data (real exports from other systems) sits
 * beside some checkouts only, so tests of it are extras that skip, saying
 * so, when it is absent. meson sets both folders in the environment. */
#ifndef FC_TEST_FIXTURE_H
#define FC_TEST_FIXTURE_H

#include <stddef.h>

/* tests/fixtures/REL, heap-allocated. Fails the test when the environment
 * does not name the folder (run through meson test). */
char *fixture_path(const char *rel);

/* ../shared/data/REL, heap-allocated, or NULL after printing a line that
 * the extra is skipped when that folder is not there. */
char *shared_data_path(const char *rel);

/* The whole file at PATH, NUL-terminated; its length in *LEN. Fails the
 * test when it cannot be read. */
char *fixture_slurp(const char *path, size_t *len);

/* Makes a fresh folder PREFIX-XXXXXX in $TMPDIR (else /tmp) and writes
 * its path to OUT; returns 0, or -1 when it cannot. The caller removes it. */
int fixture_mkdtemp(char *out, size_t size, const char *prefix);

#endif
