/* SPDX-License-Identifier: MIT */
/*
 * jsonutil.c, the JSON layer under the platform parsers: long integer
 * ids survive exactly, error positions are right even after the long
 * integers were quoted, ids and times are checked, hostile text is
 * quoted safely in messages, and the cheap detection helpers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/jsonutil.h"
#include "collect/post.h"
#include "tap.h"

/* Parses s and returns the id member "id" of its first object, or NULL. */
static char *id_of(const char *s, struct buf *err)
{
	cJSON *root = json_parse(s, strlen(s), 0, err);
	const cJSON *o = cJSON_IsArray(root) ? cJSON_GetArrayItem(root, 0) :
			 root;
	char *id = NULL;

	if (root)
		json_id(o, "data", "id", 1, JSON_ID_DIGITS, &id, err);
	cJSON_Delete(root);
	return id;
}

static void is_parse_err(const char *doc, int one_line, const char *want,
			 const char *name)
{
	struct buf err = BUF_INIT;
	cJSON *root = json_parse(doc, strlen(doc), one_line, &err);

	ok(!root, "%s: refused", name);
	is_str(err.s, want, "%s: message", name);
	cJSON_Delete(root);
	buf_release(&err);
}

static void test_long_ids(void)
{
	struct buf err = BUF_INIT;
	char *id;
	cJSON *root;
	const char *doc;

	id = id_of("{\"id\": 7318014939153409326}", &err);
	is_str(id, "7318014939153409326", "19-digit number id is exact");
	free(id);
	id = id_of("[{\"id\":18446744073709551615}]", &err);
	is_str(id, "18446744073709551615", "UINT64_MAX id is exact");
	free(id);
	id = id_of("{\"id\":\n1234567890123456}", &err);
	is_str(id, "1234567890123456", "16 digits are quoted too");
	free(id);
	id = id_of("{\"id\": 123456789012345}", &err);
	is_str(id, "123456789012345", "15 digits stay a number, still exact");
	free(id);
	id = id_of("{\"id\": \"7318014939153409326\"}", &err);
	is_str(id, "7318014939153409326", "string id as is");
	free(id);

	doc = "{\"s\": \"x\\\" 7318014939153409326 \\\\\", \"f\": "
	      "1.2345678901234567, \"e\": 12345678901234567e2, "
	      "\"n\": -7318014939153409326, \"a\": [7318014939153409326]}";
	root = json_parse(doc, strlen(doc), 0, &err);
	ok(root != NULL, "mixed document parses");
	is_str(cJSON_GetObjectItem(root, "s")->valuestring,
	       "x\" 7318014939153409326 \\", "digits inside strings untouched");
	ok(cJSON_IsNumber(cJSON_GetObjectItem(root, "f")),
	   "a fraction stays a number");
	ok(cJSON_IsNumber(cJSON_GetObjectItem(root, "e")),
	   "an exponent stays a number");
	is_str(cJSON_GetObjectItem(root, "n")->valuestring,
	       "-7318014939153409326", "negative long integer kept as text");
	is_str(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "a"), 0)->
	       valuestring, "7318014939153409326", "in an array too");
	cJSON_Delete(root);

	buf_reset(&err);
	id = id_of("{\"id\": 12.5}", &err);
	ok(!id, "a fraction is not an id");
	is_str(err.s, "data.id: a number is not an id", "its message");
	buf_reset(&err);
	id = id_of("{\"id\": \"12a\"}", &err);
	is_str(err.s, "data.id: '12a' is not a numeric id", "letters refused");
	buf_reset(&err);
	id = id_of("{\"id\": \"\"}", &err);
	is_str(err.s, "data.id: empty id", "empty id refused");
	buf_reset(&err);
	id = id_of("{\"id\": true}", &err);
	is_str(err.s, "data.id: expected a string, found a boolean",
	       "boolean id refused");
	buf_reset(&err);
	id = id_of("{}", &err);
	is_str(err.s, "data.id: missing", "missing id");
	buf_release(&err);
}

