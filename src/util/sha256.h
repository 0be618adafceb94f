/* SPDX-License-Identifier: MIT */
/*
 * SHA-256 through OpenSSL's EVP interface, the one place netra hashes:
 * captures, dossiers' files, registry imports, the rules' version and the
 * audit chain all call these. A digest is shown as 64 lower-case hex
 * digits. OpenSSL failing to hash (out of memory) aborts through
 * die_oom(): no caller could do anything better with it.
 */
#ifndef NETRA_UTIL_SHA256_H
#define NETRA_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct sha256 {
	void *md;		/* EVP_MD_CTX, owned */
};

#define SHA256_HEX 65		/* 64 hex digits and a NUL */

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Ends h (which may then be started again with sha256_init()). */
void sha256_final(struct sha256 *h, unsigned char out[32]);
void sha256_final_hex(struct sha256 *h, char out[SHA256_HEX]);
/* Frees h without a result (on an error path). */
void sha256_release(struct sha256 *h);

/* The digest of data[0..len), in hex. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX]);
/* 32 raw bytes as hex. */
void sha256_to_hex(const unsigned char md[32], char out[SHA256_HEX]);
/* 1 when s is 64 lower-case hex digits. */
int sha256_hex_valid(const char *s);
/*
 * The digest of the open file fd read to its end, and its size; 0, or
 * -1 with the read error in err.
 */
int sha256_fd(int fd, char out[SHA256_HEX], uint64_t *size,
	      struct buf *err);

#endif
