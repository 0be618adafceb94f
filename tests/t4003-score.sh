#!/bin/sh
# SPDX-License-Identifier: MIT
# score, findings, explain on the demo fixtures: findings per race with
# spans into the original text, rescoring keeps decisions, filters, JSON,
# CSV, hostile text.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00

run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra score --json
has out '"posts_scored":15'
has out '"findings_new":8'
has err "scored 15 posts: 8 new findings"
run 0 netra score --json
has out '"posts_scored":0'
is "$(sql 'SELECT count(*) FROM finding')" 8 "scoring again adds nothing"

run 0 netra findings --json
python3 - "$NETRA_SRC/fixtures/posts/demo/posts.jsonl" <<'PY'
import json, sys
posts = {}
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    posts[o["post_id"]] = o["text"]
d = json.load(open("out"))
assert len(d) == 8, len(d)
for f in d:
    for k in ("id", "post_id", "platform", "nip", "race", "score", "level",
              "indicators", "spans", "status"):
        assert k in f, k
    assert f["status"] == "dugaan"
    text = posts[f["post_id"]].encode("utf-8")
    for s in f["spans"]:
        piece = text[s["start"]:s["end"]].decode("utf-8")
        assert piece, s
top = d[0]
assert top["race"] == "pilgub-2024-bengkulu" and top["phase"] == "masa_tenang"
assert top["level"] == "tinggi" and top["nip"] == "198108142006041003"
assert "IND-CALL-FOR" in top["indicators"]
refs = [posts[top["post_id"]].encode()[s["start"]:s["end"]].decode()
        for s in top["spans"] if s["role"] == "ref"]
assert "Helmi-Mian" in refs, refs
PY
is $? 0 "findings --json: fields, and spans that cut the original text"

# filters
run 0 netra findings --region 33.20
has err "2 findings"
run 0 netra findings --region 33
has err "6 findings"
run 0 netra findings --level tinggi
has err "8 findings"
run 0 netra findings --race pilbup-2024-kudus
has err "2 findings"
run 0 netra findings --nip 198912192014022001
has err "1 finding"
run 0 netra findings --from 2024-11-25 --to 2024-11-25
has err "2 findings"
run 0 netra findings --agency "kota bengkulu" --status dugaan
has err "2 findings"
run 2 netra findings --level maybe
run 2 netra findings --status pending
run 2 netra findings --from 2024-13-01
run 2 netra findings --nip 123

# CSV: formulas neutralised, opens in a spreadsheet
run 0 netra findings --csv
has out "id,platform,post_id,nip,name,agency,region,race"
lacks out ",=HYPERLINK"

# the hostile post is stored as it was and never becomes a finding
is "$(sql "SELECT count(*) FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '17900000000000001'")" \
   0 "no finding for a post without a side"

# explain: the post, the marked words, each contribution
run 0 netra explain x:1851000000000000003
has out "pilbup-2024-kudus (local): pair 1"
has out "[[SAMBEL]]"
has out "IND-GESTURE"
has out "fase masa_tenang: x130%"
run 0 netra explain --json 1851000000000000012
has out '"findings":[]'
run 0 netra explain 1851000000000000012
has out "no finding: nothing in this post takes a side"
run 3 netra explain x:999
has err "no post 'x:999'"
run 2 netra explain

# a human decision survives a rescore; a rules change retracts, never deletes
sql "UPDATE finding SET status = 'dikonfirmasi' WHERE id = 1"
mkdir -p rules && cp -r "$NETRA_SRC/elections" "$NETRA_SRC/indicators" rules/
python3 - <<'PY'
import json
p = "rules/indicators/skb-2022.json"
d = json.load(open(p, encoding="utf-8"))
for i in d["indicators"]:
    if i["code"] == "IND-CALL-FOR":
        i["weight"] = 75
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
run 0 netra score --rules rules --json
has out '"posts_scored":15'
has out '"findings_changed"'
is "$(sql 'SELECT status FROM finding WHERE id = 1')" dikonfirmasi \
   "a confirmed finding stays confirmed after a rescore"
is "$(sql 'SELECT count(*) FROM finding WHERE retracted_at IS NOT NULL')" 0 \
   "nothing retracted by a weight change"

# --fail-on
run 0 netra score --all --fail-on tinggi
sql "DELETE FROM finding; DELETE FROM post_scored"
run 1 netra score --fail-on tinggi
run 2 netra score --fail-on maybe
run 3 netra score --rules /nonexistent

done_testing
