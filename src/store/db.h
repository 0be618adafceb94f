/* SPDX-License-Identifier: MIT */
/*
 * The SQLite database: opening (created 0600, WAL, foreign keys on),
 * migrations embedded from schema/NNN_*.sql, transactions and statements.
 *
 * Lifetimes: a sqlite3_column_text() pointer lives until the next step or
 * reset of its statement; bind with SQLITE_TRANSIENT unless the buffer
 * outlives the step.
 */
#ifndef NETRA_STORE_DB_H
#define NETRA_STORE_DB_H

#include <sqlite3.h>
#include <stdint.h>

struct buf;

struct migration {
	int version;		/* NNN of schema/NNN_name.sql */
	const char *name;	/* "NNN_name" */
	const char *sql;	/* the file's text */
};

/* Generated from schema/ into build/schema.c by the Makefile. */
extern const struct migration netra_migrations[];
extern const int netra_n_migrations;

enum db_open_flags {
	DB_CREATE = 1 << 0,	/* create the file (0600) when missing */
	DB_MIGRATE = 1 << 1	/* apply pending migrations */
};

/*
 * Opens path. Refuses a database whose schema is newer than this binary,
 * and a file that is not a netra database. ":memory:" works too.
 * Returns 0, or -1 with a message in err (and *out NULL).
 */
int db_open(const char *path, unsigned flags, sqlite3 **out, struct buf *err);
void db_close(sqlite3 *db);
/* The highest applied migration, 0 for an empty database. */
int db_schema_version(sqlite3 *db);
/* Applies pending migrations, each in its own transaction. */
int db_migrate(sqlite3 *db, struct buf *err);

int db_exec(sqlite3 *db, const char *sql, struct buf *err);
int db_begin(sqlite3 *db, struct buf *err);	/* BEGIN IMMEDIATE */
int db_commit(sqlite3 *db, struct buf *err);
void db_rollback(sqlite3 *db);

/* Prepares sql; NULL with a message in err on failure. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, struct buf *err);

/* Binds text (NULL or empty -> SQL NULL when null_if_empty). */
int db_bind_text(sqlite3_stmt *st, int i, const char *s, int null_if_empty);
/* Runs a statement that returns at most one integer; dflt when no row. */
int64_t db_int(sqlite3 *db, const char *sql, int64_t dflt);

#endif
