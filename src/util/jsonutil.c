/* SPDX-License-Identifier: MIT */
/*
 * cJSON with the strictness netra needs: UTF-8 checked, long integers
 * kept as text, errors with line, column and JSON path; and the sink
 * hand-over helpers shared by the platform parsers. See jsonutil.h.
 * This file knows no platform.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonutil.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "collect/post.h"
#include "util/banned.h"

/* Integers with more digits than this may not survive a double. */
#define EXACT_DIGITS 15

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_num_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-';
}

/*
 * Copies s to out, quoting bare integer tokens longer than EXACT_DIGITS
 * outside strings. The output offsets of the quotes it inserts go to
 * *ins (ascending), so an error offset can be mapped back.
 */
static void quote_long_ints(const char *s, size_t len, struct buf *out,
			    size_t **ins, size_t *n_ins)
{
	size_t i = 0, alloc = 0;
	int in_str = 0;

	*ins = NULL;
	*n_ins = 0;
	while (i < len) {
		size_t j, digits;
		char c = s[i];

		if (in_str) {
			if (c == '\\' && i + 1 < len) {
				buf_add(out, s + i, 2);
				i += 2;
				continue;
			}
			if (c == '"')
				in_str = 0;
			buf_addch(out, c);
			i++;
			continue;
		}
		if (c == '"') {
			in_str = 1;
			buf_addch(out, c);
			i++;
			continue;
		}
		if (!(c == '-' || (c >= '0' && c <= '9')) ||
		    (i > 0 && is_num_char((unsigned char)s[i - 1]))) {
			buf_addch(out, c);
			i++;
			continue;
		}
		j = i + (c == '-');
		digits = 0;
		while (j < len && s[j] >= '0' && s[j] <= '9') {
			j++;
			digits++;
		}
		if (digits > EXACT_DIGITS &&
		    (j == len || !is_num_char((unsigned char)s[j]))) {
			if (*n_ins + 2 > alloc) {
				alloc = alloc ? alloc * 2 : 16;
				*ins = xrealloc(*ins, alloc * sizeof(**ins));
			}
			(*ins)[(*n_ins)++] = out->len;
			buf_addch(out, '"');
			buf_add(out, s + i, j - i);
			(*ins)[(*n_ins)++] = out->len;
			buf_addch(out, '"');
		} else {
			buf_add(out, s + i, j - i);
		}
		i = j;
	}
}

/*
 * Where s[0..len) ends inside a string, the offset of that string's
 * opening quote; otherwise (size_t)-1. *depth gets the brackets left
 * open. A truncated document ends inside a string or with depth > 0.
 */
static size_t open_string(const char *s, size_t len, int *depth)
{
	size_t i, start = (size_t)-1;
	int in_str = 0;

	*depth = 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
			start = i;
		} else if (c == '{' || c == '[') {
			(*depth)++;
		} else if (c == '}' || c == ']') {
			(*depth)--;
		}
	}
	return in_str ? start : (size_t)-1;
}

static void line_col(const char *s, size_t off, long *line, long *col)
{
	size_t i, start = 0;

	*line = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	}
	*col = (long)(off - start) + 1;
}

static void add_where(struct buf *err, const char *what, const char *s,
		      size_t off, int one_line)
{
	long line, col;

	line_col(s, off, &line, &col);
	if (one_line && line == 1)
		buf_addf(err, "%s at column %ld", what, col);
	else
		buf_addf(err, "%s at line %ld, column %ld", what, line, col);
}

cJSON *json_parse(const char *data, size_t len, int one_line,
		  struct buf *err)
{
	struct buf copy = BUF_INIT;
	size_t *ins = NULL, n_ins = 0, bad, off, k, end, skip = 0;
	size_t str_start;
	int depth;
	const char *stop = NULL;
	cJSON *root = NULL;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		skip = 3;
	if (!utf8_valid(data, len, &bad)) {
		add_where(err, "invalid UTF-8", data, bad, one_line);
		buf_addf(err, " (byte 0x%02x)", (unsigned char)data[bad]);
		return NULL;
	}
	for (end = len; end > skip && is_ws((unsigned char)data[end - 1]);)
		end--;
	if (end == skip) {
		buf_adds(err, "empty input: no JSON value");
		return NULL;
	}
	quote_long_ints(data + skip, len - skip, &copy, &ins, &n_ins);
	root = cJSON_ParseWithLengthOpts(copy.s, copy.len, &stop, 0);
	off = stop ? (size_t)(stop - copy.s) : 0;
	if (root) {
		size_t p = off;

		while (p < copy.len && is_ws((unsigned char)copy.s[p]))
			p++;
		if (p == copy.len)
			goto out;
		cJSON_Delete(root);
		root = NULL;
		off = p;
	}
	/* map the offset in copy back to data */
	for (k = 0; k < n_ins && ins[k] < off; k++)
		;
	off = off - k + skip;
	if (off > len)
		off = len;
	str_start = open_string(data, end, &depth);
	if (!stop) {
		buf_adds(err, "invalid JSON");
	} else if (off + 1 >= end || (str_start != (size_t)-1 &&
				     off >= str_start)) {
		add_where(err, "invalid JSON", data, end, one_line);
		buf_adds(err, ": unexpected end of input");
		if (str_start != (size_t)-1 || depth > 0)
			buf_adds(err, " (truncated?)");
	} else {
		unsigned char c = (unsigned char)data[off];

		add_where(err, "invalid JSON", data, off, one_line);
		if (c > 0x20 && c < 0x7f)
			buf_addf(err, ": unexpected '%c'", c);
		else
			buf_addf(err, ": unexpected byte 0x%02x", c);
	}
out:
	free(ins);
	buf_release(&copy);
	return root;
}

