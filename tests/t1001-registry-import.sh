#!/bin/sh
# SPDX-License-Identifier: MIT
# registry import: clean and messy HR exports, all-or-nothing, --partial,
# --dry-run, the reject file, updates with history, ended accounts.
. "$NETRA_SRC/tests/lib.sh"
R="$FIX/registry"

run 0 netra registry import "$R/clean.csv"
has err "12 rows: 12 people (12 new, 0 changed, 0 unchanged)"
is "$(sql 'SELECT count(*) FROM asn')" 12 "12 people stored"
is "$(sql "SELECT handle FROM account WHERE nip=198503122010011001 ORDER BY platform")" \
   "budi.wicaksono.kds
budi_kudus_asn" "handles normalised from @ and URL forms"
is "$(sql "SELECT handle FROM account WHERE platform='x' AND nip=198802282012122002 ORDER BY handle")" \
   "aisyah_keuangan
nuraisyah_bkl" "two handles in one cell separated by ;"
is "$(sql "SELECT handle FROM account WHERE platform='facebook' AND nip=198604022009031002")" \
   "100012345678901" "facebook profile.php?id= URL gives the numeric id"
is "$(sql "SELECT region_name FROM asn WHERE nip=198108142006041003")" \
   "Kota Bengkulu" "region name from the code"
is "$(sql "SELECT employment FROM asn WHERE nip=199204172022212003")" PPPK \
   "PPPK NIP accepted with its own structure"
is "$(stat -c %a netra.db)" 600 "database 0600"

# the same file again changes nothing
run 0 netra registry import --json "$R/clean.csv"
has out '"people_new":0'
has out '"people_unchanged":12'
has out '"accounts_new":0'
is "$(sql 'SELECT count(*) FROM asn_history')" 0 "no history for an identical import"

# the SIASN-style export: ';', BOM, CRLF, grouped NIPs, apostrophe,
# quoted newline, 'Kab. Kudus' and 'KUDUS'
run 0 netra registry import "$R/siasn-semicolon.csv"
has err "column 2 'NIP LAMA' is not a column netra knows"
is "$(sql "SELECT unit FROM asn WHERE nip=199001052015031003")" \
   "Kecamatan Jati
Bagian Pemerintahan" "quoted field with an embedded newline"
is "$(sql "SELECT region_code FROM asn WHERE nip=198707242011012002")" \
   "33.19" "'Kab. Kudus' resolved to 33.19"
is "$(sql 'SELECT count(*) FROM asn_history')" 1 \
   "the changed unit was kept as history"

# TAB-separated
run 0 netra -d tab.db registry import "$R/tab.tsv"
is "$(sqlite3 tab.db 'SELECT count(*) FROM asn')" 3 "TAB file loaded"

# the long form: one account per row
run 0 netra -d long.db registry import "$R/clean.csv"
run 0 netra -d long.db registry import "$R/long-form.csv"
is "$(sqlite3 long.db "SELECT count(*) FROM account WHERE nip=198707242011012002 AND ended_at IS NULL")" \
   2 "long form lists Sri's current accounts"
is "$(sqlite3 long.db "SELECT platform || ':' || handle FROM account WHERE ended_at IS NOT NULL")" \
   "instagram:sri.lestari.anggraeni" \
   "long form ends the accounts it no longer lists for its people only"
run 3 netra -d fresh.db registry import --reject fresh.rej "$R/long-form.csv"
has err "is not in the registry; import the staff list first"

# cp1252 from Excel on Windows
run 3 netra -d cp.db registry import "$R/cp1252.csv"
has err "cp1252.csv:3: not UTF-8 (byte 0xe9)"
has err "--encoding cp1252"
run 0 netra -d cp.db registry import --encoding cp1252 "$R/cp1252.csv"
is "$(sqlite3 cp.db "SELECT name FROM asn WHERE nip=198707242011012002")" \
   "Sri Lestari Andrée" "cp1252 converted to UTF-8"
is "$(sqlite3 cp.db "SELECT unit FROM asn WHERE nip=198707242011012002")" \
   "Dinas Kesehatan – Puskesmas" "cp1252 en dash converted"

