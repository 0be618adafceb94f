/* SPDX-License-Identifier: MIT */
/*
 * Captures: the raw bytes of every imported file, kept as evidence. The
 * bytes are copied once into a content-addressed folder beside the
 * database, <db>.captures/ab/<sha256> (folders 0700, files 0600), through
 * a temporary file that is fsync'ed and then hard-linked into place, so a
 * stored capture is never overwritten or changed. The SHA-256 (OpenSSL
 * EVP) is computed while copying; nothing holds the whole file.
 *
 * This module knows nothing of the database: store.c records the capture
 * row, import.c drives both.
 */
#ifndef NETRA_EVIDENCE_CAPTURE_H
#define NETRA_EVIDENCE_CAPTURE_H

#include <stdint.h>
#include <stdio.h>

struct buf;

struct capture {
	char sha256[65];	/* lower-case hex, NUL-terminated */
	int64_t size;		/* bytes */
	char *path;		/* the stored file (owned) */
	int created;		/* 1 when capture_store() stored new bytes */
};

#define CAPTURE_INIT { { 0 }, 0, NULL, 0 }

/* Appends "<db_path>.captures" to out (the folder for db_path's captures). */
void capture_dir_for(const char *db_path, struct buf *out);

/*
 * Copies everything from in (until EOF) into dir, hashing as it goes,
 * and fills out. Bytes already stored are not written again (out->created
 * is then 0). Returns 0, or -1 with a message in err (source names the
 * input in it); nothing is left behind on failure.
 */
int capture_store(const char *dir, FILE *in, const char *source,
		  struct capture *out, struct buf *err);

/*
 * Removes the stored file again when capture_store() created it: used
 * when the import that needed it is rolled back. A no-op otherwise.
 */
void capture_discard(struct capture *c);

void capture_release(struct capture *c);

/* SHA-256 of data as lower-case hex. Returns 0, or -1 (OpenSSL failed). */
int capture_sha256_hex(const void *data, size_t len, char out[65]);

#endif
