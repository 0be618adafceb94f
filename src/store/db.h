/* SPDX-License-Identifier: MIT */
/*
 * The database API every store file uses: a connection (struct db) and
 * prepared statements (struct db_stmt) over one driver per engine, in the
 * manner of Dovecot's lib-sql: db.c dispatches through a table of driver
 * functions (struct db_driver), db_sqlite.c is the SQLite driver. Modules
 * never see this API's SQL: they call the store functions of src/store/,
 * which are the only code that writes SQL (tools/checksrc.sh enforces it).
 *
 * SQL written against this API keeps to what both SQLite and PostgreSQL
 * accept: '?' or '?N' placeholders (a driver rewrites them as it needs),
 * INSERT ... ON CONFLICT ... DO NOTHING/UPDATE, RETURNING, no
 * engine-specific functions except through db_sql_*() helpers where they
 * exist.
 *
 * Lifetimes: a db_col_text() pointer lives until the next step, reset or
 * finalize of its statement. Text is always bound as a copy unless bound
 * with db_bind_static(), whose buffer must outlive the step.
 */
#ifndef NETRA_STORE_DB_H
#define NETRA_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct db;
struct db_stmt;

struct migration {
	int version;		/* NNN of schema/NNN_name.sql */
	const char *name;	/* "NNN_name" */
	const char *sql;	/* the file's text */
};

/* Generated from schema/ into build/schema.c by the Makefile. */
extern const struct migration netra_migrations[];
extern const int netra_n_migrations;

enum db_open_flags {
	DB_CREATE = 1 << 0,	/* create the database when missing */
	DB_MIGRATE = 1 << 1,	/* apply pending migrations */
	DB_READONLY = 1 << 2	/* no writes (migrations are refused) */
};

/* What db_step() returns. */
enum db_step_result {
	DB_DONE = 0,		/* no (more) rows */
	DB_ROW = 1,		/* a row is ready */
	DB_ERROR = -1,		/* failed: see db_errmsg() */
	DB_CONSTRAINT = -2,	/* a UNIQUE/CHECK/FOREIGN KEY refused it */
	DB_BUSY = -3		/* another writer held the database too long */
};

/*
 * Opens the database named by target: a file path (SQLite; ":memory:"
 * works too). Refuses a database whose schema is newer than this binary,
 * and a file that is not a netra database; without DB_CREATE a missing
 * database is an error whose message names the path and how to create
 * it. Returns 0, or -1 with a message in err (and *out NULL).
 */
/* Sets the engines' process-wide options; call once, first. */
void db_init(void);

int db_open(const char *target, unsigned flags, struct db **out,
	    struct buf *err);
void db_close(struct db *db);
/* 1 when target would be opened by the SQLite driver (a path). */
int db_target_is_file(const char *target);
/* 1 when a database exists at target. */
int db_exists(const char *target);
/* "sqlite" (or the name of the engine's driver). */
const char *db_engine(const struct db *db);
/* The engine's version, e.g. "3.40.1". */
const char *db_engine_version(void);

/* The highest applied migration, 0 for an empty database. */
int db_schema_version(struct db *db);
/* The highest migration this binary knows. */
int db_schema_latest(void);
/* Applies pending migrations, each in its own transaction. */
int db_migrate(struct db *db, struct buf *err);

/* Runs one or more statements without results. */
int db_exec(struct db *db, const char *sql, struct buf *err);
/* Starts a write transaction (SQLite: BEGIN IMMEDIATE). */
int db_begin(struct db *db, struct buf *err);
int db_commit(struct db *db, struct buf *err);
/* Rolls back the open transaction, if any. */
void db_rollback(struct db *db);
/* 1 inside a transaction. */
int db_in_transaction(struct db *db);
/*
 * Savepoints nest inside a transaction: a failed part is undone with
 * db_savepoint_rollback() and the rest goes on.
 */
int db_savepoint(struct db *db, const char *name, struct buf *err);
int db_savepoint_release(struct db *db, const char *name, struct buf *err);
void db_savepoint_rollback(struct db *db, const char *name);

/*
 * Bulk mode for a large load inside one transaction (SQLite: a larger
 * page cache, foreign keys checked by the loader itself). on=0 restores
 * the defaults. Never fails: a driver that has nothing to tune ignores it.
 */