const char *json_type_name(const cJSON *item)
{
	if (!item)
		return "nothing";
	switch (item->type & 0xff) {
	case cJSON_False:
	case cJSON_True:
		return "a boolean";
	case cJSON_NULL:
		return "null";
	case cJSON_Number:
		return "a number";
	case cJSON_String:
		return "a string";
	case cJSON_Array:
		return "an array";
	case cJSON_Object:
		return "an object";
	default:
		return "an invalid value";
	}
}

static const char *wanted_name(int type)
{
	switch (type) {
	case cJSON_Object:
		return "an object";
	case cJSON_Array:
		return "an array";
	case cJSON_String:
		return "a string";
	case cJSON_Number:
		return "a number";
	default:
		return "another type";
	}
}

static void add_path(struct buf *err, const char *path, const char *key)
{
	if (path && *path && key && *key)
		buf_addf(err, "%s.%s: ", path, key);
	else if (path && *path)
		buf_addf(err, "%s: ", path);
	else if (key && *key)
		buf_addf(err, "%s: ", key);
}

void json_fail(struct buf *err, const char *path, const char *key,
	       const char *fmt, ...)
{
	va_list ap;

	add_path(err, path, key);
	va_start(ap, fmt);
	buf_vaddf(err, fmt, ap);
	va_end(ap);
}

void json_quote(struct buf *b, const char *s)
{
	size_t i;

	buf_addch(b, '\'');
	for (i = 0; s[i] && i < 160; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\')
			buf_addf(b, "\\x%02x", c);
		else
			buf_addch(b, c);
	}
	if (s[i]) {
		/* do not cut a UTF-8 sequence in half */
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
			i--;
			buf_setlen(b, b->len - 1);
			if (((unsigned char)s[i] & 0xC0) != 0x80)
				break;
		}
		buf_adds(b, "...");
	}
	buf_addch(b, '\'');
}

int json_member(const cJSON *obj, const char *path, const char *key,
		int type, int required, const cJSON **out, struct buf *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!it || cJSON_IsNull(it)) {
		if (!required)
			return 0;
		json_fail(err, path, key, "missing");
		return -1;
	}
	if ((it->type & 0xff) != type) {
		json_fail(err, path, key, "expected %s, found %s",
			  wanted_name(type), json_type_name(it));
		return -1;
	}
	*out = it;
	return 0;
}

int json_str(const cJSON *obj, const char *path, const char *key,
	     int required, const char **out, struct buf *err)
{
	const cJSON *it;

	*out = NULL;
	if (json_member(obj, path, key, cJSON_String, required, &it, err))
		return -1;
	if (it)
		*out = it->valuestring;
	return 0;
}

static int id_char_ok(enum json_id_kind kind, unsigned char c)
{
	if (c >= '0' && c <= '9')
		return 1;
	switch (kind) {
	case JSON_ID_DIGITS:
	case JSON_ID_DIGITS_STR:
		return 0;
	case JSON_ID_FB:
		return c == '_';
	case JSON_ID_TOKEN:
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       c == '_' || c == '-' || c == '.';
	}
	return 0;
}

int json_id_item(const cJSON *it, const char *path, const char *key,
		 enum json_id_kind kind, char **out, struct buf *err)
{
	struct buf b = BUF_INIT;
	size_t i;

