/* SPDX-License-Identifier: MIT */
/*
 * What every platform parser (source_*.c) needs around cJSON: a strict
 * parse that reports line and column, keeps 16+ digit integers exact,
 * and typed member getters whose messages name the JSON path
 * ("data[3].id: missing"). Also the small helpers that hand records to
 * a post_sink, which may have NULL callbacks.
 *
 * Lifetimes: a const char * returned by a getter is borrowed from the
 * cJSON tree and lives until cJSON_Delete(root). A char * is the
 * caller's.
 */
#ifndef NETRA_UTIL_JSONUTIL_H
#define NETRA_UTIL_JSONUTIL_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

struct buf;
struct post_rec;
struct post_sink;

/*
 * Parses data[0..len) as one JSON value. Before cJSON sees it:
 *   - the whole input must be valid UTF-8 (cJSON does not check);
 *   - a UTF-8 byte order mark is skipped;
 *   - every bare integer token of more than 15 digits outside strings
 *     is turned into a string, so an id such as 7318014939153409326
 *     reaches the tree as the text "7318014939153409326" instead of a
 *     rounded double (TikTok and sometimes Meta write ids as numbers).
 * Anything but whitespace after the value is an error. On error returns
 * NULL and appends e.g. "invalid JSON at line 3, column 17: unexpected
 * end of input" to err; positions are in the original data, columns
 * count bytes from 1. With one_line (a line of a JSONL file, whose line
 * the caller names) the message gives the column only.
 */
cJSON *json_parse(const char *data, size_t len, int one_line,
		  struct buf *err);

/* "a string", "a number", "an object", ... for messages. */
const char *json_type_name(const cJSON *item);

/*
 * Appends what went wrong at path.key (or key alone when path is ""),
 * e.g. json_fail(err, "data[3]", "id", "missing").
 */
void json_fail(struct buf *err, const char *path, const char *key,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Appends s for a message: single-quoted, at most 160 bytes (then "..."),
 * control characters and quotes shown as \xNN, so hostile text cannot
 * break a log line.
 */
void json_quote(struct buf *b, const char *s);

/*
 * Member key of obj with the given cJSON type (cJSON_Object, cJSON_Array,
 * cJSON_String, ...). *out is NULL when the member is absent or null and
 * not required. Returns 0, or -1 with "path.key: missing" or
 * "path.key: expected an array, found a string".
 */
int json_member(const cJSON *obj, const char *path, const char *key,
		int type, int required, const cJSON **out, struct buf *err);

/* A string member; *out borrowed, NULL when absent and optional. */
int json_str(const cJSON *obj, const char *path, const char *key,
	     int required, const char **out, struct buf *err);

/* What an id may consist of. */
enum json_id_kind {
	JSON_ID_DIGITS,		/* TikTok, Instagram: 0-9 */
	JSON_ID_DIGITS_STR,	/* X v2: 0-9, and only ever a string */
	JSON_ID_FB,		/* Facebook: digits, '_' between parts */
	JSON_ID_TOKEN		/* YouTube: A-Z a-z 0-9 _ - . */
};

/*
 * An id member as exact text: a string, or a number (which json_parse()
 * guarantees came from at most 15 digits when it is an integer, so it is
 * exact). Refused: empty, longer than 128 bytes, characters outside
 * kind, fractions. *out is the caller's (NULL when absent and optional).
 */
int json_id(const cJSON *obj, const char *path, const char *key,
	    int required, enum json_id_kind kind, char **out,
	    struct buf *err);

/* The same checks on an id that is itself an array element or value. */
int json_id_item(const cJSON *item, const char *path, const char *key,
		 enum json_id_kind kind, char **out, struct buf *err);

/*
 * An ISO 8601 time member (parse.h's time_parse_iso, offset required).
 * *out is POST_TIME_UNKNOWN when absent and optional.
 */
int json_time(const cJSON *obj, const char *path, const char *key,
	      int required, int64_t *out, struct buf *err);

/*
 * An integer member: an integral JSON number, or a string of digits
 * (exact through parse_i64). *out untouched when absent and optional;
 * *found says whether it was there (found may be NULL).
 */
int json_int(const cJSON *obj, const char *path, const char *key,
	     int required, int64_t *out, int *found, struct buf *err);

/*
 * A copy of a handle in the canonical form of handle.h for x, instagram
 * and tiktok (ASCII lower case, without a leading '@'). A stand-in until
 * handle_normalize() is merged: the store should still pass every handle
 * through handle_normalize().
 */
char *json_handle(const char *s);

/* xstrdup(s) or NULL. */
char *json_dup(const char *s);

/*
 * Hand-overs to a sink whose callbacks may be NULL. source_post()
 * releases r whatever happens. All return 0 or the callback's -1.
 */
int source_post(const struct post_sink *sink, struct post_rec *r,
		struct buf *err);
int source_user(const struct post_sink *sink, const char *platform,
		const char *account, const char *account_id,
		struct buf *err);
int source_gone(const struct post_sink *sink, const char *platform,
		const char *post_id, const char *reason, struct buf *err);
void source_warn(const struct post_sink *sink, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* 1 when needle occurs in head[0..len). */
int head_has(const char *head, size_t len, const char *needle);
/*
 * 1 when head holds "key" followed by optional whitespace, ':', optional
 * whitespace and then the bytes of value (a prefix: pass "\"youtube#" or
 * "{" or "[").
 */
int head_key(const char *head, size_t len, const char *key,
	     const char *value);
/* The first byte of head that is not JSON whitespace, or 0. */
int head_first(const char *head, size_t len);

#endif
