/* SPDX-License-Identifier: MIT */
/*
 * netra verify: without an argument, recomputes the audit log's hash
 * chain and the SHA-256 of every stored capture; with a folder, checks a
 * dossier as received (dossier.c). Exit 0 when everything holds, 5
 * naming what differs.
 */
#include <stdio.h>
#include <string.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "evidence/capture.h"
#include "cmd.h"
#include "store/db.h"
#include "evidence/dossier.h"
#include "util/msg.h"
#include "evidence/review.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra verify",
	"       netra verify DIR",
	"",
	"Without DIR, recomputes the audit log's hash chain and every stored",
	"capture's SHA-256. With DIR, checks a dossier: every file against",
	"SHA256SUMS and manifest.json, and that nothing was added or",
	"removed. Exits 5 naming what differs.",
	NULL
};

static int verify_captures(struct db *db, const char *dir, long *n,
			   long *bad)
{
	struct buf err = BUF_INIT, path = BUF_INIT;
	struct db_stmt *st = db_prepare(db, "SELECT id, sha256, size FROM "
				      "capture ORDER BY id", &err);
	int rc;

	if (!st) {
		error("%s", err.s);
		buf_release(&err);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		const char *sha = db_col_text(st, 1);
		long long id = db_col_int(st, 0);
		char got[65];
		int64_t size;

		(*n)++;
		buf_reset(&path);
		buf_reset(&err);
		buf_addf(&path, "%s/%.2s/%s", dir, sha, sha);
		if (dossier_sha256_file(path.s, got, &size, &err)) {
			error("capture %lld (%s): %s", id, sha, err.s);
			(*bad)++;
		} else if (strcmp(got, sha)) {
			error("capture %lld (%s): the stored file's SHA-256 is "
			      "now %s: it was changed", id, sha, got);
			(*bad)++;
		} else if (size != db_col_int(st, 2)) {
			error("capture %lld (%s): %lld bytes, recorded %lld",
			      id, sha, (long long)size,
			      (long long)db_col_int(st, 2));
			(*bad)++;
		}
	}
	db_finalize(st);
	buf_release(&path);
	if (rc != DB_DONE) {
		error("cannot read captures: %s", db_errmsg(db));
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	return 0;
}

static int verify_db(struct netra *ctx)
{
	struct db *db = netra_db(ctx);
	struct audit_check chk;
	struct buf err = BUF_INIT, dir = BUF_INIT;
	long n = 0, bad = 0;
	int rc, broken = 0;

	rc = audit_verify(db, &chk, &err);
	if (rc < 0) {
		error("%s", err.s);
		buf_release(&err);
		return NETRA_EXIT_DB;
	}
	if (rc) {
		error("%s", err.s);
		broken = 1;
	} else {
		note("audit log: %lld entries, chain intact (head %s)",
		     (long long)chk.entries, chk.head);
	}
	{
		struct buf problems = BUF_INIT;
		char *line, *next;
		int nbad = review_verify(db, &problems, &err);

		if (nbad < 0) {
			error("%s", err.s);
			buf_release(&problems);
			buf_release(&err);
			return NETRA_EXIT_DB;
		}
		for (line = problems.s; *line; line = next) {
			next = strchr(line, '\n');
			*next++ = '\0';
			error("%s", line);
		}
		if (nbad)
			broken = 1;
		else
			note("decisions: each one logged, every status follows "
			     "its latest decision");
		buf_release(&problems);
	}
	capture_dir_for(ctx->db_path, &dir);
	if (verify_captures(db, dir.s, &n, &bad)) {
		buf_release(&err);
		buf_release(&dir);
		return NETRA_EXIT_DB;
	}
	if (!bad)
		note("captures: %ld, every one matches its SHA-256", n);
	else
		error("captures: %ld of %ld do not match", bad, n);
	buf_release(&err);
	buf_release(&dir);
	return broken || bad ? NETRA_EXIT_DB : NETRA_EXIT_OK;
}

static int verify_dir(const char *dir)
{
	struct buf problems = BUF_INIT, err = BUF_INIT;
	char *line, *next;
	int rc = dossier_verify(dir, &problems, &err);

	if (rc < 0) {
		error("%s", err.s);
		rc = NETRA_EXIT_DB;
		goto out;
	}
	for (line = problems.s; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		error("%s: %s", dir, line);
	}
	if (rc)
		rc = NETRA_EXIT_DB;
	else
		note("%s: every file matches SHA256SUMS and manifest.json; "
		     "nothing added or removed", dir);
out:
	buf_release(&problems);
	buf_release(&err);
	return rc;
}

int cmd_verify(struct netra *ctx, int argc, char **argv)
{
	static const struct opt opts[] = {
		OPT_END_
	};
	int n, rc = cmd_options(argc, argv, opts, usage, 0, &n);

	if (rc != -1)
		return rc;
	if (n > 1)
		return cmd_usage(usage, 0);
	if (n == 1)
		return verify_dir(argv[1]);
	return verify_db(ctx);
}
