/* SPDX-License-Identifier: MIT */
/*
 * The SQLite driver of the database API (db.h): a database is a file,
 * created 0600, opened in WAL mode with foreign keys on. This is the only
 * file that calls sqlite3_*(): everything else goes through db.h.
 *
 * Lifetimes: sqlite3_column_text() lives until the next step or reset;
 * text bound with copy=0 uses SQLITE_STATIC, so the caller's buffer must
 * outlive the step (db.h says so for db_bind_static()).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "store/db.h"
#include "util/banned.h"

struct sqlite_db {
	struct db base;		/* first: db.c sees only this */
	sqlite3 *h;
};

struct sqlite_stmt {
	struct db_stmt base;	/* first */
	sqlite3_stmt *h;
};

static sqlite3 *H(struct db *db)
{
	return ((struct sqlite_db *)db)->h;
}

static sqlite3_stmt *S(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->h;
}

static void sq_init(void)
{
	/*
	 * A connection is used by one thread at a time (the desk's workers
	 * each open their own), so SQLite's per-connection mutexes are not
	 * needed; no allocation statistics either.
	 */
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int is_memory(const char *target)
{
	return !*target || !strcmp(target, ":memory:");
}

static int sq_accepts(const char *target)
{
	/* Anything that is not another engine's URL is a path. */
	return strncmp(target, "postgresql://", 13) &&
	       strncmp(target, "postgres://", 11);
}

static int sq_exists(const char *target)
{
	struct stat st;

	return is_memory(target) || !stat(target, &st);
}

static const char *sq_version(void)
{
	return sqlite3_libversion();
}

static int sq_exec(struct db *db, const char *sql, struct buf *err)
{
	char *msg = NULL;

	if (sqlite3_exec(H(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		buf_addf(err, "database error: %s",
			 msg ? msg : sqlite3_errmsg(H(db)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_begin(struct db *db, struct buf *err)
{
	return sq_exec(db, "BEGIN IMMEDIATE", err);
}

static int sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(H(db));
}

static void sq_bulk(struct db *db, int on)
{
	/*
	 * A bigger page cache (still well under 64 MB), and the per-row
	 * foreign-key searches skipped: bulk loaders write every parent row
	 * before the rows that point at it. The pragma cannot change inside
	 * a transaction, so callers set it around theirs.
	 */
	if (on)
		sqlite3_exec(H(db), "PRAGMA cache_size = -32000; "
			     "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	else
		sqlite3_exec(H(db), "PRAGMA foreign_keys = ON", NULL, NULL,
			     NULL);
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(H(db));
}

static int64_t sq_changes(struct db *db)
{
	return sqlite3_changes(H(db));
}

static int64_t sq_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(H(db));
}

static struct db_stmt *sq_prepare(struct db *db, const char *sql,
				  struct buf *err)
{
	struct sqlite_stmt *st;
	sqlite3_stmt *h = NULL;

	if (sqlite3_prepare_v3(H(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &h,
			       NULL) != SQLITE_OK) {
		buf_addf(err, "cannot prepare statement: %s",
			 sqlite3_errmsg(H(db)));
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->base.drv = db->drv;
	st->base.db = db;
	st->h = h;
	return &st->base;
}

static void sq_finalize(struct db_stmt *st)
{
	sqlite3_finalize(S(st));
	free(st);
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(S(st));
}

static void sq_clear_bindings(struct db_stmt *st)
{
	sqlite3_clear_bindings(S(st));
}

static int ok(int rc)
{
	return rc == SQLITE_OK ? 0 : -1;
}

static int sq_bind_int(struct db_stmt *st, int i, int64_t v)
{
	return ok(sqlite3_bind_int64(S(st), i, v));
}

static int sq_bind_null(struct db_stmt *st, int i)
{
	return ok(sqlite3_bind_null(S(st), i));
}

static int sq_bind_text(struct db_stmt *st, int i, const char *s, size_t len,
			int copy)
{
	return ok(sqlite3_bind_text64(S(st), i, s, len,
				      copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
				      SQLITE_UTF8));
}

static int sq_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{
	return ok(sqlite3_bind_blob64(S(st), i, p, len, SQLITE_TRANSIENT));
}

static int sq_step(struct db_stmt *st)
{
	int rc = sqlite3_step(S(st));

	switch (rc & 0xff) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static int64_t sq_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(S(st), i);
}

static double sq_col_double(struct db_stmt *st, int i)
{
	return sqlite3_column_double(S(st), i);
}

static const char *sq_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(S(st), i);
}

static const void *sq_col_blob(struct db_stmt *st, int i)
{
	return sqlite3_column_blob(S(st), i);
}

static size_t sq_col_bytes(struct db_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(S(st), i);
}

static int sq_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(S(st), i) == SQLITE_NULL;
}

static int sq_table_exists(struct db *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(H(db), "SELECT 1 FROM sqlite_master WHERE "
			       "type = 'table' AND name = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

static int64_t count(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int create_private(const char *path, struct buf *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);

	if (fd < 0 && errno != EEXIST) {
		buf_addf(err, "cannot create database '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

static int sq_open(const char *path, unsigned flags, struct db **out,
		   struct buf *err)
{
	int memory = is_memory(path);
	int oflags = SQLITE_OPEN_NOMUTEX | ((flags & DB_READONLY) ?
		SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	struct sqlite_db *db;
	sqlite3 *h = NULL;
	struct stat st;

	*out = NULL;
	if (!memory) {
		if (stat(path, &st)) {
			if (!(flags & DB_CREATE)) {
				buf_addf(err, "no database at '%s'; create it "
					 "with 'netra -d %s init', or name "
					 "another with -d or NETRA_DB",
					 path, path);
				return -1;
			}
			if (create_private(path, err))
				return -1;
		} else if (!S_ISREG(st.st_mode)) {
			buf_addf(err, "'%s' is not a regular file", path);
			return -1;
		}
	}
	if (sqlite3_open_v2(path, &h, oflags, NULL) != SQLITE_OK) {
		buf_addf(err, "cannot open database '%s': %s", path,
			 h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -1;
	}
	db = xcalloc(1, sizeof(*db));
	db->base.drv = &db_sqlite_driver;
	db->h = h;
	sqlite3_busy_timeout(h, 10000);
	sqlite3_extended_result_codes(h, 1);
	if (sq_exec(&db->base, "PRAGMA foreign_keys = ON", err))
		goto fail;
	if (!memory && !(flags & DB_READONLY) &&
	    sq_exec(&db->base, "PRAGMA journal_mode = WAL; "
		    "PRAGMA synchronous = NORMAL", err)) {
		buf_reset(err);
		buf_addf(err, "'%s' is not a netra database (or is damaged): "
			 "%s", path, sqlite3_errmsg(h));
		goto fail;
	}
	if (!sq_table_exists(&db->base, "schema_version") &&
	    count(h, "SELECT count(*) FROM sqlite_master")) {
		buf_addf(err, "'%s' is an SQLite database but not netra's",
			 path);
		goto fail;
	}
	*out = &db->base;
	return 0;
fail:
	sqlite3_close(h);
	free(db);
	return -1;
}

static void sq_close(struct db *db)
{
	sqlite3_close_v2(H(db));
	free(db);
}

const struct db_driver db_sqlite_driver = {
	.name = "sqlite",
	.init = sq_init,
	.accepts = sq_accepts,
	.exists = sq_exists,
	.open = sq_open,
	.close = sq_close,
	.version = sq_version,
	.exec = sq_exec,
	.begin = sq_begin,
	.in_transaction = sq_in_transaction,
	.bulk = sq_bulk,
	.errmsg = sq_errmsg,
	.changes = sq_changes,
	.last_id = sq_last_id,
	.table_exists = sq_table_exists,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.bind_int = sq_bind_int,
	.bind_null = sq_bind_null,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_bytes = sq_col_bytes,
	.col_null = sq_col_null
};
