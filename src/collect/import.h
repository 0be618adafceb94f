/* SPDX-License-Identifier: MIT */
/*
 * Importing post files: each file is stored as a capture (capture.h),
 * read through its format (post.h: given, or detected from its first
 * bytes) and stored (store.h), all in one transaction. A refused file
 * leaves nothing behind: no posts, no capture row, no capture file.
 *
 * Line-based formats are streamed a line at a time from the stored
 * capture; a line may be up to IMPORT_LINE_MAX bytes. A bad line does
 * not stop the reading: every bad line of a file is reported (the first
 * IMPORT_MAX_MESSAGES of them), then the file is rolled back.
 */
#ifndef NETRA_COLLECT_IMPORT_H
#define NETRA_COLLECT_IMPORT_H

#include <stdint.h>

#include "util/buf.h"
#include "collect/post.h"
#include "store/store.h"

struct db;

#define IMPORT_LINE_MAX (16L << 20)	/* 16 MiB */
#define IMPORT_DOC_MAX (512L << 20)	/* whole-document formats */
#define IMPORT_MAX_MESSAGES 10		/* per file */

/* The canonical JSONL format (source_jsonl.c). */
extern const struct post_format source_jsonl_format;

struct import_opts {
	const struct post_format *format; /* NULL: detect per file */
	const char *platform;	/* for records that name none, or NULL */
	const char *account;	/* canonical; for records naming no author */
	int complete;		/* files are complete timeline captures */
	const char *capture_dir; /* where captures are stored */
	int64_t now;		/* import time (netra_now()) */
};

struct import_totals {
	long files;		/* files given */
	long files_refused;
	long rejected;		/* records refused (a file refused as a
				   whole counts one) */
	struct store_counts c;	/* summed over the committed files */
	struct buf warnings;	/* sink->warn() messages, one a line */
};

#define IMPORT_TOTALS_INIT { 0, 0, 0, { 0 }, BUF_INIT }

enum import_result {
	IMPORT_OK = 0,
	IMPORT_REFUSED = -1,	/* bad input: nothing of the file kept */
	IMPORT_FAILED = -2	/* database or file-system error */
};

/*
 * Imports path ("-" is standard input) with s (see store_new()) into
 * its database. Adds to t. Returns an enum import_result; messages, one
 * a line with "file:line: " in front, are appended to err.
 */
int import_file(struct store *s, struct db *db, const char *path,
		const struct import_opts *o, struct import_totals *t,
		struct buf *err);

void import_totals_release(struct import_totals *t);

#endif
