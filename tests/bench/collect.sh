#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: `netra collect` of N synthetic X accounts (default 2,000)
# x P timeline pages (default 5) from tests/mockserver.py with D ms of
# latency added to every request (default 50), at concurrency 1 and 32.
# Prints, for each, the wall time, the requests made, the ideal time
# (requests x latency / concurrency), the ratio (target at 32: at most
# 1.2x) and netra's peak memory (target: under 64 MB). Not a test.
#
# The database and captures go under $TMPDIR (default /tmp). Storing a
# page fsyncs its capture file on the event loop's thread; on a slow
# disk that, not the network, bounds the ratio: TMPDIR=/dev/shm measures
# the network side alone.
#
#   sh tests/bench/collect.sh [N [P [D]]]
#   NETRA_BIN=path  BENCH_C1_ACCOUNTS=n (fewer accounts at concurrency 1,
#   whose ideal is N x (P+1) x D ms: 10 minutes at the defaults)
set -eu
n=${1:-2000}
pages=${2:-5}
delay=${3:-50}
n1=${BENCH_C1_ACCOUNTS:-$n}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${NETRA_BIN:-$src/netra}
dir=$(mktemp -d "${TMPDIR:-/tmp}/netra-bench-collect.XXXXXX")
mock=
trap '[ -n "$mock" ] && kill "$mock" 2>/dev/null; rm -rf "$dir"' EXIT
[ -x "$bin" ] || { echo "collect.sh: build netra first ($bin)" >&2; exit 1; }
if [ -x /usr/bin/time ]; then
	timer() { /usr/bin/time -f '%e %M' -o "$dir/time" "$@"; }
else
	echo "collect.sh: /usr/bin/time missing; peak memory not measured" >&2
	timer() {
		s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
		echo "$s $e" |
			awk '{ printf "%.2f 0\n", $2 - $1 }' > "$dir/time"
	}
fi

python3 "$src/tests/mockserver.py" --synthetic "$n" --pages "$pages" \
	--delay-ms "$delay" --max-seconds 7200 >"$dir/port" 2>"$dir/mock.err" &
mock=$!
i=0
while [ ! -s "$dir/port" ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
base="http://127.0.0.1:$(head -1 "$dir/port")"

# one run: a fresh database with ACCOUNTS synthetic X accounts
bench() { # CONCURRENCY ACCOUNTS
	db="$dir/c$1.db"
	"$bin" -q -d "$db" init
	python3 "$src/tests/bench/gen_collect.py" "$2" | sqlite3 "$db"
	NETRA_X_BASE_URL="$base" NETRA_X_BEARER=fiktif-x-bearer-AAAA0001 \
		timer "$bin" -d "$db" collect --platform x --concurrency "$1" \
		--json > "$dir/c$1.json"
	read -r t m < "$dir/time"
	req=$(sed 's/.*"requests":\([0-9]*\).*/\1/' "$dir/c$1.json")
	posts=$(sed 's/.*"posts_new":\([0-9]*\).*/\1/' "$dir/c$1.json")
	failed=$(sed 's/.*"accounts_failed":\([0-9]*\).*/\1/' "$dir/c$1.json")
	awk -v c="$1" -v a="$2" -v t="$t" -v m="$m" -v r="$req" -v d="$delay" \
	    -v p="$posts" -v f="$failed" 'BEGIN {
		ideal = r * d / 1000 / c
		ratio = t / ideal
		target = ""
		if (c == 32)
			target = ratio <= 1.2 ? " (target <= 1.2x: met)" : \
				" (target <= 1.2x: MISSED)"
		mem = "unknown"
		if (m > 0)
			mem = m < 65536 ? "met" : "MISSED"
		printf "concurrency %2d: %d accounts, %d requests, %d posts, " \
			"%d failed\n", c, a, r, p, f
		printf "  wall %.2f s, ideal %.2f s, ratio %.2fx%s\n", t,
			ideal, ratio, target
		printf "  peak memory %.1f MB (target < 64 MB: %s)\n",
			m / 1024, mem
	}'
}

echo "netra collect: $n accounts x $pages pages, $delay ms per request"
bench 32 "$n"
bench 1 "$n1"
