/* SPDX-License-Identifier: MIT */
/*
 * A post as every parser produces it, whatever the platform or format,
 * and the interface between the parsers (source_*.c, the canonical JSONL
 * reader) and the store (import.c). Parsers never touch the database:
 * they read bytes and call the sink's callbacks.
 */
#ifndef NETRA_COLLECT_POST_H
#define NETRA_COLLECT_POST_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define POST_TIME_UNKNOWN INT64_MIN

struct post_media {
	char *type;		/* "photo", "video", "animated_gif", ... */
	char *url;
	char *alt;		/* alt text, or NULL */
};

/*
 * All strings are owned by the record (post_rec_release() frees them)
 * and UTF-8. Ids are kept as text exactly as the platform wrote them,
 * never through a double.
 */
struct post_rec {
	char *platform;		/* "x", "youtube", "instagram", "facebook",
				   "tiktok" */
	char *post_id;		/* required */
	char *account;		/* author's handle, canonical (handle.h),
				   or NULL when only the id is known */
	char *account_id;	/* author's platform user id, or NULL */
	int64_t posted_at;	/* unix seconds UTC, or POST_TIME_UNKNOWN */
	char *kind;		/* post reply repost quote comment like
				   follow */
	char *text;		/* may be NULL (likes, follows) */
	char *url;		/* link to the post on the platform, or NULL */
	char *ref_account;	/* what a repost/quote/reply/comment/like/
				   follow points at: handle ... */
	char *ref_account_id;	/* ... platform user id ... */
	char *ref_post_id;	/* ... and post id (NULL for a follow) */
	char *edit_of;		/* X: the first id of edit_history_tweet_ids
				   when this post is an edit, else NULL */
	struct post_media *media;
	size_t n_media;
	int deleted;		/* the platform reports this post deleted */
	long line;		/* line of the file it came from, for
				   messages; 0 when not line-based */
};

void post_rec_init(struct post_rec *r);
void post_rec_release(struct post_rec *r);
void post_rec_add_media(struct post_rec *r, const char *type,
			const char *url, const char *alt);

/*
 * What a parser reports to. Every callback returns 0, or -1 with a
 * message in err to refuse the record (the parser then stops and returns
 * -1: a file is one transaction).
 */
struct post_sink {
	void *arg;
	/* One post (or like, follow, comment). The sink copies what it keeps. */
	int (*post)(void *arg, const struct post_rec *r, struct buf *err);
	/*
	 * The capture holds the complete list of account's posts between
	 * from and to (inclusive, unix seconds): a stored post of that
	 * account in that window that is absent from the capture has been
	 * deleted. Called only where the format guarantees completeness.
	 */
	int (*complete)(void *arg, const char *platform, const char *account,
			const char *account_id, int64_t from, int64_t to,
			struct buf *err);
	/* A handle <-> platform user id pair learnt from the data. */
	int (*user)(void *arg, const char *platform, const char *account,
		    const char *account_id, struct buf *err);
	/* A post the platform reports deleted or unavailable, by id. */
	int (*gone)(void *arg, const char *platform, const char *post_id,
		    const char *reason, struct buf *err);
	/*
	 * A non-fatal problem inside otherwise good data (X's partial
	 * "errors" in a 200 response): counted and shown, not refused.
	 */
	void (*warn)(void *arg, const char *msg);
};

/*
 * One input format. Whole-document formats get the whole file in parse();
 * line-based ones get one line at a time (never the whole file: a 300 MB
 * JSONL must stream). detect() sees the first bytes of the file.
 */
struct post_format {
	const char *name;	/* as given to --format */
	int line_based;
	/* 1 when head (the first len bytes) looks like this format */
	int (*detect)(const char *head, size_t len);
	int (*parse)(const struct post_sink *sink, const char *data,
		     size_t len, long line, struct buf *err);
};

/* The known formats (formats.c), NULL-terminated, in detection order. */
extern const struct post_format *const post_formats[];
/* By --format name; NULL when unknown. */
const struct post_format *post_format_by_name(const char *name);
/* The format whose detect() accepts head; NULL when none does. */
const struct post_format *post_format_detect(const char *head, size_t len);

#endif
