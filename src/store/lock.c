/* SPDX-License-Identifier: MIT */
/* The run lock; see lock.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/parse.h"
#include "store/db.h"
#include "store/lock.h"
#include "util/banned.h"

/* What the holder wrote: "pid 123, netra run, since ...". */
static void holder(int fd, struct buf *out)
{
	char b[200];
	ssize_t n = pread(fd, b, sizeof(b) - 1, 0);
	size_t i;

	if (n <= 0)
		return;
	b[n] = '\0';
	for (i = 0; b[i]; i++)
		if ((unsigned char)b[i] < 0x20)
			b[i] = b[i] == '\n' ? '\0' : ' ';
	if (*b)
		buf_addf(out, " by %s", b);
}

int db_lock(const char *target, const char *command, int wait_secs,
	    struct buf *err)
{
	struct buf p = BUF_INIT, who = BUF_INIT;
	char since[32];
	int fd, waited = 0;

	if (!db_target_is_file(target) || !strcmp(target, ":memory:") ||
	    !*target)
		return -2;
	buf_addf(&p, "%s.lock", target);
	fd = open(p.s, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		buf_addf(err, "cannot open the lock %s: %s", p.s,
			 strerror(errno));
		goto fail;
	}
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK) {
			buf_addf(err, "cannot lock %s: %s", p.s,
				 strerror(errno));
			goto fail;
		}
		if (waited >= wait_secs) {
			holder(fd, &who);
			buf_addf(err, "another netra run is using %s (lock %s "
				 "held%s); try again when it has finished",
				 target, p.s, who.s);
			goto fail;
		}
		sleep(1);
		waited++;
	}
	time_fmt_iso(netra_now(), since);
	buf_reset(&who);
	buf_addf(&who, "pid %ld, netra %s, since %s\n", (long)getpid(),
		 command, since);
	if (ftruncate(fd, 0) == 0 &&
	    pwrite(fd, who.s, who.len, 0) != (ssize_t)who.len) {
		/* the holder's note is a courtesy: the lock is what counts */
	}
	buf_release(&p);
	buf_release(&who);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	buf_release(&p);
	buf_release(&who);
	return -1;
}

void db_unlock(int fd)
{
	if (fd < 0)
		return;
	if (ftruncate(fd, 0)) {
		/* as above */
	}
	close(fd);
}
