/* SPDX-License-Identifier: MIT */
#include <stdint.h>

#include "util/buf.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "tap.h"

int main(void)
{
	int64_t v = 0;
	char t[32];
	size_t bad = 0;
	struct buf b = BUF_INIT;

	ok(!parse_i64z("198501012010011001", &v) && v == 198501012010011001LL,
	   "18-digit NIP parses exactly");
	ok(!parse_i64z("7318014939153409326", &v) &&
	   v == 7318014939153409326LL, "19-digit id parses exactly");
	ok(parse_i64z("9223372036854775808", &v), "overflow refused");
	ok(!parse_i64z("-9223372036854775808", &v) && v == INT64_MIN,
	   "INT64_MIN accepted");
	ok(parse_i64z("12x", &v), "trailing junk refused");
	ok(parse_i64z("", &v), "empty refused");
	ok(parse_i64z(" 1", &v), "leading space refused");
	ok(parse_i64z("-", &v), "lone sign refused");

	ok(date_valid(2024, 2, 29), "2024-02-29 valid");
	ok(!date_valid(2023, 2, 29), "2023-02-29 invalid");
	ok(!date_valid(1900, 2, 29), "1900-02-29 invalid");
	ok(date_valid(2000, 2, 29), "2000-02-29 valid");
	ok(!date_valid(2024, 13, 1), "month 13 invalid");

	ok(!time_parse_iso("2024-11-27T10:00:00+07:00", &v, 0) &&
	   v == 1732676400, "offset +07:00");
	ok(!time_parse_iso("2024-11-27T03:00:00Z", &v, 0) && v == 1732676400,
	   "Z");
	ok(!time_parse_iso("2024-11-27T03:00:00.123Z", &v, 0) &&
	   v == 1732676400, "fraction");
	ok(!time_parse_iso("2024-11-27 10:00:00+0700", &v, 0) &&
	   v == 1732676400, "space and +0700");
	ok(time_parse_iso("2024-11-27T10:00:00", &v, 0), "no offset refused");
	ok(!time_parse_iso("2024-11-27T03:00:00", &v, 1) && v == 1732676400,
	   "no offset as UTC when allowed");
	ok(time_parse_iso("2024-02-30", &v, 0), "bad date refused");
	ok(time_parse_iso("2024-11-27T25:00:00Z", &v, 0), "hour 25 refused");
	time_fmt_iso(1732676400, t);
	is_str(t, "2024-11-27T03:00:00Z", "format ISO");
	time_fmt_iso(-1, t);
	is_str(t, "1969-12-31T23:59:59Z", "format before epoch");

	ok(utf8_valid("Kudus \xe2\x9c\x8c\xef\xb8\x8f", 12, &bad), "emoji ok");
	ok(!utf8_valid("caf\xe9!", 5, &bad) && bad == 3, "cp1252 byte at 3");
	ok(!utf8_valid("\xc0\xaf", 2, &bad) && bad == 0, "overlong refused");
	ok(!utf8_valid("\xed\xa0\x80", 3, &bad), "surrogate refused");
	ok(!utf8_valid("\xe2\x9c", 2, &bad) && bad == 0, "truncated refused");

	buf_addf(&b, "%s-%d", "a", 1);
	buf_addf(&b, "%0300d", 7);
	is_int(b.len, 303, "buf_addf grows");
	buf_release(&b);
	return done_testing();
}
