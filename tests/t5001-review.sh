#!/bin/sh
# SPDX-License-Identifier: MIT
# review: the pending list with owner, marked words and legal clock;
# confirm, dismiss, revise; every refusal; decisions survive a rescore;
# decisions and the audit log cannot be changed; the audit log records
# every import, scoring run and decision.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00
export USER=operator

run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra score

# the list
run 0 netra review
has err "8 pending findings"
has out "#1  tinggi 100  pilgub-2024-jateng: 2 Ahmad Luthfi  [dugaan]"
has out "owner:    Budi Wicaksono Hartanto (NIP 198503122010011001)"
has out "[[coblos nomor 2]] [[Luthfi-Yasin]]"
has out "first observed 2024-11-27T01:00:00Z; deadline 2024-12-04T01:00:00Z (7 days left)"
has out "UU 7/2017 Pasal 454"
has out "7 hari kerja"
run 0 netra review --json
python3 - <<'PY'
import json, datetime
d = json.load(open("out"))
assert len(d) == 8, len(d)
scores = [f["score"] for f in d]
assert scores == sorted(scores, reverse=True), scores
for f in d:
    assert f["status"] == "dugaan"
    fo = datetime.datetime.fromisoformat(f["first_observed"].replace("Z", "+00:00"))
    dl = datetime.datetime.fromisoformat(f["deadline"].replace("Z", "+00:00"))
    assert dl - fo == datetime.timedelta(days=7), (fo, dl)
    assert "Pasal 454" in f["deadline_rule"]
    for k in ("name", "nip", "text", "spans", "url", "platform"):
        assert k in f, k
PY
is $? 0 "review --json: highest first, deadline 7 days after first observation"
run 0 netra review --region 33.20
has err "2 pending findings"
run 0 netra review --nip 198503122010011001
has err "2 pending findings"
NETRA_NOW=2024-12-10T00:00:00Z run 0 netra review --nip 198503122010011001
has out "(passed 6 days ago)"

# confirm, dismiss, revise
run 0 netra review 1 confirm --by "Siti Pengawas" --reason "ajakan memilih paslon 2"
has err "finding 1: dikonfirmasi (decision #1)"
is "$(sql 'SELECT status FROM finding WHERE id = 1')" dikonfirmasi "finding 1 confirmed"
run 0 netra review 6 dismiss --by "Andi Staf" --reason "akun belum terverifikasi"
is "$(sql 'SELECT status FROM finding WHERE id = 6')" ditolak "finding 6 dismissed"
run 0 netra review --json 6 confirm --by "Andi Staf" --reason "BKPSDM memastikan akun milik ASN"
has out '"status":"dikonfirmasi"'
has out '"previous_status":"ditolak"'
has out '"revises":2'
has err "finding 6: dikonfirmasi (was ditolak; decision #3 revises #2)"
is "$(sql 'SELECT count(*) FROM review_decision WHERE finding = 6')" 2 \
   "a revision keeps the earlier decision"
is "$(sql 'SELECT previous FROM review_decision WHERE id = 3')" 2 \
   "and names it"
run 0 netra review 6
has out "[dikonfirmasi]"
has out "decision #2 2024-11-27T01:00:00Z dismiss by Andi Staf: akun belum terverifikasi"
has out "decision #3 2024-11-27T01:00:00Z confirm by Andi Staf: BKPSDM memastikan akun milik ASN (revises #2)"
run 0 netra review --json 6
has out '"decisions":[{"id":2,"decision":"dismiss"'
run 0 netra review
has err "6 pending findings"
lacks out "#1 "
lacks out "#6 "

