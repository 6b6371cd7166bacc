/* Unit tests of src/core/secret-box: a sealed secret opens back under the
 * same key file and under no other; the sealed text does not hold the
 * secret; the key file is made 0600 on first use, and one that others may
 * read, or no key file named at all, is refused.
 * Run alone: meson test -C BUILD core-secret-box */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/secret-box.h"

static char dir[] = "/tmp/fulcrum-secret-XXXXXX";
static char key_a[64], key_b[64];

static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	snprintf(key_a, sizeof(key_a), "%s/a.key", dir);
	snprintf(key_b, sizeof(key_b), "%s/b.key", dir);
	return 0;
}

static int teardown(void **state)
{
	unlink(key_a);
	unlink(key_b);
	return rmdir(dir);
}

static void test_seal_and_open(void **state)
{
	struct fc_error err = { 0 };
	char sealed[SECRET_SEALED_MAX], again[SECRET_SEALED_MAX];
	char plain[SECRET_MAX + 1];
	struct stat sb;
	setenv("FULCRUM_SECRET_KEY_FILE", key_a, 1);
	assert_int_equal(secret_seal("hunter2 ünï", sealed, &err), 0);
	assert_int_equal(stat(key_a, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_null(strstr(sealed, "hunter2"));
	assert_int_equal(strncmp(sealed, "v1:", 3), 0);
	assert_int_equal(secret_open(sealed, plain, &err), 0);
	assert_string_equal(plain, "hunter2 ünï");
	/* a fresh nonce each time: the same secret seals differently */
	assert_int_equal(secret_seal("hunter2 ünï", again, &err), 0);
	assert_string_not_equal(sealed, again);
	assert_int_equal(secret_seal("", again, &err), 0);
	assert_int_equal(secret_open(again, plain, &err), 0);
	assert_string_equal(plain, "");
}

static void test_other_key_or_changed_text(void **state)
{
	struct fc_error err = { 0 };
	char sealed[SECRET_SEALED_MAX], plain[SECRET_MAX + 1];
	setenv("FULCRUM_SECRET_KEY_FILE", key_a, 1);
	assert_int_equal(secret_seal("s3cret", sealed, &err), 0);
	setenv("FULCRUM_SECRET_KEY_FILE", key_b, 1);
	assert_int_equal(secret_open(sealed, plain, &err), FC_EINVAL);
	assert_non_null(strstr(err.message, "another key"));
	setenv("FULCRUM_SECRET_KEY_FILE", key_a, 1);
	sealed[10] = sealed[10] == 'A' ? 'B' : 'A';
	assert_int_equal(secret_open(sealed, plain, &err), FC_EINVAL);
	assert_int_equal(secret_open("plain text", plain, &err), FC_EINVAL);
	assert_int_equal(secret_open("v1:", plain, &err), FC_EINVAL);
}

static void test_refusals(void **state)
{
	struct fc_error err = { 0 };
	char sealed[SECRET_SEALED_MAX], big[SECRET_MAX + 2];
	unsetenv("FULCRUM_SECRET_KEY_FILE");
	assert_int_equal(secret_seal("x", sealed, &err), FC_EINVAL);
	assert_non_null(strstr(err.message, "FULCRUM_SECRET_KEY_FILE"));
	setenv("FULCRUM_SECRET_KEY_FILE", key_a, 1);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(secret_seal(big, sealed, &err), FC_ELIMIT);
	assert_int_equal(chmod(key_a, 0644), 0);
	assert_int_equal(secret_seal("x", sealed, &err), FC_EINVAL);
	assert_non_null(strstr(err.message, "chmod 600"));
	assert_int_equal(chmod(key_a, 0600), 0);
	assert_int_equal(secret_seal("x", sealed, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seal_and_open),
		cmocka_unit_test(test_other_key_or_changed_text),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
