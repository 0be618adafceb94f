/* SPDX-License-Identifier: MIT */
/* The shared primitives: SHA-256 (util/sha256.c) and UTF-8 (util/utf8.c). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "tap.h"

static void sha(void)
{
	char hex[SHA256_HEX], hex2[SHA256_HEX];
	struct sha256 h;
	struct buf err = BUF_INIT;
	char path[] = "/tmp/netra-t-sha-XXXXXX";
	uint64_t size = 0;
	int fd, i;

	sha256_hex("", 0, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	       "27ae41e4649b934ca495991b7852b855", "sha256 of nothing");
	sha256_hex("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223"
	       "b00361a396177a9cb410ff61f20015ad", "sha256 of abc (FIPS 180-2)");
	sha256_init(&h);
	sha256_update(&h, "a", 1);
	sha256_update(&h, "bc", 2);
	sha256_final_hex(&h, hex2);
	is_str(hex2, hex, "streamed in pieces, the same digest");
	ok(sha256_hex_valid(hex), "a digest is valid hex");
	ok(!sha256_hex_valid("BA7816BF8F01CFEA414140DE5DAE2223"
			     "B00361A396177A9CB410FF61F20015AD"),
	   "upper case is not our form");
	ok(!sha256_hex_valid("abc"), "too short");
	fd = mkstemp(path);
	ok(fd >= 0, "temp file");
	for (i = 0; i < 100000; i++)
		if (write(fd, "abc", 3) != 3)
			break;
	lseek(fd, 0, SEEK_SET);
	ok(!sha256_fd(fd, hex, &size, &err), "sha256_fd");
	is_int((long)size, 300000, "its size");
	is_str(hex, "a77aedfe2e4a7232ea628a71745a9662"
	       "24c4521d93134b993cde5b65ea2f6e3c", "the digest of the file");
	close(fd);
	unlink(path);
	buf_release(&err);
}

static void utf8(void)
{
	uint32_t cp = 0;
	char out[4];
	size_t bad = 99;

	is_int((long)utf8_next("\xe2\x9c\x8c", 3, &cp), 3, "three bytes");
	is_int((long)cp, 0x270C, "U+270C victory hand");
	is_int((long)utf8_next("\xe2\x9c", 2, &cp), 0, "cut sequence");
	is_int((long)utf8_next("\xc0\xaf", 2, &cp), 0, "overlong");
	is_int((long)utf8_next("\xed\xa0\x80", 3, &cp), 0, "surrogate");
	is_int((long)utf8_next("\xf4\x90\x80\x80", 4, &cp), 0, "past 10FFFF");
	is_int((long)utf8_next("\xf0\x9f\x98\x80", 4, &cp), 4, "emoji");
	is_int((long)cp, 0x1F600, "U+1F600");
	ok(!utf8_valid("ab\xff", 3, &bad) && bad == 2, "bad byte at 2");
	ok(utf8_valid("", 0, &bad), "empty is valid");
	is_int((long)utf8_decode("\xff" "a", 2, &cp), 1, "lenient: one byte");
	is_int((long)cp, 0xFFFD, "as U+FFFD");
	is_int((long)utf8_encode(0x1F600, out), 4, "encode 4 bytes");
	ok(!memcmp(out, "\xf0\x9f\x98\x80", 4), "encoded as expected");
	is_int((long)utf8_encode(0xE9, out), 2, "encode e-acute");
	ok(!memcmp(out, "\xc3\xa9", 2), "c3 a9");
}

int main(void)
{
	sha();
	utf8();
	return done_testing();
}
