#!/bin/sh
# SPDX-License-Identifier: MIT
# netra report: a district's report (33.19), a province roll-up (33) and
# another province's city (17.71) checked against sqlite3 queries of the
# same database; findings.csv for Excel (BOM, ';', neutralised formulas,
# NIPs kept whole); hostile post text escaped in the page; SVG charts
# and no scripts; modes; --from/--to/--phase; bad input; a report folder
# replaced on regeneration; and a Chromium screenshot of the page when
# /usr/bin/chromium is there.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00
R=w/out/report/33.19
IN="f.region = '33.19'"

printf '%s\n' '{"platform":"x","post_id":"1851000000000000077","account":"budi_kudus_asn","posted_at":"2024-11-20T07:00:00+07:00","kind":"post","text":"=HYPERLINK(\"x\") coblos nomor 2 Luthfi-Yasin <script>alert(1)</script>"}' > hostile.jsonl
run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra import hostile.jsonl
run 0 netra score
hid=$(sql "SELECT f.id FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '1851000000000000077' LIMIT 1")
[ -n "$hid" ]
is $? 0 "the =HYPERLINK post is a finding"
cid=$(sql "SELECT min(id) FROM finding f WHERE $IN")
run 0 netra review "$cid" confirm --by X --reason Y

# the default folder is out/report/CODE under the working folder
mkdir w
inw() {
	(cd w && ${NETRA_WRAP:-} "$NETRA_BIN" "$@")
}
run 0 inw report --region 33.19
has err "out/report/33.19:"
is "$(stat -c %a w/out/report "$R")" "$(printf '700\n700')" "folders are 0700"
is "$(find "$R" -type f -exec stat -c %a {} + | sort -u)" 600 \
   "files are 0600"
is "$(cd "$R" && ls | tr '\n' ' ')" "findings.csv index.html summary.json " \
   "index.html, findings.csv, summary.json"

# the numbers, against the database
q() { sql "SELECT count(*) FROM finding f WHERE f.retracted_at IS NULL AND $1"; }
check() { # FILE KEY WANT
	got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$1" "$2")
	is "$got" "$3" "$1: $2 = $3"
}
S=$R/summary.json
check $S "d['findings']" "$(q "$IN")"
check $S "d['by_status']['dugaan']" "$(q "$IN AND status = 'dugaan'")"
check $S "d['by_status']['dikonfirmasi']" "$(q "$IN AND status = 'dikonfirmasi'")"
check $S "d['by_status']['ditolak']" "$(q "$IN AND status = 'ditolak'")"
check $S "d['by_level']['tinggi']" "$(q "$IN AND level = 'tinggi'")"
check $S "d['asn']" "$(sql "SELECT count(*) FROM asn WHERE region_code = '33.19'")"
check $S "d['accounts']" "$(sql "SELECT count(*) FROM account a JOIN asn s ON s.nip = a.nip WHERE a.ended_at IS NULL AND s.region_code = '33.19'")"
check $S "d['accounts_collected']" "$(sql "SELECT count(*) FROM account a JOIN asn s ON s.nip = a.nip WHERE a.ended_at IS NULL AND s.region_code = '33.19' AND EXISTS (SELECT 1 FROM post p WHERE p.platform = a.platform AND (p.account = a.handle OR p.account_id = a.platform_user_id))")"
check $S "sum(x['findings'] for x in d['by_platform'] if x['platform'] == 'x')" \
	"$(sql "SELECT count(*) FROM finding f JOIN post p ON p.id = f.post WHERE f.retracted_at IS NULL AND $IN AND p.platform = 'x'")"
check $S "[x['findings'] for x in d['by_indicator'] if x['indicator'] == 'IND-POST'][0]" \
	"$(sql "SELECT count(*) FROM finding f, json_each(f.indicators) j WHERE f.retracted_at IS NULL AND $IN AND j.value = 'IND-POST'")"
check $S "sum(x['findings'] for x in d['by_agency'])" "$(q "$IN")"
check $S "sum(x['findings'] for x in d['by_week'])" "$(q "$IN")"
check $S "[c['id'] for c in d['confirmed']]" "[$cid]"
check $S "d['confirmed'][0]['dossier'].startswith('../../dossier/')" True
check $S "len(d['phases']) > 0" True

# the page
H=$R/index.html
has $H '<meta http-equiv="Content-Security-Policy"'
has $H '<html lang="id">'
has $H 'Kabupaten Kudus'
has $H 'DUGAAN'
has $H '<svg'
has $H '&lt;script&gt;alert(1)&lt;/script&gt;'
lacks $H '<script'
has $H 'href="../../dossier/'
has $H 'Keterbatasan data'
is "$(grep -c '<svg' $H)" 3 "three charts: weeks, agencies, indicators"