static void test_errors(void)
{
	struct buf err = BUF_INIT;
	cJSON *root;

	is_parse_err("{\"id\": 7318014939153409326, \"x\": tru}", 0,
		     "invalid JSON at line 1, column 34: unexpected 't'",
		     "column after a quoted long integer");
	is_parse_err("{\n  \"a\": [1, 2,,]\n}", 0,
		     "invalid JSON at line 2, column 14: unexpected ','",
		     "line and column");
	is_parse_err("{\"a\": \"unterminated", 1,
		     "invalid JSON at column 20: unexpected end of input "
		     "(truncated?)", "truncated inside a string, one line");
	is_parse_err("{\"a\": [1, 2\n", 0,
		     "invalid JSON at line 1, column 12: unexpected end of "
		     "input (truncated?)", "truncated inside an array");
	is_parse_err("{} {}", 0,
		     "invalid JSON at line 1, column 4: unexpected '{'",
		     "data after the value");
	is_parse_err(" \n\t", 0, "empty input: no JSON value", "blank");
	is_parse_err("", 0, "empty input: no JSON value", "empty");
	is_parse_err("{\"a\": \"caf\xe9\"}", 0,
		     "invalid UTF-8 at line 1, column 11 (byte 0xe9)",
		     "invalid UTF-8");
	is_parse_err("{\"a\": \"\xed\xa0\x80\"}", 0,
		     "invalid UTF-8 at line 1, column 8 (byte 0xed)",
		     "encoded surrogate");
	is_parse_err("{\"a\": \"\\ud800\"}", 0,
		     "invalid JSON at line 1, column 8: unexpected '\\'",
		     "lone surrogate escape");

	root = json_parse("\xef\xbb\xbf{\"a\": 1}\n", 12, 0, &err);
	ok(root != NULL, "a byte order mark is skipped");
	cJSON_Delete(root);
	buf_release(&err);
}

static void test_getters(void)
{
	static const char doc[] = "{\"t\": \"2024-11-20T10:15:00+07:00\", "
		"\"bad\": \"2024-13-01\", \"n\": 1732072500, \"s\": \"42\", "
		"\"f\": 1.5, \"o\": {}}";
	struct buf err = BUF_INIT, q = BUF_INIT;
	cJSON *root = json_parse(doc, sizeof(doc) - 1, 0, &err);
	int64_t t = 0;
	const char *s;
	const cJSON *it;
	int found = 0;

	ok(!json_time(root, "data[2]", "t", 1, &t, &err) && t == 1732072500,
	   "ISO time with +07:00");
	ok(json_time(root, "data[2]", "bad", 1, &t, &err), "bad time");
	is_str(err.s, "data[2].bad: '2024-13-01' is not an ISO 8601 time",
	       "bad time message");
	ok(!json_time(root, "", "none", 0, &t, &err) &&
	   t == POST_TIME_UNKNOWN, "absent optional time is unknown");
	ok(!json_int(root, "", "n", 1, &t, &found, &err) &&
	   t == 1732072500 && found, "integer number");
	ok(!json_int(root, "", "s", 1, &t, &found, &err) && t == 42,
	   "integer in a string");
	buf_reset(&err);
	ok(json_int(root, "", "f", 1, &t, &found, &err), "fraction refused");
	is_str(err.s, "f: not an integer", "fraction message");
	buf_reset(&err);
	ok(json_str(root, "x", "o", 1, &s, &err), "object is not a string");
	is_str(err.s, "x.o: expected a string, found an object",
	       "type message");
	buf_reset(&err);
	ok(json_member(root, "x", "o", cJSON_Array, 0, &it, &err),
	   "object is not an array");
	ok(!json_member(root, "x", "zz", cJSON_Array, 0, &it, &err) && !it,
	   "absent optional member");
	cJSON_Delete(root);

	json_quote(&q, "a'b\nc\x1b");
	is_str(q.s, "'a\\x27b\\x0ac\\x1b'", "quote escapes controls");
	buf_reset(&q);
	{
		struct buf long_s = BUF_INIT;
		size_t i;

		for (i = 0; i < 159; i++)
			buf_addch(&long_s, 'a');
		buf_adds(&long_s, "\xe2\x9c\x8c tail");
		json_quote(&q, long_s.s);
		is_int(q.len, 1 + 159 + 3 + 1, "cut before a split emoji");
		buf_release(&long_s);
	}
	buf_release(&q);
	buf_release(&err);
}

static void test_heads(void)
{
	static const char h[] = "{\n  \"kind\" :  "
		"\"youtube#videoListResponse\","
		" \"data\":{\"videos\": []}}";

	ok(head_key(h, sizeof(h) - 1, "kind", "\"youtube#"),
	   "key with spaces around the colon");
	ok(head_key(h, sizeof(h) - 1, "data", "{"), "data object");
	ok(!head_key(h, sizeof(h) - 1, "data", "["), "not data array");
	ok(!head_key(h, sizeof(h) - 1, "ind", "\""), "whole keys only");
	is_int(head_first("\xef\xbb\xbf  [", 6), '[', "first byte after BOM");
	{
		char *hd = json_handle("@Budi_Kudus_ASN");

		is_str(hd, "budi_kudus_asn", "handle lower-cased, no @");
		free(hd);
	}
}

int main(void)
{
	test_long_ids();
	test_errors();
	test_getters();
	test_heads();
	return done_testing();
}
