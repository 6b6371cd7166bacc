/* Secrets sealed under a key kept outside the database; see secret-box.h. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/secret-box.h"
#include "util/banned.h"

#define KEY_HEX (crypto_secretbox_KEYBYTES * 2)
#define SEALED_PREFIX "v1:"

int secret_key_path(const char **path, struct fc_error *err)
{
	const char *p = getenv("FULCRUM_SECRET_KEY_FILE");
	if (!p || !*p)
		return fc_fail(err, FC_EINVAL, NULL, "set FULCRUM_SECRET_KEY_FILE "
			       "to the path of the file that keeps the key of "
			       "stored secrets (it is created on first use)");
	*path = p;
	return 0;
}

/* Writes a new random key to PATH, which must not exist yet (O_EXCL: two
 * processes starting at once cannot both write one). */
static int key_create(const char *path, unsigned char *key,
		      struct fc_error *err)
{
	char hex[KEY_HEX + 2];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 1 : fc_fail(err, FC_ESTORE, NULL,
			"cannot create the key file '%s': %s", path,
			strerror(errno));
	crypto_secretbox_keygen(key);
	sodium_bin2hex(hex, sizeof(hex), key, crypto_secretbox_KEYBYTES);
	size_t n = strlen(hex);
	hex[n++] = '\n';
	ssize_t w = write(fd, hex, n);
	sodium_memzero(hex, sizeof(hex));
	if (w != (ssize_t)n || fsync(fd) || close(fd)) {
		unlink(path);
		return fc_fail(err, FC_ESTORE, NULL, "cannot write the key file "
			       "'%s'", path);
	}
	return 0;
}

static int key_read(const char *path, unsigned char *key,
		    struct fc_error *err)
{
	char hex[KEY_HEX + 8];
	struct stat sb;
	size_t len;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fc_fail(err, FC_ESTORE, NULL, "cannot open the key file "
			       "'%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || (sb.st_mode & 077)) {
		close(fd);
		return fc_fail(err, FC_EINVAL, NULL, "the key file '%s' must be a "
			       "file only its owner reads (chmod 600)", path);
	}
	ssize_t n = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	len = n > 0 ? (size_t)n : 0;
	while (len && (hex[len - 1] == '\n' || hex[len - 1] == '\r'))
		len--;
	hex[len] = '\0';
	size_t got = 0;
	int bad = len != KEY_HEX ||
		sodium_hex2bin(key, crypto_secretbox_KEYBYTES, hex, len, NULL,
			       &got, NULL) || got != crypto_secretbox_KEYBYTES;
	sodium_memzero(hex, sizeof(hex));
	if (bad)
		return fc_fail(err, FC_EINVAL, NULL, "the key file '%s' must hold "
			       "%d hex digits", path, KEY_HEX);
	return 0;
}

/* The key, created when the file does not exist yet. */
static int key_load(unsigned char *key, struct fc_error *err)
{
	const char *path;
	int rc;
	if (sodium_init() < 0)
		return fc_fail(err, FC_ESTORE, NULL, "libsodium cannot start");
	if ((rc = secret_key_path(&path, err)))
		return rc;
	if (access(path, F_OK) && (rc = key_create(path, key, err)) <= 0)
		return rc;
	return key_read(path, key, err);
}

int secret_seal(const char *plain, char out[SECRET_SEALED_MAX],
		struct fc_error *err)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
			  SECRET_MAX];
	size_t len = strlen(plain);
	int rc;
	if (len > SECRET_MAX)
		return fc_fail(err, FC_ELIMIT, NULL, "a secret is at most %d bytes",
			       SECRET_MAX);
	if ((rc = key_load(key, err)))
		return rc;
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES,
			      (const unsigned char *)plain, len, box, key);
	sodium_memzero(key, sizeof(key));
	memcpy(out, SEALED_PREFIX, sizeof(SEALED_PREFIX));
	sodium_bin2base64(out + strlen(SEALED_PREFIX),
			  SECRET_SEALED_MAX - strlen(SEALED_PREFIX), box,
			  crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
			  len, sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

int secret_open(const char *sealed, char out[SECRET_MAX + 1],
		struct fc_error *err)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
			  SECRET_MAX];
	size_t n = 0, pre = strlen(SEALED_PREFIX);
	int rc;
	if (strncmp(sealed, SEALED_PREFIX, pre) ||
	    sodium_base642bin(box, sizeof(box), sealed + pre, strlen(sealed + pre),
			      NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) ||
	    n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return fc_fail(err, FC_EINVAL, NULL, "a stored secret is damaged");
	if ((rc = key_load(key, err)))
		return rc;
	n -= crypto_secretbox_NONCEBYTES;
	rc = crypto_secretbox_open_easy((unsigned char *)out,
					box + crypto_secretbox_NONCEBYTES, n,
					box, key);
	sodium_memzero(key, sizeof(key));
	if (rc)
		return fc_fail(err, FC_EINVAL, NULL, "a stored secret cannot be "
			       "opened with the key in FULCRUM_SECRET_KEY_FILE (was "
			       "it sealed with another key file?)");
	out[n - crypto_secretbox_MACBYTES] = '\0';
	return 0;
}
