/* Files compiled into the binary by tools/embed.py (migrations, web assets). */
#ifndef FC_UTIL_EMBEDDED_H
#define FC_UTIL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;		/* path relative to its folder, '/'-separated */
	const unsigned char *data;	/* NUL-terminated for convenience */
	size_t size;
};

extern const struct embedded_file sql_migrations[];
extern const struct embedded_file web_assets[];

/* Returns the entry named NAME in TABLE, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *table,
					  const char *name);

#endif
