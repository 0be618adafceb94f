/* SPDX-License-Identifier: MIT */
/*
 * The audit log against an in-memory database: the documented
 * serialisation (known answers computed independently with Python's
 * hashlib), appending and chaining, the append-only triggers, an entry
 * inside a transaction that rolls back, bad details, and verification
 * catching a changed, removed or forged entry. Also review decisions:
 * revisions, refusals, and their audit entries.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "store/db.h"
#include "evidence/review.h"
#include "tap.h"

static struct db *db;

static int64_t q(const char *sql)
{
	return db_int(db, sql, -1);
}

static int exec_ok(const char *sql)
{
	struct buf err = BUF_INIT;
	int ok = !db_exec(db, sql, &err);

	buf_release(&err);
	return ok;
}

static void known_answers(void)
{
	char h[65];

	ok(!audit_hash(1, 1700000000, "Siti", "review", "finding:1",
		       "{\"a\":1}", AUDIT_GENESIS, h), "audit_hash runs");
	is_str(h, "407b4805164bb43efa05ec0dcb05d6be474fc6906db2b44dd34dd149"
	       "b8b7b837", "hash of the documented serialisation");
	audit_hash(2, 1700000000, "Eve\nEvil", "import", "x", "{}",
		   "abababababababababababababababababababababababababababab"
		   "abababab", h);
	is_str(h, "91262251db948d4b0dc6cefbe6ab3dadbbdcc59e3a03f7ad29ad65a1"
	       "ab258d99", "length prefixes: a newline in a field is data");
}

static void chain(void)
{
	struct buf err = BUF_INIT, d = BUF_INIT;
	struct audit_check chk;

	is_int(audit_verify(db, &chk, &err), 0, "an empty log verifies");
	is_str(chk.head, AUDIT_GENESIS, "its head is the genesis hash");
	audit_counts(&d, "rows", 12LL, "refused", 0LL, (char *)NULL);
	is_str(d.s, "{\"rows\":12,\"refused\":0}", "audit_counts");
	is_int(audit_append(db, "Siti", "registry-import", "pegawai.csv",
			    d.s, &err), 1, "first entry is 1");
	is_int(audit_append(db, NULL, "import", "posts.jsonl", NULL, &err),
	       2, "second entry; actor from $USER");
	is_int(q("SELECT actor = 'tester' FROM audit_log WHERE id = 2"), 1,
	       "the OS user is the default actor");
	is_int(q("SELECT details = '{}' FROM audit_log WHERE id = 2"), 1,
	       "no details is {}");
	is_int(q("SELECT a.prev_hash = b.hash FROM audit_log a, audit_log b "
		 "WHERE a.id = 2 AND b.id = 1"), 1,
	       "entry 2 carries the hash of entry 1");
	is_int(audit_append(db, "x", "score", NULL, "[1]", &err), -1,
	       "details that are not an object are refused");
	ok(strstr(err.s, "not a JSON object") != NULL, "and said: %s", err.s);
	buf_reset(&err);
	is_int(audit_append(db, "x", "", NULL, NULL, &err), -1,
	       "an empty action is refused");
	buf_reset(&err);
	ok(exec_ok("BEGIN"), "a caller's transaction");
	is_int(audit_append(db, "x", "score", "run", NULL, &err), 3,
	       "appends inside it");
	ok(exec_ok("ROLLBACK"), "which rolls back");
	is_int(q("SELECT count(*) FROM audit_log"), 2,
	       "and the entry goes with it");
	is_int(audit_verify(db, &chk, &err), 0, "the chain holds");
	is_int(chk.entries, 2, "two entries");
	ok(!exec_ok("UPDATE audit_log SET actor = 'Mallory' WHERE id = 1"),
	   "UPDATE is refused by the trigger");
	ok(!exec_ok("DELETE FROM audit_log WHERE id = 2"),
	   "DELETE is refused by the trigger");
	/* around the triggers */
	ok(exec_ok("DROP TRIGGER audit_log_no_update"), "drop a trigger");
	ok(exec_ok("UPDATE audit_log SET details = '{\"rows\":13,"
		   "\"refused\":0}' WHERE id = 1"), "change entry 1");
	is_int(audit_verify(db, &chk, &err), 1, "the change is caught");
	is_int(chk.bad_id, 1, "at entry 1");
	ok(strstr(err.s, "entry 1") != NULL, "named: %s", err.s);
	buf_reset(&err);
	ok(exec_ok("UPDATE audit_log SET details = '{\"rows\":12,"
		   "\"refused\":0}' WHERE id = 1"), "change it back");
	is_int(audit_verify(db, &chk, &err), 0, "the chain holds again");
	ok(exec_ok("INSERT INTO audit_log VALUES (3, 1, 'm', 'review', "
		   "'finding:1', '{}', (SELECT hash FROM audit_log WHERE "
		   "id = 2), 'forged')"), "a forged entry 3");
	is_int(audit_verify(db, &chk, &err), 1, "is caught");
	is_int(chk.bad_id, 3, "as entry 3");
	buf_reset(&err);
	ok(exec_ok("DROP TRIGGER audit_log_no_delete"), "drop the other");
	ok(exec_ok("DELETE FROM audit_log WHERE id >= 2"), "remove 2 and 3");
	is_int(audit_append(db, "x", "score", NULL, NULL, &err), 2,
	       "append again");
	ok(exec_ok("DELETE FROM audit_log WHERE id = 1"), "remove entry 1");
	is_int(audit_verify(db, &chk, &err), 1, "a removed entry is caught");
	ok(strstr(err.s, "removed") != NULL, "named: %s", err.s);
	buf_release(&err);
	buf_release(&d);
}