void db_bulk(struct db *db, int on);

/* The last error of the connection, for messages. */
const char *db_errmsg(struct db *db);
/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t db_changes(struct db *db);
/* The id of the row the last INSERT added. */
int64_t db_last_id(struct db *db);

/*
 * Prepares sql (kept prepared for reuse: reset it between runs). NULL
 * with a message in err on failure.
 */
struct db_stmt *db_prepare(struct db *db, const char *sql, struct buf *err);
/* Frees st; NULL is fine. */
void db_finalize(struct db_stmt *st);
/* Back to before the first step; bindings stay. */
void db_reset(struct db_stmt *st);
void db_clear_bindings(struct db_stmt *st);
/* The connection st belongs to. */
struct db *db_stmt_db(struct db_stmt *st);

/* Parameters count from 1. Each returns 0, or -1 (out of range, memory). */
int db_bind_int(struct db_stmt *st, int i, int64_t v);
int db_bind_null(struct db_stmt *st, int i);
/* Text, copied; NULL (or "" when null_if_empty) binds SQL NULL. */
int db_bind_text(struct db_stmt *st, int i, const char *s, int null_if_empty);
/* len bytes of s, copied (s need not be NUL-terminated). */
int db_bind_textn(struct db_stmt *st, int i, const char *s, size_t len);
/* len bytes of s, not copied: s must outlive the next step or reset. */
int db_bind_static(struct db_stmt *st, int i, const char *s, size_t len);
/* A NUL-terminated s, not copied (NULL binds SQL NULL); see above. */
int db_bind_cstr(struct db_stmt *st, int i, const char *s);
int db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len);

/*
 * Runs st one row further: DB_ROW, DB_DONE, or a failure (DB_ERROR,
 * DB_CONSTRAINT, DB_BUSY) whose text is db_errmsg(db_stmt_db(st)).
 */
int db_step(struct db_stmt *st);

/* Columns count from 0 and are read after DB_ROW. */
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
/* NULL when the value is SQL NULL. See the lifetime rule above. */
const char *db_col_text(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i);
/* The length in bytes of a text or blob column. */
size_t db_col_bytes(struct db_stmt *st, int i);
int db_col_null(struct db_stmt *st, int i);

/* Runs a query that returns at most one integer; dflt when no row. */
int64_t db_int(struct db *db, const char *sql, int64_t dflt);

/*
 * The driver table: one per engine. db.c checks arguments and calls
 * through it; nothing else calls a driver directly.
 */
struct db_driver {
	const char *name;
	void (*init)(void);
	int (*accepts)(const char *target);
	int (*exists)(const char *target);
	int (*open)(const char *target, unsigned flags, struct db **out,
		    struct buf *err);
	void (*close)(struct db *db);
	const char *(*version)(void);
	int (*exec)(struct db *db, const char *sql, struct buf *err);
	int (*begin)(struct db *db, struct buf *err);
	int (*in_transaction)(struct db *db);
	void (*bulk)(struct db *db, int on);
	const char *(*errmsg)(struct db *db);
	int64_t (*changes)(struct db *db);
	int64_t (*last_id)(struct db *db);
	int (*table_exists)(struct db *db, const char *name);
	struct db_stmt *(*prepare)(struct db *db, const char *sql,
				   struct buf *err);
	void (*finalize)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	void (*clear_bindings)(struct db_stmt *st);
	int (*bind_int)(struct db_stmt *st, int i, int64_t v);
	int (*bind_null)(struct db_stmt *st, int i);
	int (*bind_text)(struct db_stmt *st, int i, const char *s, size_t len,
			 int copy);
	int (*bind_blob)(struct db_stmt *st, int i, const void *p,
			 size_t len);
	int (*step)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int i);
	double (*col_double)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	const void *(*col_blob)(struct db_stmt *st, int i);
	size_t (*col_bytes)(struct db_stmt *st, int i);
	int (*col_null)(struct db_stmt *st, int i);
};

/*
 * Every connection and statement starts with its driver, so that db.c
 * can dispatch; the rest is the driver's own.
 */
struct db {
	const struct db_driver *drv;
};

struct db_stmt {
	const struct db_driver *drv;
	struct db *db;
};

extern const struct db_driver db_sqlite_driver;

#endif
