#!/bin/sh
# SPDX-License-Identifier: MIT
# netra posts: JSON, CSV (formula neutralising, quoting, Excel variant),
# the table (no terminal escapes), filters, edit groups.
. "$NETRA_SRC/tests/lib.sh"
J="$FIX/posts/jsonl"

run 0 netra init
sql "INSERT INTO asn(nip, name, region_code, created_at, changed_at, seen_at)
	VALUES (198501012010011001, 'Budi Santoso (fiktif)', '33.19', 0, 0, 0);
     INSERT INTO account(nip, platform, handle, started_at)
	VALUES (198501012010011001, 'x', 'budi_fiktif_x', 0)"
run 0 netra import "$J/timeline-1.jsonl" "$J/timeline-2.jsonl" \
	"$J/changed.jsonl"

run 0 netra posts --json
is "$(python3 -c 'import json,sys; d=json.load(open("out")); print(len(d))')" \
	6 "JSON: one entry per post, edits grouped"
is "$(python3 -c '
import json
d = json.load(open("out"))
e = [x for x in d if x["edit_of"] == "1850000000000000002"][0]
print(e["post_id"], e["nip"], len(e["versions"]),
      " ".join(v["post_id"] for v in e["versions"]), e["deleted_at"])')" \
	"1850000000000000004 198501012010011001 2 1850000000000000002 1850000000000000004 None" \
	"JSON: an X edit lists both ids as versions of one post"
is "$(python3 -c '
import json
d = json.load(open("out"))
e = [x for x in d if x["post_id"] == "1850000000000000010"][0]
print(e["nip"], e["deleted_at"], e["kind"], e["versions"][0]["capture"][:8])')" \
	"None 2024-11-20T01:00:00Z post $(sha256sum "$J/timeline-1.jsonl" | cut -c1-8)" \
	"JSON: unlinked post has nip null, deletion time, capture hash"
is "$(python3 -c '
import json
d = json.load(open("out"))
e = [x for x in d if x["post_id"] == "1850000000000000001"][0]
print(len(e["versions"]), e["text"][-7:])')" "2 jam 10." \
	"JSON: changed post has two versions, text is the latest"

run 0 netra posts --nip 198501012010011001 --json
is "$(python3 -c 'import json; print(len(json.load(open("out"))))')" 4 \
	"--nip selects the civil servant's posts"
run 0 netra posts --platform instagram --json
has out '"post_id":"C0fiktif01"'
lacks out '"platform":"x"'
run 0 netra posts --account warga_fktf --json
has out '"post_id":"1850000000000000010"'
lacks out 'budi_fiktif_x'
run 0 netra posts --account 900000000000000001 --json
has out '"account_id":"900000000000000001"'
run 2 netra posts --nip 12345
has err "not an 18-digit NIP"
run 2 netra posts --platform myspace
run 2 netra posts --json --csv

run 0 netra posts --csv
has out "platform,post_id,edit_of,account,account_id,nip,posted_at,kind,url,versions,deleted_at,text"
has out "\"'=HYPERLINK(\"\"http://evil.example\"\") hujan deras di Kudus\""
has out "198501012010011001"
is "$(head -c 3 out | od -An -tx1 | tr -d ' ')" 706c61 "CSV: no BOM"
is "$(head -1 out | od -An -c | grep -c '\\r')" 1 "CSV: CRLF line ends"

run 0 netra posts --excel
is "$(head -c 3 out | od -An -tx1 | tr -d ' ')" efbbbf "Excel: UTF-8 BOM"
has out "platform;post_id;edit_of"
has out "\"Siap menangkan pak!"
has out "'=HYPERLINK"
has out '"=""198501012010011001"""'
has out ';"=""1850000000000000004""";'

run 0 netra posts
has out "PLATFORM"
has out "1850000000000000004"
has out "deleted"
is "$(tr -d '\n' < out | od -An -tx1 | grep -c ' 1b')" 0 \
	"table: no escape character reaches the terminal"

done_testing
