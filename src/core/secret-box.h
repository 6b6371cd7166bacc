/* Secrets the database must not hold in clear (an SMTP password): sealed
 * with libsodium's crypto_secretbox under a key kept in a file outside the
 * database, named by FULCRUM_SECRET_KEY_FILE (docs/mail.md). The file holds
 * the key as 64 hex digits; it is created, mode 0600, on first use, and a
 * file that others may read is refused. A copy of the database without
 * that file reveals no secret. */
#ifndef FC_CORE_SECRET_BOX_H
#define FC_CORE_SECRET_BOX_H

#include <stddef.h>

#include "util/error.h"

/* The most bytes a secret may have. */
#define SECRET_MAX 1024
/* The sealed text is at most this long (with its NUL). */
#define SECRET_SEALED_MAX 1500

/* The key file's path: FULCRUM_SECRET_KEY_FILE, or FC_EINVAL saying to set
 * it. */
int secret_key_path(const char **path, struct fc_error *err);

/* Seals PLAIN (NUL-terminated) into OUT as "v1:" and the base64 of the
 * nonce and the box. Creates the key file when it does not exist. */
int secret_seal(const char *plain, char out[SECRET_SEALED_MAX],
		struct fc_error *err);
/* Opens SEALED into OUT (NUL-terminated). FC_EINVAL when the box was not
 * sealed with this key (another key file, or changed text). */
int secret_open(const char *sealed, char out[SECRET_MAX + 1],
		struct fc_error *err);

#endif
