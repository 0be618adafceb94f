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

/*
 * What a command needs set up before it runs (git's RUN_SETUP): the
 * command table in main.c gives each command its flags; a command with
 * subcommands sets ctx->setup itself, per subcommand, before netra_db().
 */
enum netra_setup {
	SETUP_NONE = 0,		/* no database */
	SETUP_DB = 1 << 0,	/* an existing database (missing: exit 5) */
	SETUP_DB_CREATE = 1 << 1, /* the database, created when missing */
	SETUP_LOCK = 1 << 2,	/* the database's run lock, for the command */
	SETUP_HIDDEN = 1 << 3	/* not listed by netra help */
};

struct netra {
	const char *db_path;	/* -d, NETRA_DB, or "./netra.db" */
	struct db *db;		/* opened on demand by netra_db() */
	unsigned setup;		/* enum netra_setup of the running command */
	int lock_fd;		/* the run lock when held, else -1 */
};

/*
 * Opens the database named in ctx as ctx->setup allows (migrating it
 * when needed), or dies with exit 5: a database that does not exist is
 * refused, with its path and how to name another or create it, unless
 * the command may create it. The handle is closed by main() at exit.
 */
struct db *netra_db(struct netra *ctx);

/*
 * Takes the database's run lock for command (store/lock.h) unless held;
 * 0, or -1 after saying who holds it. Released by main() at exit.
 */
int netra_lock(struct netra *ctx, const char *command);

typedef int (*netra_cmd_fn)(struct netra *ctx, int argc, char **argv);

#endif
