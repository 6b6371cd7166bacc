/* vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350): a tolerant parser that
 * hands each card to a callback as a struct vcard_contact, and a writer for
 * 3.0 and 4.0. Only what a CRM keeps is read (names, emails, phones, org,
 * title, note, address, uid); photos and other binary data are skipped.
 * Pure: bytes in, structs out. Tests: tests/unit/io/test-vcard.c. */
#ifndef FC_IO_VCARD_H
#define FC_IO_VCARD_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define VCARD_MAX_LINE ((size_t)64 << 10)	/* unfolded property line */
#define VCARD_MAX_PROPS 1000			/* properties per card */
#define VCARD_MAX_CARD ((size_t)8 << 20)	/* bytes per card, photos too */
#define VCARD_MAX_VALUES 100			/* emails, phones per card */

/* TYPE parameter values kept for emails and phones, as a bit mask. */
enum vcard_type {
	VCARD_TYPE_HOME = 1 << 0,
	VCARD_TYPE_WORK = 1 << 1,
	VCARD_TYPE_CELL = 1 << 2,
	VCARD_TYPE_FAX = 1 << 3,
	VCARD_TYPE_VOICE = 1 << 4,
	VCARD_TYPE_PREF = 1 << 5,	/* TYPE=pref, a bare PREF, or PREF=n */
	VCARD_TYPE_OTHER = 1 << 6,
};

/* One card. All strings are UTF-8, unescaped, heap-owned by the struct
 * (vcard_contact_release() frees them); NULL when absent. */
struct vcard_contact {
	char *name;		/* FN, else built from N, else NULL */
	char *family;		/* N's components */
	char *given;
	char **emails;
	unsigned *email_types;	/* enum vcard_type bits, one per email */
	size_t nemails;
	char **phones;
	unsigned *phone_types;
	size_t nphones;
	char *org;		/* ORG's first component: the company */
	char *title;
	char *note;
	char *adr;		/* first ADR, its non-empty parts joined by ", " */
	char *uid;
	int version;		/* 21, 30 or 40 as read; 0 when absent */
	unsigned long line;	/* line of BEGIN:VCARD */
};

void vcard_contact_init(struct vcard_contact *c);
void vcard_contact_release(struct vcard_contact *c);
/* Copies S; TYPES are enum vcard_type bits. Past VCARD_MAX_VALUES the
 * value is dropped and -1 returned. */
int vcard_contact_add_email(struct vcard_contact *c, const char *s,
			    unsigned types);
int vcard_contact_add_phone(struct vcard_contact *c, const char *s,
			    unsigned types);
/* The preferred email (the first with VCARD_TYPE_PREF, else the first), or
 * NULL. Same for phones. */
const char *vcard_contact_email(const struct vcard_contact *c);
const char *vcard_contact_phone(const struct vcard_contact *c);

/* Called once per good card; C is borrowed for the call. A nonzero return
 * stops parsing and becomes vcard_parse()'s result. */
typedef int (*vcard_contact_fn)(const struct vcard_contact *c, void *data);
/* Called for a broken card (LINE: where the problem is; REASON: lowercase,
 * no final period). The card is skipped; parsing goes on. */
typedef void (*vcard_error_fn)(unsigned long line, const char *reason,
			       void *data);

/* Parses every card in DATA (LEN bytes; any of CRLF, LF line ends; a UTF-8
 * BOM is skipped). Text outside cards is ignored. Returns 0, or the
 * contact callback's stop value. ON_ERROR may be NULL. */
int vcard_parse(const char *data, size_t len, vcard_contact_fn on_contact,
		vcard_error_fn on_error, void *cbdata);

/* Appends C as a vCard of VERSION 3 or 4 (anything else: 4): escaped,
 * CRLF line ends, lines folded at 75 octets without splitting a UTF-8
 * sequence. FN is C->name (or "" when NULL, as FN is required); N is
 * written from family/given when set. */
void vcard_write(struct buf *out, const struct vcard_contact *c, int version);

#endif
