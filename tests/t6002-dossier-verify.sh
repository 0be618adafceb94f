#!/bin/sh
# SPDX-License-Identifier: MIT
# netra verify DIR on a dossier as received: a good one passes; one
# flipped byte in a capture, in manifest.json, in index.html or in
# SHA256SUMS, a file added, removed or renamed, a symlink, a capture not
# named by its hash, and hostile paths in SHA256SUMS or the manifest are
# each caught (exit 5, naming the file); undone, it passes again.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00
NIP=198503122010011001
D=dos/$NIP

flip() { # FILE OFFSET
	python3 - "$1" "$2" <<'PY'
import sys
p, i = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read())
b[i] ^= 0x20
open(p, "wb").write(b)
PY
}

run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra score
run 0 netra review 1 confirm --by "Siti Pengawas"
run 0 netra dossier --out dos $NIP
run 0 netra verify "$D"
cap=$(ls "$D/captures")

# a capture
flip "$D/captures/$cap" 200
run 5 netra verify "$D"
has err "$D: 'captures/$cap' does not match its SHA-256 in SHA256SUMS (changed)"
has err "$D: 'captures/$cap' is not named by its SHA-256 (changed)"
has err "$D: 'captures/$cap' does not match its SHA-256 or size in manifest.json (changed)"
(cd "$D" && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1
is $? 1 "sha256sum -c catches it too"
flip "$D/captures/$cap" 200
run 0 netra verify "$D"

# manifest.json
flip "$D/manifest.json" 40
run 5 netra verify "$D"
has err "$D: 'manifest.json' does not match its SHA-256 in SHA256SUMS (changed)"
flip "$D/manifest.json" 40
run 0 netra verify "$D"

# index.html
flip "$D/index.html" 500
run 5 netra verify "$D"
has err "'index.html' does not match its SHA-256 in SHA256SUMS (changed)"
has err "'index.html' does not match its SHA-256 or size in manifest.json (changed)"
flip "$D/index.html" 500
run 0 netra verify "$D"

# SHA256SUMS itself: a flipped byte breaks its line
flip "$D/SHA256SUMS" 3
run 5 netra verify "$D"
has err "'SHA256SUMS' line 1 is not '<sha256>  <file>'"
has err "is not listed in SHA256SUMS (added)"
flip "$D/SHA256SUMS" 3
run 0 netra verify "$D"
# or another valid hash: the file no longer matches it
cp "$D/SHA256SUMS" sums.save
python3 - "$D/SHA256SUMS" <<'PY'
import sys
p = sys.argv[1]
b = open(p).read()
open(p, "w").write(("1" if b[0] == "0" else "0") + b[1:])
PY
run 5 netra verify "$D"
has err "does not match its SHA-256 in SHA256SUMS (changed)"
cp sums.save "$D/SHA256SUMS"
run 0 netra verify "$D"

# added, removed, renamed
echo extra > "$D/notes.txt"
run 5 netra verify "$D"
has err "'notes.txt' is not listed in SHA256SUMS (added)"
has err "'notes.txt' is not listed in manifest.json (added)"
rm "$D/notes.txt"
echo extra > "$D/captures/extra"
run 5 netra verify "$D"
has err "'captures/extra' is not listed in SHA256SUMS (added)"
rm "$D/captures/extra"
mv "$D/index.html" index.away
run 5 netra verify "$D"
has err "'index.html' is listed in SHA256SUMS but missing (removed)"
has err "'index.html' is listed in manifest.json but missing (removed)"
mv index.away "$D/index.html"
mv "$D/captures/$cap" "$D/captures/0$cap"
run 5 netra verify "$D"
has err "'captures/$cap' is listed in SHA256SUMS but missing (removed)"
has err "'captures/0$cap' is not listed in SHA256SUMS (added)"
mv "$D/captures/0$cap" "$D/captures/$cap"
mv "$D/manifest.json" m.away
run 5 netra verify "$D"
has err "'manifest.json' is missing (removed)"
mv m.away "$D/manifest.json"
mv "$D/SHA256SUMS" s.away
run 5 netra verify "$D"
has err "'SHA256SUMS' is missing (removed)"
mv s.away "$D/SHA256SUMS"
run 0 netra verify "$D"

# a symlink and a folder
ln -s /etc/passwd "$D/passwd"
run 5 netra verify "$D"
has err "'passwd' is a symbolic link"
rm "$D/passwd"
mkdir "$D/more"
run 5 netra verify "$D"
has err "'more' is not a regular file (added)"
rmdir "$D/more"

# hostile paths in SHA256SUMS and the manifest
cp "$D/SHA256SUMS" sums.save
printf '%064d  ../../etc/passwd\n' 0 >> "$D/SHA256SUMS"
run 5 netra verify "$D"
has err "'SHA256SUMS' line 4 is not '<sha256>  <file>' naming a file of the dossier once"
cp sums.save "$D/SHA256SUMS"
cp "$D/manifest.json" manifest.save
python3 - "$D/manifest.json" <<'PY'
import json, sys
p = sys.argv[1]
m = json.load(open(p))
m["files"].append({"path": "/etc/passwd", "sha256": "0" * 64, "size": 1})
json.dump(m, open(p, "w"))
PY
run 5 netra verify "$D"
has err "'manifest.json' has a \"files\" entry that is not a file of the dossier"
cp manifest.save "$D/manifest.json"
printf 'not json' > "$D/manifest.json"
run 5 netra verify "$D"
has err "'manifest.json' is not a netra dossier manifest"
cp manifest.save "$D/manifest.json"
run 0 netra verify "$D"

# not a dossier at all
run 5 netra verify nowhere
has err "'nowhere' is not a dossier folder"
mkdir empty
run 5 netra verify empty
has err "'SHA256SUMS' is missing (removed)"
ln -s "$D" link
run 5 netra verify link
has err "'link' is not a dossier folder"
done_testing
