/* SPDX-License-Identifier: MIT */
/*
 * Opening and migrating the database. Migrations are forward-only: each
 * schema/NNN_name.sql runs once, in its own transaction, and is recorded
 * in schema_version. A database that is newer than the binary is refused
 * rather than touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "store/db.h"
#include "util/banned.h"

static int db_err(sqlite3 *db, struct buf *err, const char *what)
{
	buf_addf(err, "%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

int db_exec(sqlite3 *db, const char *sql, struct buf *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		buf_addf(err, "database error: %s",
			 msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_begin(sqlite3 *db, struct buf *err)
{
	return db_exec(db, "BEGIN IMMEDIATE", err);
}

int db_commit(sqlite3 *db, struct buf *err)
{
	return db_exec(db, "COMMIT", err);
}

void db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql, struct buf *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		db_err(db, err, "cannot prepare statement");
		return NULL;
	}
	return st;
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s, int null_if_empty)
{
	if (!s || (null_if_empty && !*s))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int64_t db_int(sqlite3 *db, const char *sql, int64_t dflt)
{
	sqlite3_stmt *st = NULL;
	int64_t v = dflt;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return dflt;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_schema_version(sqlite3 *db)
{
	if (!db_int(db, "SELECT count(*) FROM sqlite_master WHERE type='table'"
		    " AND name='schema_version'", 0))
		return 0;
	return (int)db_int(db, "SELECT max(version) FROM schema_version", 0);
}

int db_migrate(sqlite3 *db, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int have, i;

	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
		    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
		    "applied_at TEXT NOT NULL DEFAULT "
		    "(strftime('%Y-%m-%dT%H:%M:%SZ','now')))", err))
		return -1;
	have = db_schema_version(db);
	for (i = 0; i < netra_n_migrations; i++) {
		const struct migration *m = &netra_migrations[i];

		if (m->version <= have)
			continue;
		if (db_begin(db, err))
			return -1;
		if (db_exec(db, m->sql, err))
			goto fail;
		st = db_prepare(db, "INSERT INTO schema_version(version, name)"
				" VALUES (?, ?)", err);
		if (!st)
			goto fail;
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_err(db, err, "cannot record migration");
			goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (db_commit(db, err))
			goto fail;
	}
	return 0;
fail:
	buf_addf(err, " (migration %s)", netra_migrations[i].name);
	sqlite3_finalize(st);
	db_rollback(db);
	return -1;
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

int db_open(const char *path, unsigned flags, sqlite3 **out, struct buf *err)
{
	int memory = !strcmp(path, ":memory:") || !*path;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int latest = netra_migrations[netra_n_migrations - 1].version;
	sqlite3 *db = NULL;
	struct stat st;
	int ver;

	*out = NULL;
	if (!memory) {
		if (stat(path, &st)) {
			if (!(flags & DB_CREATE)) {
				buf_addf(err, "no database at '%s'; create it "
					 "with 'netra -d %s init'", path, path);
				return -1;
			}
			if (create_private(path, err))
				return -1;
		} else if (!S_ISREG(st.st_mode)) {
			buf_addf(err, "'%s' is not a regular file", path);
			return -1;
		}
	}
	if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
		buf_addf(err, "cannot open database '%s': %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_extended_result_codes(db, 1);
	if (db_exec(db, "PRAGMA foreign_keys = ON", err))
		goto fail;
	if (!memory && db_exec(db, "PRAGMA journal_mode = WAL; "
			       "PRAGMA synchronous = NORMAL", err)) {
		buf_reset(err);
		buf_addf(err, "'%s' is not a netra database (or is damaged): "
			 "%s", path, sqlite3_errmsg(db));
		goto fail;
	}
	if (!db_int(db, "SELECT count(*) FROM sqlite_master WHERE "
		    "name='schema_version'", 0) &&
	    db_int(db, "SELECT count(*) FROM sqlite_master", 0)) {
		buf_addf(err, "'%s' is an SQLite database but not netra's", path);
		goto fail;
	}
	ver = db_schema_version(db);
	if (ver > latest) {
		buf_addf(err, "database '%s' has schema version %d, newer than "
			 "this netra understands (%d); upgrade netra", path, ver,
			 latest);
		goto fail;
	}
	if (ver < latest && (flags & DB_MIGRATE) && db_migrate(db, err))
		goto fail;
	*out = db;
	return 0;
fail:
	sqlite3_close(db);
	return -1;
}

void db_close(sqlite3 *db)
{
	sqlite3_close_v2(db);
}
