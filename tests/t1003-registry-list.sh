#!/bin/sh
# SPDX-License-Identifier: MIT
# registry list: filters, JSON and CSV shapes.
. "$NETRA_SRC/tests/lib.sh"
R="$FIX/registry"

run 0 netra registry import "$R/clean.csv"
run 0 netra registry list
has out "198503122010011001  Budi Wicaksono Hartanto"
has out "x:budi_kudus_asn"
has err "12 people"

run 0 netra registry list --region 33.19
has err "5 people"
lacks out "Rina Marlina"
run 0 netra registry list --region 33
has err "9 people"
run 0 netra registry list --region 3320
has err "4 people"
run 0 netra registry list --agency "kota bengkulu"
has err "3 people"
run 0 netra registry list --platform youtube
has err "2 people"
run 0 netra registry list --platform tiktok --region 17.71
has err "1 person"
run 2 netra registry list --platform myspace
run 2 netra registry list --region abc
run 2 netra registry list --json --csv

run 0 netra registry list --json --region 33.19
python3 - <<'PY'
import json, sys
d = json.load(open("out"))
assert isinstance(d, list) and len(d) == 5, d
p = [x for x in d if x["nip"] == "198503122010011001"][0]
assert p["name"] == "Budi Wicaksono Hartanto"
assert p["region_code"] == "33.19" and p["region_name"] == "Kabupaten Kudus"
assert p["employment"] == "PNS" and p["agency"] == "Pemerintah Kabupaten Kudus"
assert p["unit"] == "Dinas Pendidikan"
assert {"platform": "x", "handle": "budi_kudus_asn"} in p["accounts"]
assert all(isinstance(x["nip"], str) and len(x["nip"]) == 18 for x in d)
PY
is $? 0 "list --json: people with nip as an 18-digit string and accounts"

run 0 netra registry list --csv --region 17.71
has out "nip,name,agency,unit,position,grade,employment,region_code,region_name,x,instagram,facebook,tiktok,youtube"
has out "198802282012122002,Nur Aisyah Ramadhani"
has out "aisyah_keuangan|nuraisyah_bkl"

# a formula in a name stays text in CSV
printf 'nip,nama,kode_wilayah\n198503122010011001,"=HYPERLINK(""http://evil"")",33.19\n' > evil.csv
run 0 netra -d evil.db registry import evil.csv
run 0 netra -d evil.db registry list --csv
has out "'=HYPERLINK("
run 0 netra -d evil.db registry list --json
has out '"name":"=HYPERLINK(\"http://evil\")"'

done_testing
