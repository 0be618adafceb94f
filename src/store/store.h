/* SPDX-License-Identifier: MIT */
/*
 * The post store: posts, their versions, deletion marks, and the captures
 * they came from (schema/003_posts.sql). It implements everything a
 * post_sink offers (post.h): post, complete, user, gone and warn.
 *
 * Rules it keeps:
 *   - a post is unique by (platform, post_id); seeing it again with the
 *     same text and media adds nothing but the capture link; with other
 *     text or media it adds a version (both kept);
 *   - a post is never removed: absent from a complete capture of its
 *     author's timeline, flagged deleted in a record, or reported gone,
 *     it gets deleted_at (the import time) and a post_deletion row;
 *   - a deleted post seen again in a new capture loses deleted_at; its
 *     post_deletion rows stay, with restored_at set;
 *   - posts link to civil servants by a join at query time (view
 *     post_owner); the store only counts new posts whose author is in no
 *     registry account (posts_unlinked), and fills
 *     account.platform_user_id when a record names both handle and id.
 *
 * The caller owns the transaction: store_capture_begin() .. _end() run
 * inside one, so that a refused file rolls everything back.
 */
#ifndef NETRA_STORE_STORE_H
#define NETRA_STORE_STORE_H

#include <stdint.h>

#include "collect/post.h"

struct db;

struct buf;
struct capture;

struct store_counts {
	long captures_new;	/* capture rows added */
	long posts_seen;	/* records stored (new or not) */
	long posts_new;
	long posts_changed;	/* new version of a known post */
	long posts_deleted;	/* newly marked deleted */
	long posts_restored;	/* deleted, then seen again */
	long posts_unlinked;	/* new posts of no registry account */
	long users_learnt;	/* account.platform_user_id filled */
	long gone_unknown;	/* gone() for a post netra never stored */
	long warnings;		/* sink->warn() calls */
};

struct store;

/* Prepares the statements. NULL with a message in err on failure. */
struct store *store_new(struct db *db, struct buf *err);
void store_free(struct store *s);

/*
 * Starts storing the posts of capture c (already on disk), read as
 * format, at time now: finds or inserts the capture row. Counts restart
 * at zero. Returns 0 or -1 (err).
 */
int store_capture_begin(struct store *s, const struct capture *c,
			const char *source, const char *format, int64_t now,
			struct buf *err);
/*
 * Declares the capture complete for every author it holds, over the span
 * of that author's posts in it (import --complete).
 */
int store_complete_all(struct store *s, struct buf *err);
/* Applies the complete() windows; call before committing. */
int store_capture_end(struct store *s, struct buf *err);
const struct store_counts *store_counts(const struct store *s);
/*
 * 1 when a call since store_capture_begin() failed in the database (exit
 * 5) rather than refusing its input (exit 3).
 */
int store_db_failed(const struct store *s);

/* The sink callbacks, also callable directly. */
int store_post(struct store *s, const struct post_rec *r, struct buf *err);
int store_complete(struct store *s, const char *platform,
		   const char *account, const char *account_id, int64_t from,
		   int64_t to, struct buf *err);
int store_user(struct store *s, const char *platform, const char *account,
	       const char *account_id, struct buf *err);
int store_gone(struct store *s, const char *platform, const char *post_id,
	       const char *reason, struct buf *err);
void store_warn(struct store *s, const char *msg);
/* Fills sink with the callbacks above, bound to s. */
void store_sink(struct store *s, struct post_sink *sink);

/* 1 when name is a platform as stored ("x", "instagram", ...). */
int store_platform_valid(const char *name);
/* 1 when name is a post kind ("post", "reply", ...). */
int store_kind_valid(const char *name);

/*
 * The canonical form of an account handle for platform (handle.h's
 * handle_normalize()), appended to out. Returns 0, or -1 with a message
 * (no location) in err.
 */
int store_canon_account(const char *platform, const char *raw,
			struct buf *out, struct buf *err);
/* 1 when handle normalisation is linked in (see store.c). */
int store_have_handle_rules(void);

#endif
