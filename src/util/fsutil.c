/* SPDX-License-Identifier: MIT */
/* The only file that calls fopen(); see fsutil.h. */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/parse.h"
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

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int fs_rm_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Splits final into its parent folder and its last name. */
static void split(const char *final, struct buf *parent, struct buf *name)
{
	const char *slash = strrchr(final, '/');

	if (!slash) {
		buf_adds(parent, ".");
		buf_adds(name, final);
	} else if (slash == final) {
		buf_adds(parent, "/");
		buf_adds(name, slash + 1);
	} else {
		buf_add(parent, final, (size_t)(slash - final));
		buf_adds(name, slash + 1);
	}
}

/* Removes ".<name>.new-<pid>" and ".<name>.old-<pid>" of dead pids. */
static void clean_leftovers(const char *parent, const char *name)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	size_t n = strlen(name);

	if (!d)
		return;
	while ((e = readdir(d))) {
		const char *p = e->d_name, *tail;
		int64_t pid;

		if (p[0] != '.' || strncmp(p + 1, name, n) || p[n + 1] != '.')
			continue;
		tail = p + n + 2;
		if (strncmp(tail, "new-", 4) && strncmp(tail, "old-", 4))
			continue;
		if (parse_i64z(tail + 4, &pid) || pid <= 0 || pid > INT32_MAX)
			continue;
		if (pid == getpid() || !kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		{
			struct buf path = BUF_INIT;

			buf_addf(&path, "%s/%s", parent, p);
			if (!strncmp(tail, "old-", 4)) {
				struct buf fin = BUF_INIT;

				/* an old folder whose swap never finished */
				buf_addf(&fin, "%s/%s", parent, name);
				if (!fs_exists(fin.s) && !rename(path.s, fin.s))
					buf_reset(&path);
				buf_release(&fin);
			}
			if (path.len)
				fs_rm_tree(path.s);
			buf_release(&path);
		}
	}
	closedir(d);
}

int staged_begin(struct staged_dir *sd, const char *final, struct buf *err)
{
	struct buf parent = BUF_INIT, name = BUF_INIT, b = BUF_INIT;
	int rc = -1;

	split(final, &parent, &name);
	if (!name.len || !strcmp(name.s, ".") || !strcmp(name.s, "..")) {
		buf_addf(err, "'%s' cannot be a folder to write", final);
		goto out;
	}
	if (fs_mkdirs(parent.s, err))
		goto out;
	clean_leftovers(parent.s, name.s);
	sd->final = xstrdup(final);
	buf_addf(&b, "%s/.%s.new-%ld", parent.s, name.s, (long)getpid());
	fs_rm_tree(b.s);
	if (mkdir(b.s, 0700)) {
		buf_addf(err, "cannot create '%s': %s", b.s, strerror(errno));
		goto out;
	}
	sd->tmp = buf_detach(&b, NULL);
	buf_addf(&b, "%s/.%s.old-%ld", parent.s, name.s, (long)getpid());
	sd->old = buf_detach(&b, NULL);
	rc = 0;
out:
	buf_release(&parent);
	buf_release(&name);
	buf_release(&b);
	return rc;
}

int staged_swap(struct staged_dir *sd, struct buf *err)
{
	struct stat st;

	sd->had_old = 0;
	if (!lstat(sd->final, &st)) {
		if (!S_ISDIR(st.st_mode)) {
			buf_addf(err, "'%s' exists and is not a folder",
				 sd->final);
			return -1;
		}
		if (rename(sd->final, sd->old)) {
			buf_addf(err, "cannot move '%s' aside: %s", sd->final,
				 strerror(errno));
			return -1;
		}
		sd->had_old = 1;
	}
	if (rename(sd->tmp, sd->final)) {
		buf_addf(err, "cannot rename '%s' to '%s': %s", sd->tmp,
			 sd->final, strerror(errno));
		if (sd->had_old && rename(sd->old, sd->final))
			buf_addf(err, "; the previous folder is in '%s'",
				 sd->old);
		sd->had_old = 0;
		return -1;
	}
	sd->swapped = 1;
	return 0;
}

void staged_finish(struct staged_dir *sd)
{
	if (sd->swapped && sd->had_old)
		fs_rm_tree(sd->old);
	sd->swapped = 0;
	sd->had_old = 0;
}

int staged_undo(struct staged_dir *sd, struct buf *err)
{
	if (!sd->swapped)
		return 0;
	sd->swapped = 0;
	if (rename(sd->final, sd->tmp)) {
		buf_addf(err, "cannot take back '%s': %s", sd->final,
			 strerror(errno));
		return -1;
	}
	if (sd->had_old && rename(sd->old, sd->final)) {
		buf_addf(err, "cannot put the previous '%s' back (it is in "
			 "'%s'): %s", sd->final, sd->old, strerror(errno));
		return -1;
	}
	sd->had_old = 0;
	return 0;
}

void staged_abort(struct staged_dir *sd)
{
	if (sd->tmp && !sd->swapped)
		fs_rm_tree(sd->tmp);
}

void staged_release(struct staged_dir *sd)
{
	if (sd->swapped)
		staged_finish(sd);
	else
		staged_abort(sd);
	free(sd->final);
	free(sd->tmp);
	free(sd->old);
	sd->final = sd->tmp = sd->old = NULL;
}
