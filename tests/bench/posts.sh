#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: `netra import` of N canonical posts (default 1,000,000, about
# 460 MB of JSONL) against `sqlite3 .import` of the same posts as CSV into
# an equivalent table with a unique (platform, post_id). netra's time
# includes storing and hashing the capture and linking authors to a
# generated registry (one account in ten registered). Prints both times,
# the ratio (target: at most 1.0) and netra's peak memory (target: under
# 64 MB).
#
#   sh tests/bench/posts.sh [N]
#   NETRA_BIN=path  BENCH_DIR=dir (kept, and its generated files reused)
set -eu
n=${1:-1000000}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${NETRA_BIN:-$src/netra}
keep=${BENCH_DIR:+1}
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/netra-bench.XXXXXX")}
mkdir -p "$dir"
[ -n "$keep" ] || trap 'rm -rf "$dir"' EXIT
[ -x "$bin" ] || { echo "posts.sh: build netra first ($bin)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "posts.sh: needs sqlite3" >&2; exit 1; }
if [ -x /usr/bin/time ]; then
	timer() { /usr/bin/time -f '%e %M' -o "$dir/time" "$@"; }
else
	echo "posts.sh: /usr/bin/time missing (apt-get install time);" \
	     "peak memory not measured" >&2
	timer() {
		s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
		echo "$s $e" |
			awk '{ printf "%.2f 0\n", $2 - $1 }' > "$dir/time"
	}
fi

if [ ! -f "$dir/posts-$n.jsonl" ]; then
	echo "generating $n posts in $dir ..."
	python3 "$src/tests/bench/gen_posts.py" "$n" "$dir"
	mv "$dir/posts.jsonl" "$dir/posts-$n.jsonl"
	mv "$dir/posts.csv" "$dir/posts-$n.csv"
	mv "$dir/registry.sql" "$dir/registry-$n.sql"
fi
size=$(wc -c < "$dir/posts-$n.jsonl")

# netra: a fresh database with the registry, then one import
rm -rf "$dir/netra.db" "$dir/netra.db-wal" "$dir/netra.db-shm" \
	"$dir/netra.db.captures"
"$bin" -q -d "$dir/netra.db" init
sqlite3 "$dir/netra.db" < "$dir/registry-$n.sql"
sync
timer "$bin" -d "$dir/netra.db" import --json "$dir/posts-$n.jsonl" \
	> "$dir/netra.json"
read -r t_netra m_netra < "$dir/time"

# sqlite3: the same posts as CSV, one table, unique (platform, post_id)
rm -f "$dir/base.db"
cat > "$dir/base.sql" <<SQL
CREATE TABLE post(platform TEXT NOT NULL, post_id TEXT NOT NULL,
	account TEXT, account_id TEXT, posted_at TEXT, kind TEXT, text TEXT,
	url TEXT, UNIQUE (platform, post_id));
.import --csv --skip 1 $dir/posts-$n.csv post
SQL
sync
timer sqlite3 "$dir/base.db" < "$dir/base.sql"
read -r t_base m_base < "$dir/time"

echo "posts:          $n ($size bytes of JSONL)"
echo "netra import:   ${t_netra} s, peak ${m_netra} KB"
echo "sqlite3 .import: ${t_base} s, peak ${m_base} KB"
echo "result:         $(cat "$dir/netra.json")"
awk -v a="$t_netra" -v b="$t_base" -v m="$m_netra" 'BEGIN {
	r = b > 0 ? a / b : 0
	printf "ratio:          %.2fx (target <= 1.0x): %s\n", r,
		r <= 1.0 ? "met" : "missed"
	printf "peak memory:    %.1f MB (target < 64 MB): %s\n", m / 1024,
		(m > 0 && m < 65536) ? "met" : (m == 0 ? "unknown" : "missed")
}'
