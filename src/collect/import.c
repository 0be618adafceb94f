/* SPDX-License-Identifier: MIT */
/*
 * Driving one file through a format into the store; see import.h. The
 * order is: copy the input into the capture folder (hashing it), then
 * read the stored copy, so that what netra parsed is byte for byte what
 * it keeps as evidence, and standard input works like any file. Then one
 * transaction: the capture row, every post, the completeness windows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "evidence/capture.h"
#include "store/db.h"
#include "util/fsutil.h"
#include "collect/import.h"
#include "util/msg.h"
#include "util/banned.h"

#define READ_CHUNK (1L << 20)
#define HEAD_BYTES 65536

/* The sink import hands to a parser: defaults, and silence after a fault. */
struct isink {
	struct post_sink store;	/* the store's own sink */
	const struct import_opts *o;
	struct import_totals *t;
	int failed;		/* a record was refused: only check now */
	long records;
};

static int is_post(void *arg, const struct post_rec *r, struct buf *err)
{
	struct isink *k = arg;
	struct post_rec d;

	k->records++;
	if (k->failed)
		return 0;
	if (!k->o->platform)
		return k->store.post(k->store.arg, r, err);
	d = *r;		/* shallow: borrowed strings, never freed here */
	if (!d.platform)
		d.platform = (char *)k->o->platform;
	if (!d.account && !d.account_id && k->o->account &&
	    !strcmp(d.platform, k->o->platform))
		d.account = (char *)k->o->account;
	return k->store.post(k->store.arg, &d, err);
}

static int is_complete(void *arg, const char *platform, const char *account,
		       const char *account_id, int64_t from, int64_t to,
		       struct buf *err)
{
	struct isink *k = arg;

	if (k->failed)
		return 0;
	if (!account && !account_id)
		account = k->o->account;
	return k->store.complete(k->store.arg, platform ? platform :
				 k->o->platform, account, account_id, from,
				 to, err);
}

static int is_user(void *arg, const char *platform, const char *account,
		   const char *account_id, struct buf *err)
{
	struct isink *k = arg;

	if (k->failed)
		return 0;
	return k->store.user(k->store.arg, platform, account, account_id,
			     err);
}

static int is_gone(void *arg, const char *platform, const char *post_id,
		   const char *reason, struct buf *err)
{
	struct isink *k = arg;

	if (k->failed)
		return 0;
	return k->store.gone(k->store.arg, platform, post_id, reason, err);
}

static void is_warn(void *arg, const char *msg)
{
	struct isink *k = arg;

	k->store.warn(k->store.arg, msg);
	buf_addf(&k->t->warnings, "%s\n", msg);
}

/* Records a refused line (or, with line 0, a refused file). */
static void refuse(struct isink *k, long *n_msgs, const char *src,
		   long line, struct buf *why, struct buf *err)
{
	k->failed = 1;
	k->t->rejected++;
	if (++*n_msgs <= IMPORT_MAX_MESSAGES) {
		if (line)
			buf_addf(err, "%s:%ld: %s\n", src, line, why->s);
		else
			buf_addf(err, "%s: %s\n", src, why->s);
	}
	buf_reset(why);
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr(" \t\r\f\v", s[i]) || !s[i])
			return 0;
	return 1;
}

/*
 * Streams f a line at a time to fmt. Returns 0 when read to the end
 * (lines may still have been refused: see k->failed), -1 when reading
 * had to stop.
 */
static int read_lines(FILE *f, const struct post_format *fmt,
		      struct isink *k, const struct post_sink *sink,
		      const char *src, int64_t size, long *n_msgs,
		      struct buf *err)
{
	struct buf b = BUF_INIT, why = BUF_INIT;
	size_t start = 0, scan = 0, got;
	long line = 0;
	int64_t done = 0;
	int eof = 0, rc = -1;

