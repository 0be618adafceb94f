#!/bin/sh
# SPDX-License-Identifier: MIT
# make demo: the main job on the bundled fixtures (three districts:
# Kudus 33.19, Jepara 33.20, Kota Bengkulu 17.71), in ./demo/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
netra="$top/netra"
out="$top/demo"
export NETRA_NOW="${NETRA_NOW:-2024-11-27T08:00:00+07:00}"
export NETRA_RULES="$top"
rm -rf "$out"
mkdir -m 700 "$out"
db="$out/netra.db"

echo "== registry: an HR office checks its staff list"
"$netra" registry check "$top/fixtures/registry/clean.csv"
echo "== registry: a messy export is refused with every problem named"
"$netra" registry check --reject "$out/messy-problems.csv" \
	"$top/fixtures/registry/messy.csv" || true
echo "== registry: Bawaslu loads the list"
"$netra" -d "$db" registry import "$top/fixtures/registry/clean.csv"
for region in 33.19 33.20 17.71; do
	"$netra" -q -d "$db" registry list --region "$region" --json \
		> "$out/registry-$region.json"
	"$netra" -q -d "$db" registry list --region "$region" --csv \
		> "$out/registry-$region.csv"
done
"$netra" -d "$db" registry list

echo "== rules: the elections and indicators netra scores against"
"$netra" rules check
echo "== posts: invented posts of these civil servants, kept as evidence"
"$netra" -d "$db" import "$top/fixtures/posts/demo/posts.jsonl"
echo "== score: which posts take a side, for which race, and why"
"$netra" -d "$db" score
"$netra" -d "$db" findings
"$netra" -q -d "$db" findings --json > "$out/findings.json"
"$netra" -q -d "$db" findings --csv > "$out/findings.csv"
"$netra" -d "$db" explain x:1851000000000000003
"$netra" eval "$top/fixtures/eval/regional.jsonl"

echo "== review: a person decides; what they confirm goes into a dossier"
"$netra" -d "$db" review
fid=$(sqlite3 "$db" "SELECT f.id FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '1851000000000000002' AND f.race = 'pilgub-2024-jateng'")
"$netra" -d "$db" review "$fid" confirm --by "Demo Pengawas" \
	--reason "ajakan memilih paslon 2 dengan nomor dan nama"
"$netra" -d "$db" dossier --out "$out/dossier" 198503122010011001
"$netra" -d "$db" verify
"$netra" verify "$out/dossier/198503122010011001"
"$netra" -d "$db" staff-check --dossiers "$out/dossier" \
	"$top/fixtures/registry/update.csv" || true

echo
echo "netra demo: results in $out"
echo "  database:        $db"
echo "  registry (JSON): $out/registry-33.19.json (and 33.20, 17.71)"
echo "  registry (CSV):  $out/registry-33.19.csv (and 33.20, 17.71)"
echo "  problems found in a messy staff list: $out/messy-problems.csv"
echo "  findings (JSON, CSV): $out/findings.json, $out/findings.csv"
echo "  raw captures (evidence): $db.captures/"
echo "  a dossier: $out/dossier/198503122010011001/index.html"
