#!/bin/sh
# SPDX-License-Identifier: MIT
# netra import: captures, idempotence, versions, edits, deletion marks,
# restoration, linking to the registry, standard input.
. "$NETRA_SRC/tests/lib.sh"
J="$FIX/posts/jsonl"

run 0 netra init
sql "INSERT INTO asn(nip, name, region_code, created_at, changed_at, seen_at)
	VALUES (198501012010011001, 'Budi Santoso (fiktif)', '33.19', 0, 0, 0);
     INSERT INTO account(nip, platform, handle, started_at)
	VALUES (198501012010011001, 'x', 'budi_fiktif_x', 0)"

# first capture
run 0 netra import --json "$J/timeline-1.jsonl"
is "$(cat out)" '{"files":1,"files_refused":0,"captures_new":1,"posts_seen":4,"posts_new":4,"posts_changed":0,"posts_deleted":0,"posts_restored":0,"posts_unlinked":1,"users_learnt":1,"gone_unknown":0,"warnings":0,"rejected":0}' "first import counts"
sha=$(sha256sum "$J/timeline-1.jsonl" | cut -d' ' -f1)
cap="netra.db.captures/$(echo "$sha" | cut -c1-2)/$sha"
is "$(sql "SELECT sha256, size, source, format, imported_at FROM capture")" \
	"$sha|$(wc -c < "$J/timeline-1.jsonl")|$J/timeline-1.jsonl|jsonl|1732064400" \
	"capture row: hash, size, source, format, import time"
is "$(cmp "$cap" "$J/timeline-1.jsonl" && echo same)" same \
	"raw bytes stored under their hash"
is "$(stat -c %a "$cap")" 600 "capture file is 0600"
is "$(stat -c %a netra.db.captures "$(dirname "$cap")")" "700
700" "capture folders are 0700"
is "$(ls netra.db.captures/tmp | wc -l)" 0 "no temporary file left"
is "$(sql "SELECT count(*) FROM capture_post")" 4 "capture lists its posts"
is "$(sql "SELECT platform_user_id FROM account")" 900000000000000001 \
	"platform user id learnt for the registry account"
is "$(sql "SELECT count(*) FROM post p JOIN post_owner o ON o.post = p.id
	JOIN account a ON a.id = o.account WHERE a.nip = 198501012010011001")" \
	3 "posts link to the civil servant"

# the same bytes again: nothing changes
before=$(sql "SELECT count(*) FROM post; SELECT count(*) FROM post_version;
	SELECT count(*) FROM capture; SELECT count(*) FROM capture_post")
run 0 netra import --json "$J/timeline-1.jsonl"
is "$(cat out)" '{"files":1,"files_refused":0,"captures_new":0,"posts_seen":4,"posts_new":0,"posts_changed":0,"posts_deleted":0,"posts_restored":0,"posts_unlinked":0,"users_learnt":0,"gone_unknown":0,"warnings":0,"rejected":0}' "re-import counts are zero"
is "$(sql "SELECT count(*) FROM post; SELECT count(*) FROM post_version;
	SELECT count(*) FROM capture; SELECT count(*) FROM capture_post")" \
	"$before" "re-import adds no rows"
# the same bytes from standard input are the same capture
run 0 netra import --json - < "$J/timeline-1.jsonl"
has out '"captures_new":0'

# a later complete capture: an X edit (new id, edit_of) is not a deletion
export NETRA_NOW=2024-11-21T08:00:00+07:00
run 0 netra import --complete --json "$J/timeline-2.jsonl"
has out '"posts_new":2'
has out '"posts_deleted":0'
is "$(sql "SELECT edit_of FROM post WHERE post_id = '1850000000000000004'")" \
	1850000000000000002 "edit_of kept"

# the next complete capture lacks the repost: marked deleted, not removed
export NETRA_NOW=2024-11-22T08:00:00+07:00
run 0 netra import --complete --json "$J/timeline-3.jsonl"
has out '"posts_deleted":1'
is "$(sql "SELECT deleted_at FROM post WHERE post_id = '1850000000000000003'")" \
	1732237200 "deleted_at is the import time"
is "$(sql "SELECT how, observed_at, restored_at IS NULL FROM post_deletion")" \
	"complete|1732237200|1" "deletion observed and logged"
is "$(sql "SELECT count(*) FROM post_version v JOIN post p ON p.id = v.post
	WHERE p.post_id = '1850000000000000003'")" 1 "deleted post keeps its content"
is "$(sql "SELECT deleted_at IS NULL FROM post WHERE post_id =
	'1850000000000000010'")" 1 "another author's post is untouched"
# the same complete capture again changes nothing
run 0 netra import --complete --json "$J/timeline-3.jsonl"
has out '"posts_deleted":0'

# it reappears in a new capture: mark cleared, observation kept
export NETRA_NOW=2024-11-23T08:00:00+07:00
run 0 netra import --json "$J/timeline-2.jsonl" "$J/timeline-1.jsonl"
has out '"posts_restored":0'
printf '%s\n' "$(grep 1850000000000000003 "$J/timeline-1.jsonl")" > again.jsonl
run 0 netra import --json again.jsonl
has out '"posts_restored":1'
is "$(sql "SELECT deleted_at IS NULL FROM post WHERE post_id =
	'1850000000000000003'")" 1 "reappeared post is no longer deleted"
is "$(sql "SELECT how, restored_at FROM post_deletion")" \
	"complete|1732323600" "deletion log keeps the observation"

# changed text is a new version; deleted: true marks; unknown fields pass
export NETRA_NOW=2024-11-24T08:00:00+07:00
run 0 netra import --json "$J/changed.jsonl"
has out '"posts_changed":1'
has out '"posts_deleted":1'
has out '"posts_new":1'
is "$(sql "SELECT group_concat(text, ' / ') FROM (SELECT v.text FROM
	post_version v JOIN post p ON p.id = v.post WHERE p.post_id =
	'1850000000000000001' ORDER BY v.seq)")" \
	"Selamat pagi, rapat koordinasi dinas hari ini jam 9. / Selamat pagi, rapat koordinasi dinas hari ini jam 10." \
	"both versions kept, in order"
is "$(sql "SELECT how FROM post_deletion WHERE restored_at IS NULL")" flag \
	"platform-reported deletion logged"
is "$(sql "SELECT media FROM post_version v JOIN post p ON p.id = v.post
	WHERE p.post_id = 'C0fiktif01'")" \
	'[{"type":"photo","url":"https://cdn.example/p/1.jpg","alt":null}]' \
	"media stored as JSON"
is "$(sql "SELECT ref_account, ref_post_id FROM post WHERE post_id =
	'C0fiktif01'")" "calonbup_fktf|C0calon01" "ref stored"

# the human summary
run 0 netra import "$J/timeline-1.jsonl"
has out "files: 1 (0 refused)"
has out "posts seen: 4, new: 0"

# the evaluation set (canonical JSONL with "label" and "url": null)
if [ -f /work/shared/eval/dev.jsonl ]; then
	run 0 netra -d eval.db import --json /work/shared/eval/dev.jsonl
	has out '"posts_new":244'
fi

done_testing
