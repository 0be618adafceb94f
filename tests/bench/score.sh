#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: `netra score` of N stored posts (default 1,000,000), every
# one by a registered civil servant, against `grep -F -i -f` with the same
# word list (every term of elections/ and indicators/) over the same texts
# exported to a file. netra's time includes reading the posts from and
# writing the findings to the database. Prints both times, the ratio
# (target: at most 5x) and netra's peak memory (target: under 64 MB).
# grep writes its matches to a file: given /dev/null, GNU grep stops at
# the first match.
#
#   sh tests/bench/score.sh [N]
set -eu
n=${1:-1000000}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${NETRA_BIN:-$src/netra}
dir=$(mktemp -d "${TMPDIR:-/tmp}/netra-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export NETRA_RULES="$src" NETRA_NOW=2024-11-20T08:00:00+07:00

echo "generating $n posts in $dir ..."
python3 "$src/tests/bench/gen_posts.py" "$n" "$dir"
python3 - "$n" "$dir" "$src" <<'PY'
import glob, json, sys
n, d, src = int(sys.argv[1]), sys.argv[2], sys.argv[3]
accounts = max(10, n // 50)
with open(d + "/all.sql", "w") as f:
    f.write("BEGIN;\n")
    for i in range(accounts):
        nip = 198001012005011001 + i
        region = ("33.19", "33.20", "17.71")[i % 3]
        f.write("INSERT INTO asn(nip, name, region_code, created_at, "
                "changed_at, seen_at) VALUES (%d, 'Pegawai %d', '%s', 0, "
                "0, 0);\n" % (nip, i, region))
        f.write("INSERT INTO account(nip, platform, handle, started_at) "
                "VALUES (%d, 'x', 'akun_fkt_%05d', 0);\n" % (nip, i))
    f.write("COMMIT;\n")
terms = set()
def walk(o):
    if isinstance(o, dict):
        if "text" in o and isinstance(o["text"], str) and \
                "strength" in o:
            terms.add(o["text"])
        for k, v in o.items():
            if k == "terms" and isinstance(v, list):
                terms.update(t for t in v if isinstance(t, str))
            else:
                walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
for p in glob.glob(src + "/elections/*.json") + \
        glob.glob(src + "/indicators/*.json"):
    walk(json.load(open(p, encoding="utf-8")))
with open(d + "/words.txt", "w", encoding="utf-8") as f:
    for t in sorted(terms):
        if not t.startswith("emoji_") and not t.startswith("pose_"):
            f.write(t.lstrip("#") + "\n")
with open(d + "/posts.jsonl", encoding="utf-8") as fi, \
        open(d + "/texts.txt", "w", encoding="utf-8") as fo:
    for line in fi:
        t = json.loads(line).get("text") or ""
        fo.write(t.replace("\n", " ") + "\n")
PY
"$bin" -q -d "$dir/netra.db" init
sqlite3 "$dir/netra.db" < "$dir/all.sql"
"$bin" -q -d "$dir/netra.db" import "$dir/posts.jsonl"
rm -f "$dir/posts.jsonl" "$dir/posts.csv"
echo "words: $(wc -l < "$dir/words.txt"), texts: $(wc -c < "$dir/texts.txt") bytes"
sync
python3 "$src/tests/bench/measure.py" "score ($n stored posts)" \
	"grep -F -i -f" "grep -F -i -f $dir/words.txt $dir/texts.txt > $dir/grep.out" \
	"netra score --all" "$bin -q -d $dir/netra.db score --all" 5
"$bin" -d "$dir/netra.db" score --all --json
