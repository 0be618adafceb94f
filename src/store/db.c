/* SPDX-License-Identifier: MIT */
/*
 * The engine-neutral half of the database API (db.h): picking the driver
 * for a target, dispatching every call through its table, and the schema
 * migrations. Migrations are forward-only: each schema/NNN_name.sql runs
 * once, in its own transaction, and is recorded in schema_version. A
 * database that is newer than the binary is refused rather than touched.
 */
#include <string.h>

#include "util/buf.h"
#include "store/db.h"
#include "util/banned.h"

static const struct db_driver *const drivers[] = {
	&db_sqlite_driver,
	NULL
};

static const struct db_driver *driver_for(const char *target)
{
	int i;

	for (i = 0; drivers[i]; i++)
		if (drivers[i]->accepts(target))
			return drivers[i];
	return &db_sqlite_driver;
}

int db_target_is_file(const char *target)
{
	return driver_for(target) == &db_sqlite_driver;
}

int db_exists(const char *target)
{
	return driver_for(target)->exists(target);
}

const char *db_engine(const struct db *db)
{
	return db->drv->name;
}

const char *db_engine_version(void)
{
	return db_sqlite_driver.version();
}

void db_init(void)
{
	int i;

	for (i = 0; drivers[i]; i++)
		if (drivers[i]->init)
			drivers[i]->init();
}

int db_schema_latest(void)
{
	return netra_migrations[netra_n_migrations - 1].version;
}

int db_open(const char *target, unsigned flags, struct db **out,
	    struct buf *err)
{
	struct db *db = NULL;
	int ver, latest = db_schema_latest();

	*out = NULL;
	if (driver_for(target)->open(target, flags, &db, err))
		return -1;
	ver = db_schema_version(db);
	if (ver > latest) {
		buf_addf(err, "database '%s' has schema version %d, newer than "
			 "this netra understands (%d); upgrade netra", target,
			 ver, latest);
		goto fail;
	}
	if (ver < latest && (flags & DB_MIGRATE) && !(flags & DB_READONLY) &&
	    db_migrate(db, err))
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

void db_close(struct db *db)
{
	if (db)
		db->drv->close(db);
}

int db_exec(struct db *db, const char *sql, struct buf *err)
{
	return db->drv->exec(db, sql, err);
}

int db_begin(struct db *db, struct buf *err)
{
	return db->drv->begin(db, err);
}

int db_commit(struct db *db, struct buf *err)
{
	return db_exec(db, "COMMIT", err);
}

void db_rollback(struct db *db)
{
	struct buf ignore = BUF_INIT;

	if (db->drv->in_transaction(db))
		db_exec(db, "ROLLBACK", &ignore);
	buf_release(&ignore);
}

int db_in_transaction(struct db *db)
{
	return db->drv->in_transaction(db);
}

static int savepoint_sql(struct db *db, const char *verb, const char *name,
			 struct buf *err)
{
	struct buf sql = BUF_INIT;
	const char *p;
	int rc;

	/* Savepoint names are the caller's constants: letters and '_'. */
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_')) {
			buf_addf(err, "bad savepoint name '%s'", name);
			return -1;
		}
	buf_addf(&sql, "%s%s", verb, name);
	rc = db_exec(db, sql.s, err);
	buf_release(&sql);
	return rc;
}

int db_savepoint(struct db *db, const char *name, struct buf *err)
{
	return savepoint_sql(db, "SAVEPOINT ", name, err);
}

int db_savepoint_release(struct db *db, const char *name, struct buf *err)
{
	return savepoint_sql(db, "RELEASE SAVEPOINT ", name, err);
}

void db_savepoint_rollback(struct db *db, const char *name)
{
	struct buf ignore = BUF_INIT;

	if (!savepoint_sql(db, "ROLLBACK TO SAVEPOINT ", name, &ignore))
		savepoint_sql(db, "RELEASE SAVEPOINT ", name, &ignore);
	buf_release(&ignore);
}

