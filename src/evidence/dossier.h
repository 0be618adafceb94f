/* SPDX-License-Identifier: MIT */
/*
 * Evidence dossiers: per civil servant, a folder that holds up when
 * forwarded (to BKN, to the civil servant's PPK):
 *
 *   <out>/<NIP>/index.html      the finding laid out along Formulir
 *                               Model A (who, what, where, when, how it
 *                               was found, the rule, the evidence),
 *                               self-contained, A4, Bahasa Indonesia
 *   <out>/<NIP>/manifest.json   every fact in machine form, with the
 *                               SHA-256 and size of every other file
 *   <out>/<NIP>/captures/<sha256>  the raw captures the posts came from
 *   <out>/<NIP>/SHA256SUMS      for sha256sum -c: every file but itself
 *
 * The folder name comes from the NIP alone. It is written under a
 * temporary name beside it and renamed into place when complete; an
 * existing dossier is replaced only with force. Folders are 0700, files
 * 0600. Each dossier written is an audit log entry.
 *
 * dossier_verify() checks a dossier folder as received: it trusts
 * nothing in it (paths in SHA256SUMS and the manifest are checked before
 * use, symlinks are refused).
 */
#ifndef NETRA_EVIDENCE_DOSSIER_H
#define NETRA_EVIDENCE_DOSSIER_H

#include <stdint.h>

struct db;

struct buf;

#define DOSSIER_FORMAT "netra-dossier/1"

struct dossier_opts {
	const char *capture_dir;	/* <db>.captures */
	const char *out_dir;		/* parent of the <NIP> folders */
	int include_pending;		/* add findings still 'dugaan' */
	int force;			/* replace an existing dossier */
	const char *actor;		/* for the audit log; NULL: OS user */
};

struct dossier_result {
	char path[4096];	/* the dossier folder written */
	long findings;		/* findings in it */
	long pending;		/* of which still dugaan */
	long captures;		/* capture files copied */
	char manifest_sha256[65];
};

enum dossier_rc {
	DOSSIER_OK = 0,
	DOSSIER_REFUSED = -1,	/* no such person, nothing to include, or
				   the folder exists (without force) */
	DOSSIER_FAILED = -2	/* database, file system, or a stored
				   capture that no longer matches its hash */
};

/* Writes the dossier of nip. Returns an enum dossier_rc; message in err. */
int dossier_write(struct db *db, int64_t nip, const struct dossier_opts *o,
		  struct dossier_result *res, struct buf *err);

/*
 * Checks the dossier in dir: every file against SHA256SUMS and the
 * manifest, nothing added or missing, each capture named by its hash.
 * Returns 0 when it holds, 1 when something differs (one line per
 * difference appended to problems), -1 when dir cannot be read (err).
 */
int dossier_verify(const char *dir, struct buf *problems, struct buf *err);

/*
 * SHA-256 of a file as lower-case hex, streaming; *size its length.
 * Refuses a symlink. Returns 0, or -1 with a message in err.
 */
int dossier_sha256_file(const char *path, char hex[65], int64_t *size,
			struct buf *err);

#endif
