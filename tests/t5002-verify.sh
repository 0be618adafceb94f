#!/bin/sh
# SPDX-License-Identifier: MIT
# netra verify on the database: the audit chain and every capture. A
# changed entry (made around the triggers), a removed or forged entry, a
# flipped byte in a stored capture and a missing capture are each caught
# and named, and undoing the change makes verify pass again.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00

# a database that is not there is refused, never created and vouched for
run 5 netra -d typo.db verify
has err "no database at 'typo.db'"
has err "netra -d typo.db init"
is "$(ls typo.db 2>/dev/null)" "" "verify creates no database"
run 0 netra init
run 0 netra verify
has err "audit log: 0 entries, chain intact"
has err "captures: 0, every one matches its SHA-256"
run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra score
run 0 netra review 1 confirm --by "Siti Pengawas"
run 0 netra review 2 dismiss --by "Siti Pengawas" --reason "berita"
run 0 netra verify
has err "audit log: 5 entries, chain intact"
has err "captures: 1, every one matches its SHA-256"
run 2 netra verify a b
run 2 netra verify --json

# a changed entry, made around the trigger
sql "DROP TRIGGER audit_log_no_update"
old=$(sql "SELECT details FROM audit_log WHERE id = 4")
sql "UPDATE audit_log SET details = replace(details, 'confirm', 'dismiss') WHERE id = 4"
run 5 netra verify
has err "audit log entry 4: its content does not match its hash"
sql "UPDATE audit_log SET details = '$old' WHERE id = 4"
run 0 netra verify

# one flipped byte in the actor
sql "UPDATE audit_log SET actor = 'Siti Pengawaz' WHERE id = 5"
run 5 netra verify
has err "audit log entry 5"
sql "UPDATE audit_log SET actor = 'Siti Pengawas' WHERE id = 5"
run 0 netra verify

# a changed hash: entry 3 no longer matches, and entry 4's link is broken
sql "UPDATE audit_log SET hash = '$(printf '%064d' 0)' WHERE id = 3"
run 5 netra verify
has err "audit log entry 3"
# entry 4 still carries the true hash of entry 3
sql "UPDATE audit_log SET hash = (SELECT prev_hash FROM audit_log WHERE id = 4) WHERE id = 3"
run 0 netra verify

# a removed entry
sql "DROP TRIGGER audit_log_no_delete"
cp "$NETRA_DB" saved.db
sql "DELETE FROM audit_log WHERE id = 2"
run 5 netra verify
has err "audit log entry 3: expected entry 2 here: entries were removed"
cp saved.db "$NETRA_DB"

# a forged entry appended by hand
sql "INSERT INTO audit_log VALUES (6, 0, 'x', 'review', 'finding:3', '{}', (SELECT hash FROM audit_log WHERE id = 5), 'forged')"
run 5 netra verify
has err "audit log entry 6: its content does not match its hash"
cp saved.db "$NETRA_DB"

# decisions: a status changed by hand, a log cut at its end
sql "UPDATE finding SET status = 'dikonfirmasi' WHERE id = 2"
run 5 netra verify
has err "finding 2 is 'dikonfirmasi' but its decisions make it 'ditolak': the status was changed outside netra review"
sql "UPDATE finding SET status = 'ditolak' WHERE id = 2"
run 0 netra verify
has err "decisions: each one logged, every status follows its latest decision"
sql "DELETE FROM audit_log WHERE id = 5"
run 5 netra verify
has err "review decision #2 (finding 2) has no audit log entry: entries were removed"
cp saved.db "$NETRA_DB"
run 0 netra verify

# captures
run 0 netra verify
sha=$(sql "SELECT sha256 FROM capture WHERE id = 1")
cap="$NETRA_DB.captures/$(echo "$sha" | cut -c1-2)/$sha"
chmod u+w "$cap"
python3 - "$cap" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[100] ^= 1
open(p, "wb").write(b)
PY
run 5 netra verify
has err "capture 1 ($sha): the stored file's SHA-256 is now"
has err "captures: 1 of 1 do not match"
python3 - "$cap" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[100] ^= 1
open(p, "wb").write(b)
PY
run 0 netra verify
mv "$cap" "$cap.away"
run 5 netra verify
has err "capture 1 ($sha): cannot open"
mv "$cap.away" "$cap"
run 0 netra verify
done_testing
