#!/bin/sh
# SPDX-License-Identifier: MIT
# netra collect killed with SIGKILL in the middle of a run, then run
# again: it resumes from each account's last committed page and ends
# with exactly the posts, versions and cursors of an uninterrupted run.
# SIGTERM stops a run cleanly with exit 4. The kill is timed by the
# requests the server has answered, never by the clock.
. "$NETRA_SRC/tests/lib.sh"
. "$NETRA_SRC/tests/t32lib-collect.sh"

N=12
mock_start --synthetic $N --pages 4 --delay-ms 30
OPTS="--concurrency 4 --max-tries 3 --retry-delay 10"

# accounts DB: the server's synthetic X accounts (16-character names,
# which X itself would not issue: put straight into the tables)
accounts() {
	NETRA_DB="$1" netra init >/dev/null 2>&1
	i=0
	while [ $i -lt $N ]; do
		printf "INSERT INTO asn(nip, name, region_code, created_at,
			changed_at, seen_at) VALUES (%d, 'ASN %05d (fiktif)',
			'33.19', 0, 0, 0);
			INSERT INTO account(nip, platform, handle, started_at)
			VALUES (%d, 'x', 'asn_fiktif_%05d', 0);\n" \
			$((198501012010011000 + i)) $i \
			$((198501012010011000 + i)) $i
		i=$((i + 1))
	done | sqlite3 -batch "$1"
}

# the posts, versions and cursors of a database, for comparison
dump() {
	sqlite3 -batch "$1" "SELECT platform, post_id, account, account_id,
		posted_at, kind, ref_account, deleted_at FROM post ORDER BY 2;
		SELECT p.post_id, v.seq, v.text FROM post_version v JOIN post p
		ON p.id = v.post ORDER BY 1, 2;
		SELECT platform, account, endpoint, user_id, next_token,
		since_id, done FROM collect_cursor ORDER BY 1, 2, 3"
}

accounts full.db
NETRA_DB=full.db run 0 netra collect $OPTS --json
full_requests=$(jget requests)
is "$(jget posts_new)" $((N * 20)) "uninterrupted: $N accounts x 20 posts"
dump full.db >full.dump

mock POST /__reset >/dev/null
accounts kill.db
NETRA_DB=kill.db "$NETRA_BIN" collect $OPTS >kill.out 2>kill.err &
pid=$!
i=0
while [ "$(wc -l <mock.log)" -lt $((full_requests / 2)) ] && [ $i -lt 400 ]
do
	sleep 0.02
	i=$((i + 1))
done
kill -9 $pid
{ wait $pid; } 2>/dev/null
is "$?" 137 "killed with SIGKILL mid-run"
got=$(sqlite3 kill.db "SELECT count(*) FROM post")
if [ "$got" -gt 0 ] && [ "$got" -lt $((N * 20)) ]; then
	t_result 1 "part of the posts were stored before the kill ($got)"
else
	t_result 0 "part of the posts were stored before the kill ($got)"
fi
is "$(sqlite3 kill.db "PRAGMA integrity_check")" ok "database intact"
before=$(wc -l <mock.log)

NETRA_DB=kill.db run 0 netra collect $OPTS --json
after=$(wc -l <mock.log)
dump kill.db >kill.dump
if cmp -s full.dump kill.dump; then
	t_result 1 "killed + resumed = uninterrupted: posts, versions, cursors"
else
	t_result 0 "killed + resumed = uninterrupted: posts, versions, cursors"
	diff full.dump kill.dump | head -20 | diag
fi
# resumed pages are not fetched again: apart from a first page per
# finished sweep (incremental) and the pages in flight at the kill,
# the two runs together fetch what one uninterrupted run does
total=$after
limit=$((full_requests + 2 * N + 4))
if [ "$total" -le "$limit" ]; then
	t_result 1 "no page walked twice ($total requests, at most $limit)"
else
	t_result 0 "no page walked twice ($total requests, at most $limit)"
fi
is "$(sqlite3 kill.db "SELECT count(*) FROM collect_cursor WHERE done = 0")" \
	0 "every sweep finished"

# SIGTERM: a clean stop, exit 4, the rest on the next run
mock POST /__reset >/dev/null
accounts term.db
NETRA_DB=term.db "$NETRA_BIN" collect $OPTS >term.out 2>term.err &
pid=$!
i=0
while [ "$(wc -l <mock.log)" -lt 10 ] && [ $i -lt 400 ]; do
	sleep 0.02
	i=$((i + 1))
done
kill -TERM $pid
{ wait $pid; } 2>/dev/null
is "$?" 4 "SIGTERM: exit 4"
has term.err "interrupted"
NETRA_DB=term.db run 0 netra collect $OPTS
dump term.db >term.dump
if cmp -s full.dump term.dump; then
	t_result 1 "stopped + resumed = uninterrupted"
else
	t_result 0 "stopped + resumed = uninterrupted"
	diff full.dump term.dump | head -20 | diag
fi
done_testing