# messy: nothing imported, every problem named, reject file written
cp "$R/messy.csv" messy.csv
run 3 netra -d messy.db registry import messy.csv
has err "messy.csv:3:1: nip '1.98707E+17'"
has err "nothing imported: 13 of 14 rows refused"
has err "messy.csv:7:1: nip '198503122010011001': NIP 198503122010011001 is already on line 2"
has err "messy.csv:14:10: x 'budi_kudus_asn': x account 'budi_kudus_asn' is already given to NIP 198503122010011001 on line 2"
has err "messy.csv:11:9: kabupaten_kota 'Tegal': 'Tegal' is both a kabupaten and a kota"
has err "messy.csv:10:9: kabupaten_kota 'Kabupaten Atlantis': unknown kabupaten/kota"
has err "messy.csv:13:9: kabupaten_kota 'Kabupaten Kudus': region code 17.71 is Kota Bengkulu"
has err "messy.csv:9:7: jenis_pegawai 'Honorer'"
has err "messy.csv:12:2: name is empty"
has err "messy.csv:15: expected 14 fields like the header, found 2"
has err "refused rows are listed in messy.csv.rejects.csv"
is "$(sqlite3 messy.db 'SELECT count(*) FROM asn')" 0 \
   "a refused file imports nothing"
is "$(stat -c %a messy.csv.rejects.csv)" 600 "reject file is 0600"
has messy.csv.rejects.csv "line,column,field,value,problem,reason"
has messy.csv.rejects.csv "3,1,nip,1.98707E+17,nip-excel,"
has messy.csv.rejects.csv "15,0,,,fields,"

# --dry-run changes nothing even when clean
run 0 netra -d dry.db registry import --dry-run "$R/clean.csv"
has err "dry run: 12 rows, 12 valid, 0 refused; nothing changed"
is "$(sqlite3 dry.db 'SELECT count(*) FROM asn')" 0 "dry run stores nothing"

# --partial imports the good rows and still exits 3
run 3 netra -d partial.db registry import --partial --reject rej.csv messy.csv
is "$(sqlite3 partial.db 'SELECT count(*) FROM asn')" 1 "--partial keeps the one good row"
is "$(sqlite3 partial.db "SELECT count(*) FROM account")" 1 \
   "a row refused for its account left no person behind"
has rej.csv "14,10,x,budi_kudus_asn,duplicate-handle"

# a later roster: changes kept as history, dropped accounts ended
run 0 netra -d upd.db registry import "$R/clean.csv"
run 0 netra -d upd.db registry import --json "$R/update.csv"
has out '"people_new":1'
has out '"people_changed":1'
has out '"accounts_ended":1'
is "$(sqlite3 upd.db "SELECT unit FROM asn_history WHERE nip=198503122010011001")" \
   "Dinas Pendidikan" "old unit kept in history"
is "$(sqlite3 upd.db "SELECT count(*) FROM account WHERE handle='srilestari.kds' AND ended_at IS NOT NULL")" \
   1 "the dropped tiktok account is ended, not deleted"
is "$(sqlite3 upd.db "SELECT count(*) FROM asn WHERE nip=199001052015031003")" \
   1 "a person missing from a later roster is kept"

# whole-file refusals
run 3 netra registry import "$R/empty.csv"
has err "the file is empty"
run 3 netra registry import "$R/no-nip.csv"
has err "no NIP column"
run 3 netra registry import "$R/unclosed-quote.csv"
has err "unclosed-quote.csv:2: a quoted value opened here is never closed"
run 3 netra registry import "$R/bad-utf8.csv"
has err "bad-utf8.csv:3: not UTF-8"
run 3 netra registry import does-not-exist.csv
has err "cannot open 'does-not-exist.csv'"
run 3 netra registry import --encoding klingon "$R/clean.csv"
has err "unknown encoding 'klingon'"
run 3 netra registry import --region 99.9x "$R/clean.csv"

# standard input
run 0 netra -d stdin.db registry import - < "$R/clean.csv"
is "$(sqlite3 stdin.db 'SELECT count(*) FROM asn')" 12 "reads standard input"

# usage
run 2 netra registry
run 2 netra registry import
run 2 netra registry import a.csv b.csv
run 2 netra registry frob
run 0 netra registry import --help
has out "usage: netra registry import"

done_testing
