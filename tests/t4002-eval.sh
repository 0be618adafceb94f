#!/bin/sh
# SPDX-License-Identifier: MIT
# netra eval: precision and recall on labelled posts, its JSON, bad lines.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"

run 0 netra eval "$FIX/eval/regional.jsonl"
has out "precision 1.000"
has out "recall    1.000"
has out "tp 16  fp 0  fn 0  tn 20"

run 0 netra eval --json "$FIX/eval/regional.jsonl"
python3 - <<'PY'
import json
d = json.load(open("out"))
for k in ("tp", "fp", "fn", "tn", "precision", "recall", "f1", "errors"):
    assert k in d, k
assert d["tp"] == 16 and d["tn"] == 20 and d["errors"] == []
PY
is $? 0 "eval --json has tp fp fn tn precision recall f1 errors"

# a neutral post labelled campaign shows up among the errors, explained
printf '%s\n' '{"text":"Hajar terus latihannya, bro!","kind":"post","posted_at":"2024-10-24T09:00:00+07:00","label":"campaign"}' \
	'{"text":"Ayo coblos nomor 2 Luthfi-Yasin ya lur","kind":"post","posted_at":"2024-11-10T09:00:00+07:00","label":"neutral"}' > flip.jsonl
run 0 netra eval --json flip.jsonl
has out '"fn":1'
has out '"fp":1'
has out '"race":"pilgub-2024-jateng"'
has out 'IND-CALL-FOR'
lacks out '"race":"pilbup-2024-kudus"'

# the same post scored for a region outside Jawa Tengah: found, still
printf '%s\n' '{"text":"Ayo coblos nomor 2 Luthfi-Yasin ya lur","kind":"post","posted_at":"2024-11-10T09:00:00+07:00","label":"campaign"}' > outside.jsonl
run 0 netra eval --json --region 17.71 outside.jsonl
has out '"tp":1'

# bad lines are named and make the exit status 3
printf '%s\n' '{"text":"x","label":"maybe"}' 'not json' \
	'{"text":"x","label":"neutral","posted_at":"2024-13-01T00:00:00Z"}' \
	'{"text":"Semoga sehat selalu","label":"neutral"}' > bad.jsonl
run 3 netra eval bad.jsonl
has err "bad.jsonl:1: label: expected \"campaign\" or \"neutral\""
has err "bad.jsonl:2: not a JSON object"
has err "bad.jsonl:3: posted_at: '2024-13-01T00:00:00Z' is not an ISO 8601 time"
has out "tn 1"
run 3 netra eval no-such-file.jsonl
has err "cannot open 'no-such-file.jsonl'"
run 2 netra eval
run 2 netra eval --region 9x.1 "$FIX/eval/regional.jsonl"
run 3 netra eval --rules /nonexistent "$FIX/eval/regional.jsonl"
has err "the rules do not load"

done_testing
