/* SPDX-License-Identifier: MIT */
/* The only file that calls fopen(); see fsutil.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/banned.h"

static FILE *create_flags(const char *path, int flags, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | flags,
		      0600);
	FILE *f;

	if (fd < 0) {
		buf_addf(err, "cannot create '%s': %s", path, strerror(errno));
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		buf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

FILE *fs_create(const char *path, struct buf *err)
{
	return create_flags(path, O_TRUNC, err);
}

FILE *fs_create_excl(const char *path, struct buf *err)
{
	return create_flags(path, O_EXCL, err);
}

FILE *fs_open_read(const char *path, struct buf *err)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return stdin;
	f = fopen(path, "rb");
	if (!f)
		buf_addf(err, "cannot open '%s': %s", path, strerror(errno));
	return f;
}

int fs_mkdirs(const char *path, struct buf *err)
{
	char *p = xstrdup(path);
	char *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0700) && errno != EEXIST) {
				buf_addf(err, "cannot create folder '%s': %s",
					 p, strerror(errno));
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

int fs_read_all(const char *path, struct buf *out, struct buf *err)
{
	FILE *f = fs_open_read(path, err);
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	if (ferror(f)) {
		buf_addf(err, "cannot read '%s': %s", path, strerror(errno));
		rc = -1;
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

int fs_write_atomic(const char *path, const void *data, size_t len,
		    struct buf *err)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	int rc = -1;

	buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	f = fs_create(tmp.s, err);
	if (!f)
		goto out;
	if (fwrite(data, 1, len, f) != len || fflush(f) || fsync(fileno(f))) {
		buf_addf(err, "cannot write '%s': %s", tmp.s, strerror(errno));
		fclose(f);
		unlink(tmp.s);
		goto out;
	}
	if (fclose(f)) {
		buf_addf(err, "cannot write '%s': %s", tmp.s, strerror(errno));
		unlink(tmp.s);
		goto out;
	}
	if (rename(tmp.s, path)) {
		buf_addf(err, "cannot rename '%s' to '%s': %s", tmp.s, path,
			 strerror(errno));
		unlink(tmp.s);
		goto out;
	}
	rc = 0;
out:
	buf_release(&tmp);
	return rc;
}

int fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}