# refusals
run 3 netra review 1 confirm --by "Siti Pengawas"
has err "finding 1 is already dikonfirmasi"
run 2 netra review 2 dismiss --by "Siti Pengawas"
has err "dismiss needs --reason"
run 2 netra review 2 dismiss --by "Siti Pengawas" --reason ""
run 3 netra review 2 dismiss --by "Siti Pengawas" --reason "   "
has err "a dismissal needs a reason"
run 2 netra review 2 confirm
has err "confirm needs --by NAME"
run 3 netra review 2 confirm --by "   "
run 2 netra review 2 approve --by x
has err "'approve' is not a decision"
run 2 netra review abc confirm --by x
run 2 netra review 0 confirm --by x
run 3 netra review 999 confirm --by x
has err "no finding 999"
run 3 netra review 999
run 2 netra review 2 confirm extra --by x
run 2 netra review --by x
run 2 netra review 2 confirm --by x --region 33
run 2 netra review --region nowhere
run 2 netra review --nip 123
is "$(sql "SELECT group_concat(status) FROM finding WHERE id = 2")" dugaan \
   "refused decisions changed nothing"

# a hostile reviewer name cannot drive the terminal
run 0 netra review 2 dismiss --by "$(printf 'Eve\033[2J')" --reason "$(printf 'x\033]0;t\007y')"
run 0 netra review 2
lacks out "$(printf '\033')"
has out "dismiss by Eve [2J: x ]0;t y"

# nor can a post's text
printf '%s\n' '{"platform": "x", "post_id": "1851000000000000098", "account": "budi_kudus_asn", "posted_at": "2024-11-20T07:00:00+07:00", "kind": "post", "text": "Coblos nomor 2 Luthfi-Yasin \u001b[2J\u001b]0;pwned\u0007 <b>", "url": "https://example.org/x/1851000000000000098"}' > esc.jsonl
run 0 netra import esc.jsonl
run 0 netra score
run 0 netra review --nip 198503122010011001
has out "[[Coblos nomor 2]] [[Luthfi-Yasin]]  [2J ]0;pwned  <b>"
lacks out "$(printf '\033')"
lacks out "$(printf '\007')"

# scoring never changes a decision
run 0 netra score --all
is "$(sql 'SELECT group_concat(status) FROM finding WHERE id IN (1, 2, 6) ORDER BY id')" \
   "dikonfirmasi,ditolak,dikonfirmasi" "a rescore keeps every decision"

# decisions and the audit log are append-only
sqlite3 "$NETRA_DB" "UPDATE review_decision SET reason = 'x' WHERE id = 1" 2>sqlerr
has sqlerr "review decisions are never changed"
sqlite3 "$NETRA_DB" "DELETE FROM review_decision" 2>sqlerr
has sqlerr "review decisions are never deleted"
sqlite3 "$NETRA_DB" "UPDATE audit_log SET actor = 'x'" 2>sqlerr
has sqlerr "the audit log is append-only"
sqlite3 "$NETRA_DB" "DELETE FROM audit_log WHERE id = 3" 2>sqlerr
has sqlerr "the audit log is append-only"

# what the audit log holds
is "$(sql "SELECT group_concat(action || ' ' || actor || ' ' || subject, '|') FROM audit_log")" \
   "registry-import operator $FIX/registry/clean.csv|import operator $FIX/posts/demo/posts.jsonl|score operator score_run:1|review Siti Pengawas finding:1|review Andi Staf finding:6|review Andi Staf finding:6|review $(printf 'Eve\033[2J') finding:2|import operator esc.jsonl|score operator score_run:2|score operator score_run:3" \
   "registry import, import, scoring and each decision are logged"
is "$(sql "SELECT json_extract(details, '\$.reason') FROM audit_log WHERE id = 5")" \
   "akun belum terverifikasi" "a decision's entry holds its reason"
is "$(sql "SELECT json_extract(details, '\$.posts_new') FROM audit_log WHERE action = 'import' LIMIT 1")" \
   15 "an import's entry holds its counts"
run 0 netra registry import --dry-run "$FIX/registry/clean.csv"
run 0 netra registry check "$FIX/registry/clean.csv"
is "$(sql "SELECT count(*) FROM audit_log WHERE action = 'registry-import'")" 1 \
   "a check or a dry run is not logged"
run 0 netra verify
has err "audit log: 10 entries, chain intact"
done_testing
