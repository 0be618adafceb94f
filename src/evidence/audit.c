/* SPDX-License-Identifier: MIT */
/*
 * The hash-chained audit log: appending an entry (with the previous
 * entry's hash) and walking the chain to check it. The serialisation that
 * is hashed is described in audit.h; it must never change for existing
 * rows, so a new layout would need a new prefix ("netra-audit-2").
 */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "evidence/capture.h"
#include "store/db.h"
#include "util/parse.h"
#include "util/banned.h"

static void add_field(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	buf_addf(b, "%zu:", n);
	buf_add(b, s ? s : "", n);
	buf_addch(b, '\n');
}

int audit_hash(int64_t id, int64_t at, const char *actor,
	       const char *action, const char *subject, const char *details,
	       const char *prev_hash, char out[65])
{
	struct buf b = BUF_INIT, num = BUF_INIT;
	int rc;

	buf_adds(&b, "netra-audit-1\n");
	buf_addf(&num, "%lld", (long long)id);
	add_field(&b, num.s);
	buf_reset(&num);
	buf_addf(&num, "%lld", (long long)at);
	add_field(&b, num.s);
	add_field(&b, actor);
	add_field(&b, action);
	add_field(&b, subject);
	add_field(&b, details);
	add_field(&b, prev_hash);
	rc = capture_sha256_hex(b.s, b.len, out);
	buf_release(&b);
	buf_release(&num);
	return rc;
}

static void default_actor(struct buf *out)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u && *u) {
		buf_adds(out, u);
		return;
	}
	pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		buf_adds(out, pw->pw_name);
	else
		buf_addf(out, "uid:%lu", (unsigned long)getuid());
}

void audit_actor(const char *actor, struct buf *out)
{
	if (actor && *actor)
		buf_adds(out, actor);
	else
		default_actor(out);
}

void audit_counts(struct buf *out, ...)
{
	va_list ap;
	const char *k;
	int first = 1;

	va_start(ap, out);
	buf_addch(out, '{');
	while ((k = va_arg(ap, const char *))) {
		long long v = va_arg(ap, long long);

		buf_addf(out, "%s\"%s\":%lld", first ? "" : ",", k, v);
		first = 0;
	}
	buf_addch(out, '}');
	va_end(ap);
}

static int details_ok(const char *details)
{
	cJSON *j = cJSON_Parse(details);
	int ok = j && cJSON_IsObject(j);

	cJSON_Delete(j);
	return ok;
}

int64_t audit_append(struct db *db, const char *actor, const char *action,
		     const char *subject, const char *details_json,
		     struct buf *err)
{
	struct buf who = BUF_INIT;
	struct db_stmt *last = NULL, *put = NULL;
	char prev[65], hash[65];
	int64_t id = -1, at = netra_now();
	int own = !db_in_transaction(db);

	if (!action || !*action) {
		buf_addf(err, "audit: an entry needs an action");
		return -1;
	}
	if (!details_json)
		details_json = "{}";
	if (!details_ok(details_json)) {
		buf_addf(err, "audit: details of '%s' are not a JSON object",
			 action);
		return -1;
	}
	if (!subject)
		subject = "";
	audit_actor(actor, &who);
	if (own && db_begin(db, err))
		goto out;
	last = db_prepare(db, "SELECT id, hash FROM audit_log "
			  "ORDER BY id DESC LIMIT 1", err);
	put = last ? db_prepare(db, "INSERT INTO audit_log(id, at, actor, "
				"action, subject, details, prev_hash, hash) "
				"VALUES (?, ?, ?, ?, ?, ?, ?, ?)", err) : NULL;
	if (!put)
		goto fail;
	memcpy(prev, AUDIT_GENESIS, sizeof(prev));
	id = 1;
	if (db_step(last) == DB_ROW) {
		const char *h = db_col_text(last, 1);

		id = db_col_int(last, 0) + 1;
		if (!h || strlen(h) != 64) {
			buf_addf(err, "audit: entry %lld has no hash",
				 (long long)id - 1);
			goto fail;
		}
		memcpy(prev, h, sizeof(prev));
	}
	if (audit_hash(id, at, who.s, action, subject, details_json, prev,
		       hash)) {
		buf_addf(err, "audit: SHA-256 failed (OpenSSL)");
		goto fail;
	}
	db_bind_int(put, 1, id);
	db_bind_int(put, 2, at);
	db_bind_cstr(put, 3, who.s);
	db_bind_cstr(put, 4, action);
	db_bind_cstr(put, 5, subject);
	db_bind_cstr(put, 6, details_json);
	db_bind_cstr(put, 7, prev);
	db_bind_cstr(put, 8, hash);
	if (db_step(put) != DB_DONE) {
		buf_addf(err, "audit: cannot append: %s", db_errmsg(db));
		goto fail;
	}
	db_finalize(last);
	db_finalize(put);
	last = put = NULL;
	if (own && db_commit(db, err))
		goto fail;
	goto out;
fail:
	id = -1;
	db_finalize(last);
	db_finalize(put);
	if (own)
		db_rollback(db);
out:
	buf_release(&who);
	return id;
}

static const char *text(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s ? s : "";
}

int audit_verify(struct db *db, struct audit_check *check, struct buf *err)
{
	struct db_stmt *st;
	char prev[65], h[65];
	int64_t want_id = 1;
	int rc;

	memset(check, 0, sizeof(*check));
	memcpy(prev, AUDIT_GENESIS, sizeof(prev));
	memcpy(check->head, AUDIT_GENESIS, sizeof(check->head));
	st = db_prepare(db, "SELECT id, at, actor, action, subject, details, "
			"prev_hash, hash FROM audit_log ORDER BY id", err);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		const char *ph = text(st, 6), *hash = text(st, 7);

		check->entries++;
		if (id != want_id) {
			check->bad_id = id;
			buf_addf(err, "audit log entry %lld: expected entry "
				 "%lld here: entries were removed",
				 (long long)id, (long long)want_id);
			break;
		}
		if (strcmp(ph, prev)) {
			check->bad_id = id;
			buf_addf(err, "audit log entry %lld: prev_hash does "
				 "not match the hash of entry %lld",
				 (long long)id, (long long)id - 1);
			break;
		}
		if (audit_hash(id, db_col_int(st, 1), text(st, 2),
			       text(st, 3), text(st, 4), text(st, 5), ph, h)) {
			buf_addf(err, "audit: SHA-256 failed (OpenSSL)");
			db_finalize(st);
			return -1;
		}
		if (strcmp(h, hash)) {
			check->bad_id = id;
			buf_addf(err, "audit log entry %lld: its content does "
				 "not match its hash (changed after it was "
				 "written)", (long long)id);
			break;
		}
		memcpy(prev, h, sizeof(prev));
		memcpy(check->head, h, sizeof(check->head));
		want_id++;
	}
	if (rc != DB_ROW && rc != DB_DONE) {
		buf_addf(err, "cannot read the audit log: %s",
			 db_errmsg(db));
		db_finalize(st);
		return -1;
	}
	db_finalize(st);
	return check->bad_id ? 1 : 0;
}
