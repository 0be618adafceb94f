#!/bin/sh
# SPDX-License-Identifier: MIT
# staff-check: an HR office's list against the audit database.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00

run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra score

run 0 netra staff-check "$FIX/registry/update.csv"
has out "198503122010011001  Budi Wicaksono Hartanto"
has out "199403032020121001  Joko Susilo Pambudi           not-in-registry"
has err "3 people: 0 with an invalid row, 1 not in the registry, 2 with findings"

run 0 netra staff-check --json "$FIX/registry/update.csv"
python3 - <<'PY'
import json
d = json.load(open("out"))
assert len(d) == 3
budi = [p for p in d if p["nip"] == "198503122010011001"][0]
assert budi["nip_valid"] and budi["in_registry"] and budi["state"] == "ok"
assert budi["accounts_known"] == 2 and budi["accounts_collected"] == 1
assert budi["findings"]["dugaan"] == 2 and budi["findings"]["tinggi"] == 2
assert budi["dossier"] is None
joko = [p for p in d if p["nip"] == "199403032020121001"][0]
assert not joko["in_registry"] and joko["state"] == "not-in-registry"
PY
is $? 0 "staff-check --json: per person NIP, accounts, findings"

# a confirmed finding points at its dossier
sql "UPDATE finding SET status = 'dikonfirmasi' WHERE nip = 198503122010011001"
run 0 netra staff-check --json "$FIX/registry/update.csv"
has out '"dossier":"(not written yet: netra dossier 198503122010011001)"'
mkdir -p dos/198503122010011001 && : > dos/198503122010011001/index.html
run 0 netra staff-check --json --dossiers dos "$FIX/registry/update.csv"
has out '"dossier":"dos/198503122010011001/index.html"'

# invalid rows are listed, not dropped, and the exit status says so
run 3 netra staff-check "$FIX/registry/messy.csv"
has out "1.98707E+17"
has out "invalid"
has err "14 people: 13 with an invalid row"

# CSV for Excel in an Indonesian locale: BOM, ';', NIPs kept whole
run 0 netra staff-check --excel "$FIX/registry/update.csv"
has out "baris;nip;nama;nip_valid"
has out '"=""198503122010011001"""'
run 0 netra staff-check --csv "$FIX/registry/update.csv"
has out "baris,nip,nama,nip_valid"
run 2 netra staff-check --json --csv "$FIX/registry/update.csv"
run 2 netra staff-check
run 3 netra staff-check "$FIX/registry/empty.csv"

done_testing
