#!/bin/sh
# SPDX-License-Identifier: MIT
# registry check: the HR office's validation, no database needed.
. "$NETRA_SRC/tests/lib.sh"
R="$FIX/registry"

run 0 netra registry check "$R/clean.csv"
has out "clean.csv: 12 rows, 12 valid, 0 with problems"
[ ! -e netra.db ]; is $? 0 "check creates no database"

run 3 netra registry check "$R/messy.csv"
has out "messy.csv: 14 rows, 1 valid, 13 with problems"
has out "problems by kind:"
has out "      1  nip-excel        NIP mangled by a spreadsheet"
has out "      3  region "
has out "line 3, column 1 (nip) '1.98707E+17': NIP '1.98707E+17' is in scientific notation"
has out "format the column as Text and export again"
has out "line 15: expected 14 fields like the header, found 2"
[ ! -e "$R/messy.csv.rejects.csv" ]; is $? 0 "check writes no reject file unless asked"

run 3 netra registry check --json "$R/messy.csv"
has out '"rows":14'
has out '"rows_refused":13'
has out '"problems_by_kind":{'
has out '"nip-excel":1'
has out '"duplicate-nip":1'
has out '"duplicate-handle":1'
has out '"region":3'
has out '"line":3,"column":1,"field":"nip","value":"1.98707E+17","problem":"nip-excel"'
python3 -c 'import json,sys; d=json.load(open("out")); sys.exit(0 if len(d["problems"])>=13 and d["committed"] is False else 1)'
is $? 0 "check --json is one valid JSON object listing every problem"

run 3 netra registry check --reject rej.csv "$R/messy.csv"
has rej.csv "nip-excel"
run 3 netra registry check --json "$R/empty.csv"
has out '"file_refused":true'
has out "the file is empty"
run 2 netra registry check --partial "$R/clean.csv"
has err "'check' never changes anything"
run 0 netra registry check - < "$R/clean.csv"

# the whole file is read even when a person is duplicated far apart
{ head -1 "$R/clean.csv"; tail -n +2 "$R/clean.csv"; sed -n 2p "$R/clean.csv"; } > dup.csv
run 3 netra registry check dup.csv
has out "line 14, column 1 (nip) '198503122010011001': NIP 198503122010011001 is already on line 2"

# a control character in a cell never reaches the terminal raw
printf 'nip,nama,kode_wilayah\n19850312\033[31m2010011001,Budi,33.19\n' > esc.csv
run 3 netra registry check esc.csv
lacks out "$(printf '\033')"

done_testing
