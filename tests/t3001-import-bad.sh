#!/bin/sh
# SPDX-License-Identifier: MIT
# Bad input to netra import: every refusal names file, line and field,
# exits 3, and leaves nothing behind (no posts, no capture row or file);
# good files of the same batch still load.
. "$NETRA_SRC/tests/lib.sh"
J="$FIX/posts/jsonl"

run 0 netra init
nothing_kept() { # DESC
	is "$(sql "SELECT count(*) FROM post; SELECT count(*) FROM capture")" \
		"0
0" "$1: nothing stored"
	is "$(find netra.db.captures -type f 2>/dev/null | wc -l)" 0 \
		"$1: no capture file kept"
}
good='{"platform":"x","post_id":"1","account":"a_fiktif","posted_at":"2024-11-01T08:00:00+07:00","kind":"post","text":"ok"}'
line() { # FILE JSON: a good line, then JSON as line 2
	printf '%s\n%s\n' "$good" "$2" > "$1"
}

# the fixture: a truncated line, a missing id, a numeric id
run 3 netra import "$J/bad.jsonl"
has err "bad.jsonl:2: not valid JSON"
has err "bad.jsonl:3: post_id: missing"
has err "bad.jsonl:4: post_id: must be a string (write ids as strings"
nothing_kept "bad fixture"

line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00+07:00","kind":"post","text":"pot'
run 3 netra import t.jsonl
has err "t.jsonl:2: not valid JSON: the line ends early (truncated?)"
printf '%s\n%s' "$good" '{"platform":"x","post_id":"2","acc' > t.jsonl
run 3 netra import t.jsonl
has err "t.jsonl:2: not valid JSON"
nothing_kept "truncated file"

printf '%s\n{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00+07:00","kind":"post","text":"bad \377 byte"}\n' "$good" > t.jsonl
run 3 netra import t.jsonl
has err "t.jsonl:2: invalid UTF-8 at byte"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00","kind":"post"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: posted_at: not an ISO 8601 time with an offset"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"tweet"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: kind: not one of"
line t.jsonl '{"platform":"myspace","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: platform: not one of"
line t.jsonl '{"platform":"x","post_id":"2","posted_at":"2024-11-01T08:00:00Z","kind":"post"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: account: missing (give account or account_id)"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post","url":"javascript:alert(1)"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: url: not an http(s) URL"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post","media":{"type":"photo"}}'
run 3 netra import t.jsonl
has err "t.jsonl:2: media: must be an array"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post","media":[{"type":"photo","url":"https://a.example/1.jpg"},{"url":"https://a.example/2.jpg"}]}'
run 3 netra import t.jsonl
has err "t.jsonl:2: media[1].type: missing"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"repost","ref":"1"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: ref: must be an object"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post","deleted":"yes"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: deleted: must be true or false"
line t.jsonl '{"platform":"x","post_id":"2 3","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: post_id: blank or control character"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post","text":"a\u0000b"}'
run 3 netra import t.jsonl
has err "t.jsonl:2: a string holds \\u0000"
line t.jsonl '{"platform":"x","post_id":"2","account":"a_fiktif","posted_at":"2024-11-01T08:00:00Z","kind":"post"} {"x":1}'
run 3 netra import t.jsonl
has err "t.jsonl:2: text after the JSON object"
line t.jsonl '["x","2"]'
run 3 netra import t.jsonl
has err "t.jsonl:2: not a JSON object"
nothing_kept "bad fields"

# every bad line of a file is reported, not only the first
printf '%s\n%s\n%s\n%s\n' "$good" '{' "$good" '{"platform":"x"}' > t.jsonl
run 3 netra import t.jsonl
has err "t.jsonl:2: not valid JSON"
has err "t.jsonl:4: post_id: missing"

# whole-file refusals
: > empty.jsonl
run 3 netra import empty.jsonl
has err "empty.jsonl: empty file, no posts"
printf '\n\n  \n' > blank.jsonl
run 3 netra import --format jsonl blank.jsonl
has err "blank.jsonl: no posts in the file"
echo "platform,post_id" > t.csv
run 3 netra import t.csv
has err "t.csv: cannot tell the format; name it with --format (one of: jsonl"
run 2 netra import --format nope t.jsonl
has err "unknown format 'nope'"
run 3 netra import no-such-file.jsonl
has err "cannot open 'no-such-file.jsonl'"
mkdir folder.jsonl
run 3 netra import folder.jsonl
has err "folder.jsonl: is a folder, not a file"
run 2 netra import
run 2 netra import --account x_fiktif t.jsonl
has err "--account needs --platform"
nothing_kept "whole-file refusals"

# a line over 16 MiB is refused without holding the file
python3 -c '
import sys
sys.stdout.write("{\"platform\":\"x\",\"post_id\":\"9\",\"account\":\"a_fiktif\",\"posted_at\":\"2024-11-01T08:00:00Z\",\"kind\":\"post\",\"text\":\"" + "a" * (17 << 20) + "\"}\n")' > huge.jsonl
run 3 netra import huge.jsonl
has err "huge.jsonl:1: line longer than 16 MiB"
nothing_kept "huge line"
# a long line under the cap is fine
python3 -c '
import sys
sys.stdout.write("{\"platform\":\"x\",\"post_id\":\"9\",\"account\":\"a_fiktif\",\"posted_at\":\"2024-11-01T08:00:00Z\",\"kind\":\"post\",\"text\":\"" + "a" * (3 << 20) + "\"}\n")' > long.jsonl
run 0 netra -d long.db import long.jsonl
is "$(sqlite3 long.db "SELECT length(text) FROM post_version")" 3145728 \
	"a 3 MiB text is stored whole"

# several files: the good ones load, exit 3
cp "$J/timeline-1.jsonl" good.jsonl
run 3 netra import --json good.jsonl "$J/bad.jsonl" empty.jsonl
has out '"files":3,"files_refused":2,"captures_new":1,"posts_seen":4,"posts_new":4'
has out '"rejected":4'
is "$(sql "SELECT count(*) FROM capture; SELECT source FROM capture")" "1
good.jsonl" "only the good file is a capture"
is "$(find netra.db.captures -type f | wc -l)" 1 "one capture file"

done_testing