	while (!eof) {
		buf_grow(&b, READ_CHUNK);
		got = fread(b.s + b.len, 1, READ_CHUNK, f);
		if (!got) {
			if (ferror(f)) {
				buf_addf(&why, "cannot read the stored "
					 "capture: %s", strerror(errno));
				refuse(k, n_msgs, src, 0, &why, err);
				goto out;
			}
			eof = 1;
		}
		b.len += got;
		done += (int64_t)got;
		for (;;) {
			char *nl = memchr(b.s + scan, '\n', b.len - scan);
			size_t n;

			if (!nl && !(eof && start < b.len))
				break;
			n = nl ? (size_t)(nl - b.s) - start : b.len - start;
			line++;
			b.s[start + n] = '\0';
			if (n && b.s[start + n - 1] == '\r') {
				b.s[start + n - 1] = '\0';
				n--;
			}
			if (!blank(b.s + start, n) &&
			    fmt->parse(sink, b.s + start, n, line, &why)) {
				if (store_db_failed(k->store.arg)) {
					buf_addf(err, "%s:%ld: %s\n", src, line,
						 why.s);
					rc = -2;
					goto out;
				}
				refuse(k, n_msgs, src, line, &why, err);
			}
			start = nl ? (size_t)(nl - b.s) + 1 : b.len;
			scan = start;
			if (!nl)
				break;
		}
		if ((int64_t)(b.len - start) > IMPORT_LINE_MAX) {
			buf_addf(&why, "line longer than %ld MiB; refusing the "
				 "file", IMPORT_LINE_MAX >> 20);
			refuse(k, n_msgs, src, line + 1, &why, err);
			goto out;
		}
		memmove(b.s, b.s + start, b.len - start);
		b.len -= start;
		scan = b.len;
		start = 0;
		msg_progress("importing", (unsigned long long)done,
			     (unsigned long long)size);
	}
	msg_progress_end();
	rc = 0;
out:
	buf_release(&b);
	buf_release(&why);
	return rc;
}

static int read_document(const char *path, const struct post_format *fmt,
			 struct isink *k, const struct post_sink *sink,
			 const char *src, int64_t size, long *n_msgs,
			 struct buf *err)
{
	struct buf doc = BUF_INIT, why = BUF_INIT;
	int rc = 0;

	if (size > IMPORT_DOC_MAX) {
		buf_addf(&why, "larger than %ld MiB, the limit for format "
			 "'%s'", IMPORT_DOC_MAX >> 20, fmt->name);
		refuse(k, n_msgs, src, 0, &why, err);
	} else if (fs_read_all(path, &doc, &why)) {
		buf_addf(err, "%s: %s\n", src, why.s);
		rc = -2;
	} else if (fmt->parse(sink, doc.s, doc.len, 0, &why)) {
		if (store_db_failed(k->store.arg)) {
			buf_addf(err, "%s: %s\n", src, why.s);
			rc = -2;
		} else {
			refuse(k, n_msgs, src, 0, &why, err);
		}
	}
	buf_release(&doc);
	buf_release(&why);
	return rc;
}

static void add_counts(struct store_counts *a, const struct store_counts *b)
{
	a->captures_new += b->captures_new;
	a->posts_seen += b->posts_seen;
	a->posts_new += b->posts_new;
	a->posts_changed += b->posts_changed;
	a->posts_deleted += b->posts_deleted;
	a->posts_restored += b->posts_restored;
	a->posts_unlinked += b->posts_unlinked;
	a->users_learnt += b->users_learnt;
	a->gone_unknown += b->gone_unknown;
	a->warnings += b->warnings;
}

/* Reads the first bytes of the stored capture and picks the format. */
static const struct post_format *pick_format(const struct import_opts *o,
					     FILE *f, struct buf *why)
{
	char head[HEAD_BYTES];
	const struct post_format *fmt;
	size_t n = fread(head, 1, sizeof(head), f);
	size_t i;

	rewind(f);
	if (o->format)
		return o->format;
	fmt = post_format_detect(head, n);
	if (fmt)
		return fmt;
	buf_adds(why, "cannot tell the format; name it with --format (one "
		 "of:");
	for (i = 0; post_formats[i]; i++)
		buf_addf(why, " %s", post_formats[i]->name);
	buf_addch(why, ')');
	return NULL;
}

