/* SPDX-License-Identifier: MIT */
/*
 * Storing captures: copy, hash and link into the content-addressed
 * folder; see capture.h. A capture is written to dir/tmp/ first, made
 * durable (fsync), then hard-linked to dir/ab/<sha256>: link() fails when
 * the name exists, so an existing capture is never replaced, even by a
 * concurrent netra.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "util/buf.h"
#include "evidence/capture.h"
#include "util/fsutil.h"
#include "util/banned.h"

#define CHUNK (256 * 1024)

void capture_dir_for(const char *db_path, struct buf *out)
{
	buf_adds(out, db_path);
	buf_adds(out, ".captures");
}

static void hex(const unsigned char *md, unsigned n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

int capture_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		return -1;
	hex(md, n, out);
	return 0;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Copies in to f, hashing; fills c->sha256 and c->size. */
static int copy_hash(FILE *in, FILE *f, const char *source,
		     const char *tmp, struct capture *c, struct buf *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	char *chunk = xmalloc(CHUNK);
	size_t got;
	int rc = -1;

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		buf_addf(err, "cannot start SHA-256 (OpenSSL)");
		goto out;
	}
	c->size = 0;
	while ((got = fread(chunk, 1, CHUNK, in)) > 0) {
		if (!EVP_DigestUpdate(md, chunk, got)) {
			buf_addf(err, "SHA-256 failed (OpenSSL)");
			goto out;
		}
		if (fwrite(chunk, 1, got, f) != got) {
			buf_addf(err, "cannot write '%s': %s", tmp,
				 strerror(errno));
			goto out;
		}
		c->size += (int64_t)got;
	}
	if (ferror(in)) {
		buf_addf(err, "%s: cannot read: %s", source, strerror(errno));
		goto out;
	}
	if (!EVP_DigestFinal_ex(md, digest, &n) || n != 32) {
		buf_addf(err, "SHA-256 failed (OpenSSL)");
		goto out;
	}
	hex(digest, n, c->sha256);
	rc = 0;
out:
	free(chunk);
	EVP_MD_CTX_free(md);
	return rc;
}

int capture_store(const char *dir, FILE *in, const char *source,
		  struct capture *c, struct buf *err)
{
	static unsigned long counter;
	struct buf tmp = BUF_INIT, path = BUF_INIT;
	struct stat st;
	FILE *f = NULL;
	int rc = -1;

	c->created = 0;
	buf_addf(&tmp, "%s/tmp", dir);
	if (fs_mkdirs(tmp.s, err))
		goto out;
	buf_addf(&tmp, "/%ld-%lu", (long)getpid(), ++counter);
	f = fs_create_excl(tmp.s, err);
	if (!f)
		goto out;
	if (copy_hash(in, f, source, tmp.s, c, err))
		goto fail;
	if (fflush(f) || fsync(fileno(f))) {
		buf_addf(err, "cannot write '%s': %s", tmp.s, strerror(errno));
		goto fail;
	}
	if (fclose(f)) {
		f = NULL;
		buf_addf(err, "cannot write '%s': %s", tmp.s, strerror(errno));
		goto fail;
	}
	f = NULL;
	buf_addf(&path, "%s/%.2s", dir, c->sha256);
	if (fs_mkdirs(path.s, err))
		goto fail;
	buf_addf(&path, "/%s", c->sha256);
	if (!link(tmp.s, path.s)) {
		c->created = 1;
		/* Best effort: the data itself is already synced. */
		buf_setlen(&path, path.len - 65);
		(void)sync_dir(path.s);
		buf_addf(&path, "/%s", c->sha256);
	} else if (errno == EEXIST) {
		/* Content-addressed: the same name holds the same bytes. */
		if (lstat(path.s, &st) || !S_ISREG(st.st_mode) ||
		    st.st_size != c->size) {
			buf_addf(err, "stored capture '%s' does not match its "
				 "name (size differs): evidence folder damaged",
				 path.s);
			goto fail;
		}
	} else {
		buf_addf(err, "cannot store capture '%s': %s", path.s,
			 strerror(errno));
		goto fail;
	}
	unlink(tmp.s);
	c->path = buf_detach(&path, NULL);
	rc = 0;
	goto out;
fail:
	if (f)
		fclose(f);
	unlink(tmp.s);
out:
	buf_release(&tmp);
	buf_release(&path);
	return rc;
}

void capture_discard(struct capture *c)
{
	if (c->created && c->path)
		unlink(c->path);
	c->created = 0;
}

void capture_release(struct capture *c)
{
	free(c->path);
	memset(c, 0, sizeof(*c));
}
