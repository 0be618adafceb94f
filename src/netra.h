/* SPDX-License-Identifier: MIT */
/*
 * The run context shared by every command, the exit codes (documented in
 * netra(1) EXIT STATUS: keep the two in sync) and the command signature.
 */
#ifndef NETRA_H
#define NETRA_H

struct db;

#define NETRA_VERSION "0.1.0"

enum netra_exit {
	NETRA_EXIT_OK = 0,	/* done */
	NETRA_EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	NETRA_EXIT_USAGE = 2,	/* bad command line */
	NETRA_EXIT_INPUT = 3,	/* input refused (rows, records, files) */
	NETRA_EXIT_SOURCES = 4,	/* some sources failed; the rest is stored */
	NETRA_EXIT_DB = 5	/* database, file system or integrity */
};

struct netra {
	const char *db_path;	/* -d, NETRA_DB, or "./netra.db" */
	struct db *db;		/* opened on demand by netra_db() */
};

/*
 * Opens (creating and migrating when needed) the database named in ctx,
 * or dies with exit 5. The handle is closed by main() at exit.
 */
struct db *netra_db(struct netra *ctx);

typedef int (*netra_cmd_fn)(struct netra *ctx, int argc, char **argv);

#endif
