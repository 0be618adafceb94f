#!/bin/sh
# SPDX-License-Identifier: MIT
# Benchmark: `netra registry import` of a 1,000,000-row registry against
# sqlite3's .import of the same file into an equivalent table with a
# primary key on the NIP. Prints both times, the ratio and peak memory.
# Target (issue 2): ratio <= 0.5, netra's peak memory < 64 MB.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_ROWS:-1000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/netra-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
python3 "$top/tests/bench/gen_registry.py" "$n" > "$dir/reg.csv"
cat > "$dir/sqlite.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE asn (nip TEXT PRIMARY KEY, nama TEXT, instansi TEXT,
	unit_kerja TEXT, jabatan TEXT, golongan TEXT, jenis_pegawai TEXT,
	kode_wilayah TEXT, x TEXT, instagram TEXT);
.mode csv
.import --skip 1 $dir/reg.csv asn
SQL
MEASURE_CLEAN=1 python3 "$top/tests/bench/measure.py" "registry import ($n rows)" \
	"sqlite3 .import" "sqlite3 $dir/sqlite.db < $dir/sqlite.sql" \
	"netra registry import" \
	"$top/netra -q -d $dir/netra.db registry import $dir/reg.csv" \
	0.5
