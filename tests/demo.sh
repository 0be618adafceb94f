#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: the main job on the bundled fixtures (three districts:
# Kudus 33.19, Jepara 33.20, Kota Bengkulu 17.71), in ./demo/: an HR
# office checks its list, `netra run` imports the registry and the posts,
# scores them and writes the district reports, a reviewer confirms a
# finding, the dossier is written and verified, and the run is repeated.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
netra="$top/netra"
out="$top/demo"
export NETRA_NOW="${NETRA_NOW:-2024-11-27T08:00:00+07:00}"
rm -rf "$out"
mkdir -m 700 "$out"
db="$out/netra.db"
cat > "$out/netra.conf" <<CONF
{
	"database": "$db",
	"registry": ["$top/fixtures/registry/clean.csv"],
	"import": ["$top/fixtures/posts/demo"],
	"rules": "$top",
	"regions": ["33.19", "33.20", "17.71", "33"],
	"out": "$out"
}
CONF
chmod 600 "$out/netra.conf"

echo "== an HR office checks its staff list (no database needed)"
"$netra" registry check "$top/fixtures/registry/clean.csv"
"$netra" registry check --reject "$out/messy-problems.csv" \
	"$top/fixtures/registry/messy.csv" | head -16 || true

echo
echo "== Bawaslu's scripted run: registry, posts, scoring, district reports"
"$netra" run --config "$out/netra.conf"
"$netra" -d "$db" findings
"$netra" -d "$db" explain x:1851000000000000003

echo
echo "== a reviewer decides; what is confirmed goes into a dossier"
fid=$(sqlite3 "$db" "SELECT f.id FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '1851000000000000002' AND f.race = 'pilgub-2024-jateng'")
"$netra" -d "$db" review "$fid" confirm --by "Demo Pengawas" \
	--reason "ajakan memilih paslon 2 dengan nomor dan nama"
"$netra" -d "$db" dossier --out "$out/dossier" 198503122010011001
"$netra" -d "$db" verify
"$netra" verify "$out/dossier/198503122010011001"

echo
echo "== the run again: nothing duplicated, reports now list the confirmed finding"
"$netra" run --config "$out/netra.conf" --json > "$out/run.json"
"$netra" -d "$db" staff-check --dossiers "$out/dossier" \
	"$top/fixtures/registry/update.csv" || true
"$netra" eval "$top/fixtures/eval/regional.jsonl"

echo
echo "netra demo: results in $out"
echo "  district report: $out/report/33.19/index.html"
echo "    (also 33.20, 17.71 and the province 33; findings.csv, summary.json)"
echo "  a dossier:       $out/dossier/198503122010011001/index.html"
echo "  database:        $db (raw captures in $db.captures/)"
echo "  run summary:     $out/run.json"
echo "  problems in a messy staff list: $out/messy-problems.csv"
