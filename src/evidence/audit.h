/* SPDX-License-Identifier: MIT */
/*
 * The audit log (schema/005_review.sql): every import, collection run,
 * scoring run, review decision and dossier is one append-only row that
 * carries the SHA-256 of the row before it, so a changed, inserted or
 * removed entry breaks the chain and netra verify names it.
 *
 * The hash of a row is SHA-256 over its canonical serialisation:
 *
 *   "netra-audit-1\n"
 *   then for each of id, at (decimal), actor, action, subject, details,
 *   prev_hash: "<byte length>:<bytes>\n"
 *
 * Length prefixes make the serialisation unambiguous whatever bytes the
 * fields hold. The first row's prev_hash is 64 zeros. Triggers refuse
 * UPDATE and DELETE; the chain also catches edits made around them.
 */
#ifndef NETRA_EVIDENCE_AUDIT_H
#define NETRA_EVIDENCE_AUDIT_H

#include <stdint.h>

struct db;

struct buf;

#define AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/*
 * Appends one entry at netra_now(). actor NULL means the OS user
 * ($USER, else the login name of the uid, else "uid:N"); action is one
 * of registry-import, import, collect, score, review, dossier (any
 * non-empty word is accepted); subject names what it concerns (a file,
 * "finding:12", a NIP) and may be NULL (stored as ""); details_json must
 * be a JSON object, or NULL for {}. Runs inside the caller's
 * transaction when there is one (so the entry commits or rolls back with
 * the work it records), else in its own. Returns the new entry's id, or
 * -1 with a message in err.
 */
int64_t audit_append(struct db *db, const char *actor, const char *action,
		     const char *subject, const char *details_json,
		     struct buf *err);

/*
 * Appends actor to out, or when it is NULL or empty the OS user as
 * audit_append() takes it.
 */
void audit_actor(const char *actor, struct buf *out);

/*
 * Appends to out a JSON object of integer fields: pairs of
 * (const char *key, long long value) ending with a NULL key, e.g.
 * audit_counts(&d, "rows", 12LL, "refused", 0LL, (char *)NULL). Keys
 * are written as given (use plain constant words).
 */
void audit_counts(struct buf *out, ...);

/*
 * The hash of one entry (the canonical serialisation above) as
 * lower-case hex. Returns 0, or -1 when OpenSSL fails.
 */
int audit_hash(int64_t id, int64_t at, const char *actor,
	       const char *action, const char *subject, const char *details,
	       const char *prev_hash, char out[65]);

struct audit_check {
	int64_t entries;	/* rows read */
	int64_t bad_id;		/* first broken entry, 0 when none */
	char head[65];		/* hash of the last entry, or genesis */
};

/*
 * Walks the log in id order and recomputes every hash and link. Returns
 * 0 when the chain holds; 1 when it is broken, with check->bad_id and a
 * message naming the entry and what differs in err; -1 on a database
 * error (message in err).
 */
int audit_verify(struct db *db, struct audit_check *check, struct buf *err);

#endif