int import_file(struct store *s, struct db *db, const char *path,
		const struct import_opts *o, struct import_totals *t,
		struct buf *err)
{
	struct capture cap = CAPTURE_INIT;
	struct buf why = BUF_INIT;
	struct isink k;
	struct post_sink sink;
	struct stat st;
	const struct post_format *fmt;
	FILE *in, *f = NULL;
	long n_msgs = 0;
	int rc = IMPORT_FAILED, in_tx = 0;

	memset(&k, 0, sizeof(k));
	store_sink(s, &k.store);
	k.o = o;
	k.t = t;
	sink.arg = &k;
	sink.post = is_post;
	sink.complete = is_complete;
	sink.user = is_user;
	sink.gone = is_gone;
	sink.warn = is_warn;
	t->files++;

	in = fs_open_read(path, &why);
	if (in && !fstat(fileno(in), &st) && S_ISDIR(st.st_mode))
		buf_adds(&why, "is a folder, not a file");
	if (!in || why.len) {
		refuse(&k, &n_msgs, path, 0, &why, err);
		rc = IMPORT_REFUSED;
		goto out;
	}
	if (capture_store(o->capture_dir, in, path, &cap, &why)) {
		buf_addf(err, "%s\n", why.s);
		goto out;
	}
	if (!cap.size) {
		buf_adds(&why, "empty file, no posts");
		refuse(&k, &n_msgs, path, 0, &why, err);
		rc = IMPORT_REFUSED;
		goto out;
	}
	f = fs_open_read(cap.path, &why);
	if (!f) {
		buf_addf(err, "%s\n", why.s);
		goto out;
	}
	fmt = pick_format(o, f, &why);
	if (!fmt) {
		refuse(&k, &n_msgs, path, 0, &why, err);
		rc = IMPORT_REFUSED;
		goto out;
	}
	/*
	 * The store writes every parent row (capture, post) before the rows
	 * that point at it and deletes nothing, so the per-row foreign-key
	 * searches are skipped for the bulk of an import; the pragma cannot
	 * change inside a transaction, so it is set around it.
	 */
	db_bulk(db, 1);
	if (db_begin(db, &why) ||
	    store_capture_begin(s, &cap, path, fmt->name, o->now, &why)) {
		buf_addf(err, "%s: %s\n", path, why.s);
		goto out;
	}
	in_tx = 1;
	if (fmt->line_based)
		rc = read_lines(f, fmt, &k, &sink, path, cap.size, &n_msgs,
				err);
	else
		rc = read_document(cap.path, fmt, &k, &sink, path, cap.size,
				   &n_msgs, err);
	if (rc == -2) {
		rc = IMPORT_FAILED;
		goto out;
	}
	if (!k.failed && !k.records && fmt->line_based) {
		buf_adds(&why, "no posts in the file");
		refuse(&k, &n_msgs, path, 0, &why, err);
	}
	if (k.failed) {
		if (n_msgs > IMPORT_MAX_MESSAGES)
			buf_addf(err, "%s: %ld more problems not shown\n",
				 path, n_msgs - IMPORT_MAX_MESSAGES);
		rc = IMPORT_REFUSED;
		goto out;
	}
	if ((o->complete && store_complete_all(s, &why)) ||
	    store_capture_end(s, &why) || db_commit(db, &why)) {
		buf_addf(err, "%s: %s\n", path, why.s);
		rc = IMPORT_FAILED;
		goto out;
	}
	in_tx = 0;
	add_counts(&t->c, store_counts(s));
	rc = IMPORT_OK;
out:
	if (in_tx)
		db_rollback(db);
	db_bulk(db, 0);
	if (rc != IMPORT_OK) {
		capture_discard(&cap);
		if (rc == IMPORT_REFUSED)
			t->files_refused++;
	}
	if (f)
		fclose(f);
	if (in && in != stdin)
		fclose(in);
	capture_release(&cap);
	buf_release(&why);
	return rc;
}

void import_totals_release(struct import_totals *t)
{
	buf_release(&t->warnings);
}