# the CSV
C=$R/findings.csv
is "$(head -c 3 $C | od -An -tx1 | tr -d ' ')" efbbbf "findings.csv starts with a BOM"
has $C 'id;status;tingkat;skor;'
has $C ';"=""198503122010011001""";'
has $C ';"=""1851000000000000002""";'
has $C "'=HYPERLINK("
lacks $C ';=HYPERLINK('
lacks $C ';"=HYPERLINK('
is "$(($(wc -l < $C) - 1))" "$(q "$IN")" "one CSV row per finding"

# the province rolls up its districts
run 0 inw report --region 33
S=w/out/report/33/summary.json
check $S "d['findings']" "$(q "substr(f.region, 1, 3) = '33.'")"
check $S "d['region']['province']" True
check $S "[x['findings'] for x in d['districts'] if x['code'] == '33.20'][0]" "$(q "f.region = '33.20'")"
check $S "sum(x['findings'] for x in d['districts'])" "$(q "substr(f.region, 1, 3) = '33.'")"
check $S "len(d['districts'])" "$(sql "SELECT count(*) FROM region WHERE province = '33'")"
has w/out/report/33/index.html 'Rekap per kabupaten/kota'

# a collection failure is one of the data's limits
sql "INSERT INTO collect_cursor(platform, account, endpoint, updated_at, last_error) VALUES ('x', 'budi_kudus_asn', 'tweets', 1732669200, 'HTTP 429 <b>too many</b>')"
run 0 netra report --region 33.19 --out fail
check fail/summary.json "d['limits']['collection_failures'][0]['error']" 'HTTP 429 <b>too many</b>'
has fail/index.html 'HTTP 429 &lt;b&gt;too many&lt;/b&gt;'
check fail/summary.json "d['limits']['accounts_never_collected']" \
	"$(sql "SELECT count(*) FROM account a JOIN asn s ON s.nip = a.nip WHERE a.ended_at IS NULL AND s.region_code = '33.19' AND NOT EXISTS (SELECT 1 FROM post p WHERE p.platform = a.platform AND (p.account = a.handle OR p.account_id = a.platform_user_id))")"

# another province's city, written elsewhere: dossiers as path text
run 0 netra report --region 17.71 --out rep-bkl
S=rep-bkl/summary.json
check $S "d['findings']" "$(q "f.region = '17.71'")"
check $S "d['region']['name']" "Kota Bengkulu"
lacks rep-bkl/index.html 'href="../../dossier/'

# period and phase
run 0 netra report --region 33.19 --from 2024-11-01 --to 2024-11-20 --out p1
check p1/summary.json "d['findings']" "$(sql "SELECT count(*) FROM finding f JOIN post p ON p.id = f.post WHERE f.retracted_at IS NULL AND $IN AND p.posted_at >= strftime('%s', '2024-11-01T00:00:00+07:00') AND p.posted_at < strftime('%s', '2024-11-21T00:00:00+07:00')")"
run 0 netra report --region 33.19 --phase masa_tenang --out p2
check p2/summary.json "d['findings']" "$(q "$IN AND f.phase = 'masa_tenang'")"
check p2/summary.json "d['phase']" masa_tenang

# bad input
run 2 netra report --region 99.99
run 2 netra report --region '../etc'
run 2 netra report
run 2 netra report --region 33.19 --from 2024-13-01
run 2 netra report --region 33.19 --to yesterday
run 2 netra report --region 33.19 --from 2024-11-20 --to 2024-11-01
run 2 netra report --region 33.19 --phase pesta
mkdir notareport && echo keep > notareport/file
run 3 netra report --region 33.19 --out notareport
is "$(cat notareport/file)" keep "a folder that is not a report is left alone"

# regenerated: the old folder is replaced
old=$(stat -c %i $R)
run 0 inw report --region 33.19
[ "$(stat -c %i $R)" != "$old" ]
is $? 0 "the report folder is a new one"
is "$(cd "$R" && ls | tr '\n' ' ')" "findings.csv index.html summary.json " \
   "a regenerated report replaces the old one"
is "$(ls w/out/report | tr '\n' ' ')" "33 33.19 " "no temporary folders left"

# Chromium draws the page
if [ -x /usr/bin/chromium ]; then
	prof=$(mktemp -d)
	timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$prof" --window-size=1000,3000 \
		--screenshot="$T_DIR/shot.png" "file://$T_DIR/$R/index.html" \
		>chromium.out 2>&1
	rm -rf "$prof"
	python3 - shot.png <<'PY' > shot.out 2>&1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1000, 3000), (w, h)
# an all-white page of the same size compresses to a few kilobytes
blank = len(zlib.compress((b"\0" + b"\xff" * 4 * w) * h))
assert len(data) > 4 * blank, (len(data), blank)
print("ok", len(data), blank)
PY
	is $? 0 "chromium renders the report (not a blank page)"
	[ $? -eq 0 ] || diag shot.out chromium.out
else
	T_N=$((T_N + 1))
	echo "ok $T_N # skip chromium not installed"
fi
done_testing
