/* SPDX-License-Identifier: MIT */
/*
 * Review decisions (see review.h): recording a confirmation or dismissal
 * with its audit entry, the legal clock, and the spans of a finding for
 * display. The listing and printing live in cmd_review.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "store/db.h"
#include "util/parse.h"
#include "evidence/review.h"
#include "util/banned.h"

int64_t review_deadline(int64_t first_observed)
{
	return first_observed + (int64_t)REVIEW_WINDOW_DAYS * 86400;
}

enum review_decision review_decision_parse(const char *s)
{
	if (!s)
		return 0;
	if (!strcmp(s, "confirm"))
		return REVIEW_CONFIRM;
	if (!strcmp(s, "dismiss"))
		return REVIEW_DISMISS;
	return 0;
}

const char *review_status(enum review_decision d)
{
	return d == REVIEW_CONFIRM ? "dikonfirmasi" : "ditolak";
}

static const char *decision_name(enum review_decision d)
{
	return d == REVIEW_CONFIRM ? "confirm" : "dismiss";
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

int review_decide(struct db *db, int64_t finding, enum review_decision d,
		  const char *by, const char *reason,
		  struct review_outcome *out, struct buf *err)
{
	struct db_stmt *get = NULL, *put = NULL, *upd = NULL;
	cJSON *details = NULL;
	char *dj = NULL;
	struct buf subject = BUF_INIT;
	int rc = REVIEW_REFUSED;
	int64_t nip = 0;

	memset(out, 0, sizeof(*out));
	if (d != REVIEW_CONFIRM && d != REVIEW_DISMISS) {
		buf_addf(err, "a decision is confirm or dismiss");
		return REVIEW_REFUSED;
	}
	if (blank(by)) {
		buf_addf(err, "a decision needs the reviewer's name (--by)");
		return REVIEW_REFUSED;
	}
	if (d == REVIEW_DISMISS && blank(reason)) {
		buf_addf(err, "a dismissal needs a reason (--reason)");
		return REVIEW_REFUSED;
	}
	if (blank(reason))
		reason = NULL;
	if (db_begin(db, err))
		return REVIEW_FAILED;
	rc = REVIEW_FAILED;
	get = db_prepare(db, "SELECT f.status, f.nip, (SELECT max(id) FROM "
			 "review_decision WHERE finding = f.id) FROM finding f "
			 "WHERE f.id = ?", err);
	put = get ? db_prepare(db, "INSERT INTO review_decision(finding, "
			       "decision, decided_by, reason, at, previous) "
			       "VALUES (?, ?, ?, ?, ?, ?)", err) : NULL;
	upd = put ? db_prepare(db, "UPDATE finding SET status = ? "
			       "WHERE id = ?", err) : NULL;
	if (!upd)
		goto fail;
	db_bind_int(get, 1, finding);
	if (db_step(get) != DB_ROW) {
		buf_addf(err, "no finding %lld; 'netra review' lists them",
			 (long long)finding);
		rc = REVIEW_REFUSED;
		goto fail;
	}
	snprintf(out->old_status, sizeof(out->old_status), "%s",
		 db_col_text(get, 0));
	nip = db_col_int(get, 1);
	out->previous = db_col_int(get, 2);
	if (!strcmp(out->old_status, review_status(d))) {
		buf_addf(err, "finding %lld is already %s", (long long)finding,
			 out->old_status);
		rc = REVIEW_REFUSED;
		goto fail;
	}
	db_bind_int(put, 1, finding);
	db_bind_cstr(put, 2, decision_name(d));
	db_bind_cstr(put, 3, by);
	db_bind_text(put, 4, reason, 1);
	db_bind_int(put, 5, netra_now());
	if (out->previous)
		db_bind_int(put, 6, out->previous);
	else
		db_bind_null(put, 6);
	if (db_step(put) != DB_DONE)
		goto dberr;
	out->decision_id = db_last_id(db);
	db_bind_cstr(upd, 1, review_status(d));
	db_bind_int(upd, 2, finding);
	if (db_step(upd) != DB_DONE)
		goto dberr;
	details = cJSON_CreateObject();
	cJSON_AddNumberToObject(details, "finding", (double)finding);
	cJSON_AddNumberToObject(details, "decision_id",
				(double)out->decision_id);
	cJSON_AddStringToObject(details, "decision", decision_name(d));
	cJSON_AddStringToObject(details, "status", review_status(d));
	cJSON_AddStringToObject(details, "previous_status", out->old_status);
	if (out->previous)
		cJSON_AddNumberToObject(details, "revises",
					(double)out->previous);
	if (reason)
		cJSON_AddStringToObject(details, "reason", reason);
	if (nip) {
		char n[32];

		snprintf(n, sizeof(n), "%018lld", (long long)nip);
		cJSON_AddStringToObject(details, "nip", n);
	}
	dj = cJSON_PrintUnformatted(details);
	buf_addf(&subject, "finding:%lld", (long long)finding);
	out->audit_id = audit_append(db, by, "review", subject.s, dj, err);
	if (out->audit_id < 0)
		goto fail;
	db_finalize(get);
	db_finalize(put);
	db_finalize(upd);
	get = put = upd = NULL;
	if (db_commit(db, err))
		goto fail;
	rc = REVIEW_OK;
	goto out;
dberr:
	buf_addf(err, "cannot record the decision: %s", db_errmsg(db));
fail:
	db_finalize(get);
	db_finalize(put);
	db_finalize(upd);
	db_rollback(db);
out:
	cJSON_Delete(details);
	cJSON_free(dj);
	buf_release(&subject);
	return rc;
}

int review_verify(struct db *db, struct buf *problems, struct buf *err)
{
	static const char sql_unlogged[] =
		"SELECT d.id, d.finding FROM review_decision d "
		"WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
		"WHERE a.action = 'review' "
		"AND json_valid(a.details) "
		"AND json_extract(a.details, '$.decision_id') = d.id) "
		"ORDER BY d.id";
	static const char sql_status[] =
		"SELECT id, status, want FROM (SELECT f.id, f.status, "
		"CASE (SELECT decision FROM review_decision "
		"      WHERE finding = f.id ORDER BY id DESC LIMIT 1) "
		"WHEN 'confirm' THEN 'dikonfirmasi' "
		"WHEN 'dismiss' THEN 'ditolak' ELSE 'dugaan' END AS want "
		"FROM finding f) WHERE status IS NOT want ORDER BY id";
	struct db_stmt *st = db_prepare(db, sql_unlogged, err);
	int n = 0, rc;

	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		buf_addf(problems, "review decision #%lld (finding %lld) has "
			 "no audit log entry: entries were removed\n",
			 (long long)db_col_int(st, 0),
			 (long long)db_col_int(st, 1));
		n++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		goto dberr;
	st = db_prepare(db, sql_status, err);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		buf_addf(problems, "finding %lld is '%s' but its decisions "
			 "make it '%s': the status was changed outside "
			 "netra review\n",
			 (long long)db_col_int(st, 0),
			 db_col_text(st, 1),
			 db_col_text(st, 2));
		n++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		goto dberr;
	return n;
dberr:
	buf_addf(err, "cannot check decisions: %s", db_errmsg(db));
	return -1;
}

size_t review_spans(const char *json, struct mark_span **out)
{
	cJSON *a = json ? cJSON_Parse(json) : NULL, *o;
	size_t n = 0, cap;

	*out = NULL;
	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return 0;
	}
	cap = (size_t)cJSON_GetArraySize(a);
	if (!cap) {
		cJSON_Delete(a);
		return 0;
	}
	*out = xcalloc(cap, sizeof(**out));
	cJSON_ArrayForEach(o, a) {
		cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "start");
		cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "end");

		if (!cJSON_IsNumber(s) || !cJSON_IsNumber(e) ||
		    s->valuedouble < 0 || e->valuedouble <= s->valuedouble ||
		    e->valuedouble > 1e12)
			continue;
		(*out)[n].start = (size_t)s->valuedouble;
		(*out)[n].end = (size_t)e->valuedouble;
		n++;
	}
	cJSON_Delete(a);
	if (!n) {
		free(*out);
		*out = NULL;
	}
	return n;
}

void review_text_marked(struct buf *out, const char *text, size_t len,
			const struct mark_span *spans, size_t n)
{
	unsigned char *in;
	size_t i;

	if (!text || !len)
		return;
	in = xcalloc(len, 1);
	for (i = 0; i < n; i++) {
		size_t k;

		for (k = spans[i].start; k < spans[i].end && k < len; k++)
			in[k] = 1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (in[i] && (i == 0 || !in[i - 1]))
			buf_adds(out, "[[");
		buf_addch(out, c < 0x20 || c == 0x7f ? ' ' : c);
		if (in[i] && (i + 1 == len || !in[i + 1]))
			buf_adds(out, "]]");
	}
	free(in);
}