void db_bulk(struct db *db, int on)
{
	db->drv->bulk(db, on);
}

const char *db_errmsg(struct db *db)
{
	return db->drv->errmsg(db);
}

int64_t db_changes(struct db *db)
{
	return db->drv->changes(db);
}

int64_t db_last_id(struct db *db)
{
	return db->drv->last_id(db);
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct buf *err)
{
	return db->drv->prepare(db, sql, err);
}

void db_finalize(struct db_stmt *st)
{
	if (st)
		st->drv->finalize(st);
}

void db_reset(struct db_stmt *st)
{
	st->drv->reset(st);
}

void db_clear_bindings(struct db_stmt *st)
{
	st->drv->clear_bindings(st);
}

struct db *db_stmt_db(struct db_stmt *st)
{
	return st->db;
}

int db_bind_int(struct db_stmt *st, int i, int64_t v)
{
	return st->drv->bind_int(st, i, v);
}

int db_bind_null(struct db_stmt *st, int i)
{
	return st->drv->bind_null(st, i);
}

int db_bind_text(struct db_stmt *st, int i, const char *s, int null_if_empty)
{
	if (!s || (null_if_empty && !*s))
		return st->drv->bind_null(st, i);
	return st->drv->bind_text(st, i, s, strlen(s), 1);
}

int db_bind_textn(struct db_stmt *st, int i, const char *s, size_t len)
{
	if (!s)
		return st->drv->bind_null(st, i);
	return st->drv->bind_text(st, i, s, len, 1);
}

int db_bind_static(struct db_stmt *st, int i, const char *s, size_t len)
{
	if (!s)
		return st->drv->bind_null(st, i);
	return st->drv->bind_text(st, i, s, len, 0);
}

int db_bind_cstr(struct db_stmt *st, int i, const char *s)
{
	if (!s)
		return st->drv->bind_null(st, i);
	return st->drv->bind_text(st, i, s, strlen(s), 0);
}

int db_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{
	return st->drv->bind_blob(st, i, p, len);
}

int db_step(struct db_stmt *st)
{
	return st->drv->step(st);
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return st->drv->col_int(st, i);
}

double db_col_double(struct db_stmt *st, int i)
{
	return st->drv->col_double(st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	return st->drv->col_text(st, i);
}

const void *db_col_blob(struct db_stmt *st, int i)
{
	return st->drv->col_blob(st, i);
}

size_t db_col_bytes(struct db_stmt *st, int i)
{
	return st->drv->col_bytes(st, i);
}

int db_col_null(struct db_stmt *st, int i)
{
	return st->drv->col_null(st, i);
}

int64_t db_int(struct db *db, const char *sql, int64_t dflt)
{
	struct buf err = BUF_INIT;
	struct db_stmt *st = db_prepare(db, sql, &err);
	int64_t v = dflt;

	buf_release(&err);
	if (!st)
		return dflt;
	if (db_step(st) == DB_ROW && !db_col_null(st, 0))
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

int db_schema_version(struct db *db)
{
	if (!db->drv->table_exists(db, "schema_version"))
		return 0;
	return (int)db_int(db, "SELECT max(version) FROM schema_version", 0);
}

int db_migrate(struct db *db, struct buf *err)
{
	struct db_stmt *st = NULL;
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
		db_bind_int(st, 1, m->version);
		db_bind_text(st, 2, m->name, 0);
		if (db_step(st) != DB_DONE) {
			buf_addf(err, "cannot record migration: %s",
				 db_errmsg(db));
			goto fail;
		}
		db_finalize(st);
		st = NULL;
		if (db_commit(db, err))
			goto fail;
	}
	return 0;
fail:
	buf_addf(err, " (migration %s)", netra_migrations[i].name);
	db_finalize(st);
	db_rollback(db);
	return -1;
}
