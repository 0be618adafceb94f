/* SPDX-License-Identifier: MIT */
/* Captures: SHA-256, content-addressed storage, never overwritten. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "evidence/capture.h"
#include "util/fsutil.h"
#include "tap.h"

static FILE *bytes(const char *s)
{
	FILE *f = tmpfile();

	fputs(s, f);
	rewind(f);
	return f;
}

int main(void)
{
	char hex[65], dir[] = "/tmp/netra-t_capture.XXXXXX";
	struct capture c = CAPTURE_INIT, d = CAPTURE_INIT;
	struct buf err = BUF_INIT, got = BUF_INIT, path = BUF_INIT;
	struct stat st;
	FILE *f;

	ok(!capture_sha256_hex("abc", 3, hex), "sha256 runs");
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
	       "f20015ad", "sha256 of abc");
	ok(!capture_sha256_hex("", 0, hex) && !strcmp(hex,
	   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
	   "sha256 of nothing");

	capture_dir_for("/x/netra.db", &path);
	is_str(path.s, "/x/netra.db.captures", "capture folder beside the db");

	if (!mkdtemp(dir))
		return 1;
	buf_reset(&path);
	buf_addf(&path, "%s/caps", dir);
	f = bytes("abc");
	ok(!capture_store(path.s, f, "abc.txt", &c, &err), "stored: %s", err.s);
	fclose(f);
	is_str(c.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
	       "b410ff61f20015ad", "hash while copying");
	is_int(c.size, 3, "size");
	is_int(c.created, 1, "new bytes are created");
	ok(c.path && strstr(c.path, "/caps/ba/ba7816bf"), "path is ab/<sha>");
	ok(!fs_read_all(c.path, &got, &err) && !strcmp(got.s, "abc"),
	   "the bytes are stored");
	ok(!stat(c.path, &st) && (st.st_mode & 0777) == 0600, "file 0600");
	buf_reset(&got);
	buf_addf(&got, "%s/caps/ba", dir);
	ok(!stat(got.s, &st) && (st.st_mode & 0777) == 0700, "folder 0700");

	f = bytes("abc");
	ok(!capture_store(path.s, f, "again.txt", &d, &err), "stored again");
	fclose(f);
	is_int(d.created, 0, "the same bytes are not written twice");
	is_str(d.path, c.path, "same path");
	capture_discard(&d);
	ok(!access(c.path, F_OK), "discarding a capture not created keeps it");

	f = bytes("abd");
	capture_release(&d);
	ok(!capture_store(path.s, f, "abd.txt", &d, &err), "other bytes");
	fclose(f);
	ok(strcmp(d.sha256, c.sha256), "other hash");
	capture_discard(&d);
	ok(access(d.path, F_OK), "discarding a created capture removes it");

	buf_reset(&got);
	buf_addf(&got, "%s/caps/tmp", dir);
	ok(!rmdir(got.s), "no temporary file left behind");

	f = bytes("");
	capture_release(&d);
	ok(!capture_store(path.s, f, "empty", &d, &err) && d.size == 0,
	   "an empty input is a capture of size 0");
	fclose(f);
	capture_discard(&d);

	capture_release(&c);
	capture_release(&d);
	buf_release(&err);
	buf_release(&got);
	buf_release(&path);
	return done_testing();
}
