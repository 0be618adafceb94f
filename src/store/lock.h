/* SPDX-License-Identifier: MIT */
/*
 * The run lock of a database: one netra command at a time may hold it
 * (netra run, and whatever else the command table marks SETUP_LOCK), so
 * that two scripted runs never overlap. On SQLite it is flock(2) on
 * "<db>.lock" (0600) beside the database, released by the kernel when the
 * process ends, even by SIGKILL; the holder writes its pid, command and
 * start time into the file, so that a refused command can say who holds
 * it. Database writes themselves are serialised by the engine, not here.
 */
#ifndef NETRA_STORE_LOCK_H
#define NETRA_STORE_LOCK_H

struct buf;

/*
 * Takes the lock of the database at target for command, waiting up to
 * wait_secs seconds (0: not at all). Returns a descriptor to pass to
 * db_unlock() (or -2 for a database with no lock file, ":memory:"), or
 * -1 with a message in err naming the lock and, when known, its holder.
 */
int db_lock(const char *target, const char *command, int wait_secs,
	    struct buf *err);
void db_unlock(int fd);

#endif