static void decisions(void)
{
	struct buf err = BUF_INIT;
	struct review_outcome out;
	int64_t before = q("SELECT count(*) FROM audit_log");

	ok(exec_ok("INSERT INTO capture VALUES (1, 'aa', 1, 'f', 'jsonl', 10);"
		   "INSERT INTO post(id, platform, post_id, kind, "
		   "first_capture) VALUES (1, 'x', '1', 'post', 1);"
		   "INSERT INTO finding(id, post, version, race, local, score, "
		   "level, indicators, spans, explanation, rules_version, "
		   "first_found_at, scored_at) VALUES (1, 1, 1, 'r', 1, 80, "
		   "'tinggi', '[]', '[]', '[]', 'v', 10, 10)"), "a finding");
	is_int(review_decide(db, 1, REVIEW_DISMISS, "Andi", "  ", &out, &err),
	       REVIEW_REFUSED, "a dismissal with a blank reason is refused");
	buf_reset(&err);
	is_int(review_decide(db, 1, REVIEW_CONFIRM, "", NULL, &out, &err),
	       REVIEW_REFUSED, "a decision without a reviewer is refused");
	buf_reset(&err);
	is_int(review_decide(db, 2, REVIEW_CONFIRM, "Andi", NULL, &out,
			     &err), REVIEW_REFUSED, "no finding 2");
	buf_reset(&err);
	is_int(review_decide(db, 1, REVIEW_CONFIRM, "Andi", NULL, &out, &err),
	       REVIEW_OK, "confirm");
	is_int(out.previous, 0, "revising nothing");
	is_int(q("SELECT status = 'dikonfirmasi' FROM finding"), 1,
	       "the finding is dikonfirmasi");
	is_int(review_decide(db, 1, REVIEW_CONFIRM, "Andi", NULL, &out, &err),
	       REVIEW_REFUSED, "the same decision again is refused");
	buf_reset(&err);
	is_int(review_decide(db, 1, REVIEW_DISMISS, "Budi", "akun palsu",
			     &out, &err), REVIEW_OK, "dismiss (a revision)");
	is_int(out.previous, 1, "revising decision 1");
	is_str(out.old_status, "dikonfirmasi", "from dikonfirmasi");
	is_int(q("SELECT status = 'ditolak' FROM finding"), 1,
	       "the finding is ditolak");
	is_int(q("SELECT count(*) FROM review_decision"), 2,
	       "both decisions are kept");
	is_int(q("SELECT count(*) FROM audit_log") - before, 2,
	       "each has an audit entry");
	is_int(q("SELECT count(*) FROM audit_log WHERE action = 'review' AND "
		 "actor = 'Budi' AND subject = 'finding:1' AND "
		 "json_extract(details, '$.reason') = 'akun palsu'"), 1,
	       "the entry names reviewer, finding and reason");
	ok(!exec_ok("UPDATE review_decision SET reason = 'x'"),
	   "decisions cannot be changed");
	ok(!exec_ok("DELETE FROM review_decision"),
	   "decisions cannot be deleted");
	is_int(review_deadline(1000), 1000 + 7 * 86400, "deadline: 7 days");
	buf_release(&err);
}

int main(void)
{
	struct buf err = BUF_INIT;

	setenv("USER", "tester", 1);
	setenv("NETRA_NOW", "2024-11-27T08:00:00+07:00", 1);
	if (db_open(":memory:", DB_MIGRATE, &db, &err)) {
		printf("Bail out! %s\n", err.s);
		return 1;
	}
	known_answers();
	chain();
	decisions();
	db_close(db);
	buf_release(&err);
	return done_testing();
}
