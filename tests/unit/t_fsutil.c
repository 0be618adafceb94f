/* SPDX-License-Identifier: MIT */
/* Staged folders (util/fsutil.c): written beside, swapped whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "tap.h"

static char root[] = "/tmp/netra-t-fs-XXXXXX";

static void put(const char *dir, const char *name, const char *text)
{
	struct buf p = BUF_INIT, err = BUF_INIT;

	buf_addf(&p, "%s/%s", dir, name);
	fs_write_atomic(p.s, text, strlen(text), &err);
	buf_release(&p);
	buf_release(&err);
}

static int has(const char *dir, const char *name, const char *text)
{
	struct buf p = BUF_INIT, got = BUF_INIT, err = BUF_INIT;
	int same;

	buf_addf(&p, "%s/%s", dir, name);
	same = !fs_read_all(p.s, &got, &err) && !strcmp(got.s, text);
	buf_release(&p);
	buf_release(&got);
	buf_release(&err);
	return same;
}

int main(void)
{
	struct staged_dir sd = STAGED_DIR_INIT, sd2 = STAGED_DIR_INIT;
	struct buf err = BUF_INIT, final = BUF_INIT, stale = BUF_INIT;
	struct stat st;
	pid_t child;

	if (!mkdtemp(root))
		return 1;
	buf_addf(&final, "%s/out/report", root);
	ok(!staged_begin(&sd, final.s, &err), "begin: %s", err.s);
	ok(!stat(sd.tmp, &st) && (st.st_mode & 0777) == 0700,
	   "the new folder is 0700");
	ok(!fs_exists(final.s), "nothing at the final place yet");
	put(sd.tmp, "index.html", "one");
	ok(!staged_swap(&sd, &err), "swap");
	staged_finish(&sd);
	ok(has(final.s, "index.html", "one"), "the first folder in place");
	staged_release(&sd);

	ok(!staged_begin(&sd, final.s, &err), "begin again");
	put(sd.tmp, "index.html", "two");
	ok(has(final.s, "index.html", "one"), "the old one is still there");
	ok(!staged_swap(&sd, &err), "swap over an old one");
	ok(has(final.s, "index.html", "two"), "the new one in place");
	ok(!staged_undo(&sd, &err), "undo (say, the commit failed)");
	ok(has(final.s, "index.html", "one"), "the old one is back");
	staged_release(&sd);
	ok(!fs_exists(sd.tmp ? sd.tmp : "/nonexistent"), "new one removed");

	/* a leftover of a process killed mid-write is cleaned */
	child = fork();
	if (!child)
		_exit(0);
	waitpid(child, NULL, 0);
	buf_addf(&stale, "%s/out/.report.new-%ld", root, (long)child);
	mkdir(stale.s, 0700);
	put(stale.s, "findings.csv", "half");
	ok(fs_exists(stale.s), "a stale folder");
	ok(!staged_begin(&sd2, final.s, &err), "the next run begins");
	ok(!fs_exists(stale.s), "and removes the stale folder");
	staged_release(&sd2);
	ok(has(final.s, "index.html", "one"), "an aborted run leaves the old");

	fs_rm_tree(root);
	ok(!fs_exists(root), "rm_tree");
	buf_release(&err);
	buf_release(&final);
	buf_release(&stale);
	return done_testing();
}
