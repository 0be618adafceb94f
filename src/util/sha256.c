/* SPDX-License-Identifier: MIT */
/* SHA-256; see sha256.h. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util/buf.h"
#include "util/msg.h"
#include "util/sha256.h"
#include "util/banned.h"

void sha256_init(struct sha256 *h)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		die_oom();
	h->md = md;
}

void sha256_update(struct sha256 *h, const void *data, size_t len)
{
	if (len && !EVP_DigestUpdate(h->md, data, len))
		die_oom();
}

void sha256_final(struct sha256 *h, unsigned char out[32])
{
	unsigned n = 0;

	if (!EVP_DigestFinal_ex(h->md, out, &n) || n != 32)
		die_oom();
	sha256_release(h);
}

void sha256_to_hex(const unsigned char md[32], char out[SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

void sha256_final_hex(struct sha256 *h, char out[SHA256_HEX])
{
	unsigned char md[32];

	sha256_final(h, md);
	sha256_to_hex(md, out);
}

void sha256_release(struct sha256 *h)
{
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX])
{
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final_hex(&h, out);
}

int sha256_hex_valid(const char *s)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

int sha256_fd(int fd, char out[SHA256_HEX], uint64_t *size, struct buf *err)
{
	unsigned char block[65536];
	struct sha256 h;
	uint64_t total = 0;
	ssize_t n;

	sha256_init(&h);
	for (;;) {
		n = read(fd, block, sizeof(block));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_addf(err, "cannot read: %s", strerror(errno));
			sha256_release(&h);
			return -1;
		}
		if (!n)
			break;
		sha256_update(&h, block, (size_t)n);
		total += (uint64_t)n;
	}
	sha256_final_hex(&h, out);
	if (size)
		*size = total;
	return 0;
}