	*out = NULL;
	if (cJSON_IsNumber(it)) {
		double d = it->valuedouble;

		/* json_parse() left only numbers of <= 15 digits */
		if (kind == JSON_ID_DIGITS_STR) {
			json_fail(err, path, key, "expected a string, found %s",
				  "a number");
			return -1;
		}
		if (kind == JSON_ID_TOKEN || d < 0 || d > 999999999999999.0 ||
		    d != (double)(int64_t)d) {
			json_fail(err, path, key, "%s is not an id",
				  "a number");
			return -1;
		}
		buf_addf(&b, "%lld", (long long)d);
		*out = buf_detach(&b, NULL);
		return 0;
	}
	if (!cJSON_IsString(it)) {
		json_fail(err, path, key, "expected a string, found %s",
			  json_type_name(it));
		return -1;
	}
	if (!*it->valuestring) {
		json_fail(err, path, key, "empty id");
		return -1;
	}
	for (i = 0; it->valuestring[i]; i++) {
		if (i >= 128 ||
		    !id_char_ok(kind, (unsigned char)it->valuestring[i])) {
			add_path(err, path, key);
			json_quote(err, it->valuestring);
			buf_adds(err, kind == JSON_ID_DIGITS ||
				 kind == JSON_ID_DIGITS_STR ?
				 " is not a numeric id" : " is not an id");
			return -1;
		}
	}
	*out = xstrdup(it->valuestring);
	return 0;
}

int json_id(const cJSON *obj, const char *path, const char *key,
	    int required, enum json_id_kind kind, char **out,
	    struct buf *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!it || cJSON_IsNull(it)) {
		if (!required)
			return 0;
		json_fail(err, path, key, "missing");
		return -1;
	}
	return json_id_item(it, path, key, kind, out, err);
}

int json_time(const cJSON *obj, const char *path, const char *key,
	      int required, int64_t *out, struct buf *err)
{
	const char *s;

	*out = POST_TIME_UNKNOWN;
	if (json_str(obj, path, key, required, &s, err))
		return -1;
	if (!s)
		return 0;
	if (time_parse_iso(s, out, 0)) {
		add_path(err, path, key);
		json_quote(err, s);
		buf_adds(err, " is not an ISO 8601 time");
		*out = POST_TIME_UNKNOWN;
		return -1;
	}
	return 0;
}

int json_int(const cJSON *obj, const char *path, const char *key,
	     int required, int64_t *out, int *found, struct buf *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (found)
		*found = 0;
	if (!it || cJSON_IsNull(it)) {
		if (!required)
			return 0;
		json_fail(err, path, key, "missing");
		return -1;
	}
	if (cJSON_IsNumber(it)) {
		double d = it->valuedouble;

		if (d < -999999999999999.0 || d > 999999999999999.0 ||
		    d != (double)(int64_t)d) {
			json_fail(err, path, key, "not an integer");
			return -1;
		}
		*out = (int64_t)d;
	} else if (cJSON_IsString(it)) {
		if (parse_i64z(it->valuestring, out)) {
			add_path(err, path, key);
			json_quote(err, it->valuestring);
			buf_adds(err, " is not an integer");
			return -1;
		}
	} else {
		json_fail(err, path, key, "expected a number, found %s",
			  json_type_name(it));
		return -1;
	}
	if (found)
		*found = 1;
	return 0;
}

char *json_handle(const char *s)
{
	char *h, *p;

	if (!s)
		return NULL;
	if (*s == '@')
		s++;
	h = xstrdup(s);
	for (p = h; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return h;
}

char *json_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int source_post(const struct post_sink *sink, struct post_rec *r,
		struct buf *err)
{
	int rc = 0;

	if (sink && sink->post)
		rc = sink->post(sink->arg, r, err) ? -1 : 0;
	post_rec_release(r);
	return rc;
}

int source_user(const struct post_sink *sink, const char *platform,
		const char *account, const char *account_id,
		struct buf *err)
{
	if (!sink || !sink->user || !account || !account_id)
		return 0;
	return sink->user(sink->arg, platform, account, account_id, err) ?
	       -1 : 0;
}

int source_gone(const struct post_sink *sink, const char *platform,
		const char *post_id, const char *reason, struct buf *err)
{
	if (!sink || !sink->gone)
		return 0;
	return sink->gone(sink->arg, platform, post_id, reason, err) ? -1 : 0;
}

void source_warn(const struct post_sink *sink, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!sink || !sink->warn)
		return;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	sink->warn(sink->arg, b.s);
	buf_release(&b);
}

int head_has(const char *head, size_t len, const char *needle)
{
	return memmem(head, len, needle, strlen(needle)) != NULL;
}

int head_key(const char *head, size_t len, const char *key,
	     const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);
	const char *p = head, *end = head + len;

	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), key, klen);
		const char *r;

		if (!q)
			return 0;
		r = q + klen;
		if (q > head && q[-1] == '"' && r < end && *r == '"') {
			r++;
			while (r < end && is_ws((unsigned char)*r))
				r++;
			if (r < end && *r == ':') {
				r++;
				while (r < end && is_ws((unsigned char)*r))
					r++;
				if ((size_t)(end - r) >= vlen &&
				    !memcmp(r, value, vlen))
					return 1;
			}
		}
		p = q + klen;
	}
	return 0;
}

int head_first(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(head, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < len; i++)
		if (!is_ws((unsigned char)head[i]))
			return (unsigned char)head[i];
	return 0;
}
