#!/bin/sh
# SPDX-License-Identifier: MIT
# netra run on the fixtures: a full run (registry, demo posts, score;
# report skipped when this netra has none), running again changes
# nothing, --fail-on, --json, and the configuration errors: bad JSON with
# its line, an unknown key, a wrong type, a missing file, a token in a
# file others can read.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_NOW=2024-11-27T08:00:00+07:00
unset NETRA_RULES NETRA_CONFIG
CONF="$FIX/run"
# demo.conf's paths are relative to its folder; a copy here writes its
# output folder here, not into the source tree
sed -e "s|\"\.\./\.\.\"|\"$NETRA_SRC\"|" -e "s|\"\.\./|\"$FIX/|" \
	"$CONF/demo.conf" > demo.conf

run 0 netra run --config demo.conf --json
python3 - <<'PY'
import json
d = json.load(open("out"))
assert d["exit"] == 0, d
names = [s["stage"] for s in d["stages"]]
assert names[:3] == ["registry", "import", "score"], names
assert names[3] == "report", names
reg, imp, sc = d["stages"][:3]
assert reg["result"]["people_new"] == 12, reg
assert imp["result"]["posts_new"] == 15, imp
assert sc["result"]["findings_new"] == 8, sc
for s in d["stages"][:3]:
    assert s["status"] == "ok" and s["exit"] == 0, s
PY
is $? 0 "run --json: stages in order, with their counts"
has err "== registry import"
has err "== import 1 file"
has err "== score"
is "$(sql 'SELECT count(*) FROM finding')" 8 "8 findings"
if netra help report >/dev/null 2>&1; then
	ok=1
	for r in 33.20 17; do
		[ -d "results/report/$r" ] || ok=0
	done
	is $ok 1 "a report folder per region"
else
	has err "report: skipped"
fi

# again: nothing new anywhere
run 0 netra run --config demo.conf --json
has out '"posts_new":0'
has out '"findings_new":0'
is "$(sql 'SELECT count(*) FROM finding')" 8 "running again adds nothing"
is "$(sql 'SELECT count(*) FROM post')" 15 "15 posts"

# --fail-on: a fresh database, 8 new tinggi findings
export NETRA_DB="$T_DIR/fail.db"
run 1 netra run --config demo.conf --fail-on tinggi
has err "run finished: exit 1"
run 0 netra run --config demo.conf --fail-on tinggi
run 2 netra run --config demo.conf --fail-on high

# --quiet: no banners
run 0 netra run --config demo.conf --quiet
lacks err "=="

# the default config: ./netra.conf, else $NETRA_CONFIG; database key
cat > netra.conf <<CONF
{
	"database": "own.db",
	"registry": ["$FIX/registry/clean.csv"],
	"import": ["$FIX/posts/demo/posts.jsonl"],
	"rules": "$NETRA_SRC"
}
CONF
run 0 netra run
is "$(sqlite3 own.db 'SELECT count(*) FROM finding')" 8 \
	"./netra.conf, its database"
mv netra.conf other.conf
run 0 env NETRA_CONFIG=other.conf "$NETRA_BIN" run --json
has out '"findings_new":0'
run 3 netra run
has err "netra.conf"

# configuration errors: file, line, field
run 3 netra run --config "$CONF/bad-json.conf"
has err "bad-json.conf:4: not valid JSON"
run 3 netra run --config "$CONF/unknown-key.conf"
has err "unknown-key.conf:3: field 'regoins': unknown key"
run 3 netra run --config "$CONF/wrong-type.conf"
has err "wrong-type.conf:3: field 'import': must be a list"
run 3 netra run --config "$CONF/bad-platform.conf"
has err "bad-platform.conf:3: field 'sources': 'myspace'"
run 3 netra run --config "$T_DIR/missing.conf"
has err "missing.conf"
cp "$CONF/token.conf" tok.conf
sed -i "s|\.\./registry|$FIX/registry|" tok.conf
chmod 0644 tok.conf
run 3 netra run --config tok.conf
has err "tok.conf:4: field 'tokens': the file holds tokens"
has err "so it must be mode 0600 (it is 0644)"
lacks err "AAAA"
# mode 0600: accepted (no sources here, so nothing is fetched)
printf '{\n\t"tokens": { "x": "AAAA" },\n\t"registry": ["%s"]\n}\n' \
	"$FIX/registry/clean.csv" > tok600.conf
chmod 0600 tok600.conf
run 0 env NETRA_RULES="$NETRA_SRC" "$NETRA_BIN" run --config tok600.conf
lacks err "AAAA"
printf '[1, 2]\n' > list.conf
run 3 netra run --config list.conf
has err "list.conf:1: the file must hold one JSON object"

# a refused registry file stops the run: no import, no score
export NETRA_DB="$T_DIR/refused.db"
printf 'not,a,registry\n1,2,3\n' > bad.csv
cat > refused.conf <<CONF
{
	"registry": ["bad.csv"],
	"import": ["$FIX/posts/demo"]
}
CONF
run 3 netra run --config refused.conf --json
has err "the run stops here"
lacks out '"stage":"import"'
has out '"exit":3'
run 2 netra run extra

# collection against the mock server: a good run, a wrong credential
# (exit 4, carried to the end past score), and a token from a 0600 file
. "$NETRA_SRC/tests/t32lib-collect.sh"
mock_start
cat > collect.conf <<CONF
{
	"registry": ["$FIX/http/registry.csv"],
	"sources": ["x"],
	"rules": "$NETRA_SRC"
}
CONF
export NETRA_DB="$T_DIR/collect.db"
run 0 netra run --config collect.conf --json
has out '"stage":"collect","target":"x"'
lacks out '"status":"sources_failed"'
has err "== collect x"
[ "$(sql "SELECT count(*) FROM post WHERE platform = 'x'")" -gt 0 ]
is $? 0 "X posts collected"
export NETRA_DB="$T_DIR/wrong.db"
NETRA_X_BEARER=fiktif-wrong-token-ZZZZ9999 \
	run 4 netra run --config collect.conf --json
has out '"status":"sources_failed"'
has out '"stage":"score"'
has out '"exit":4'
lacks err ZZZZ9999
lacks out ZZZZ9999
export NETRA_DB="$T_DIR/tokfile.db"
sed 's|"sources"|"tokens": { "x": "fiktif-x-bearer-AAAA0001" },\n\t"sources"|' \
	collect.conf > tokfile.conf
chmod 0600 tokfile.conf
NETRA_X_BEARER= run 0 netra run --config tokfile.conf
lacks err AAAA0001
done_testing
