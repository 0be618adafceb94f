#!/bin/sh
# SPDX-License-Identifier: MIT
# netra dossier: a civil servant's folder (modes, files, SHA256SUMS,
# manifest), the page laid out along Formulir Model A with hostile post
# text, names and reasons shown as text, versions and deletions, the
# legal clock, DUGAAN when pending findings are included, refusals, no
# silent overwrite, --all --region, and the page's structure against a
# golden file (NETRA_UPDATE_GOLDEN=1 rewrites it).
. "$NETRA_SRC/tests/lib.sh"
export NETRA_RULES="$NETRA_SRC"
export NETRA_NOW=2024-11-27T08:00:00+07:00
export USER=operator
GOLDEN="$NETRA_SRC/tests/golden/t6001"
NIP=198503122010011001
D=dos/$NIP
U='https://example.org/budi_kudus_asn/1851000000000000099?a=1&b=2'
HOSTILE='<script>alert(1)</script> \"><img src=x onerror=alert(1)>'

# a post with hostile text, edited once, then deleted by its author
printf '%s\n' "{\"platform\": \"x\", \"post_id\": \"1851000000000000099\", \"account\": \"budi_kudus_asn\", \"posted_at\": \"2024-11-20T07:00:00+07:00\", \"kind\": \"post\", \"text\": \"Coblos nomor 2 Luthfi-Yasin! $HOSTILE\", \"url\": \"$U\"}" > h1.jsonl
printf '%s\n' "{\"platform\": \"x\", \"post_id\": \"1851000000000000099\", \"account\": \"budi_kudus_asn\", \"posted_at\": \"2024-11-20T07:00:00+07:00\", \"kind\": \"post\", \"text\": \"Ayo coblos nomor 2 Luthfi-Yasin! $HOSTILE & 'kutip'\", \"url\": \"$U\"}" > h2.jsonl
printf '%s\n' "{\"platform\": \"x\", \"post_id\": \"1851000000000000099\", \"account\": \"budi_kudus_asn\", \"posted_at\": \"2024-11-20T07:00:00+07:00\", \"kind\": \"post\", \"text\": null, \"url\": \"$U\", \"deleted\": true}" > h3.jsonl

run 0 netra registry import "$FIX/registry/clean.csv"
run 0 netra import "$FIX/posts/demo/posts.jsonl"
run 0 netra import h1.jsonl
run 0 netra score
NETRA_NOW=2024-11-28T08:00:00+07:00 run 0 netra import h2.jsonl
NETRA_NOW=2024-11-28T08:00:00+07:00 run 0 netra score
NETRA_NOW=2024-11-29T08:00:00+07:00 run 0 netra import h3.jsonl
fid=$(sql "SELECT f.id FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '1851000000000000099'")
f1=$(sql "SELECT f.id FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '1851000000000000002' AND f.race = 'pilgub-2024-jateng'")
f2=$(sql "SELECT f.id FROM finding f JOIN post p ON p.id = f.post WHERE p.post_id = '1851000000000000003' AND f.race = 'pilbup-2024-kudus'")
[ -n "$fid" ] && [ -n "$f1" ] && [ -n "$f2" ]
is $? 0 "the hostile post and two others of Budi's are findings"

# nothing confirmed yet
run 3 netra dossier --out dos $NIP
has err "NIP $NIP has no confirmed findings; --include-pending adds pending ones"
[ ! -e dos ]
is $? 0 "a refused dossier leaves nothing behind"

run 0 netra review $fid confirm --by 'Siti <b>Pengawas</b>' --reason '"><script>alert(2)</script>'
run 0 netra review $f2 dismiss --by "Siti Pengawas" --reason "salah baca"
run 0 netra review $f2 confirm --by "Andi Staf" --reason "dicek ulang: ajakan memilih"
run 0 netra dossier --out dos $NIP
has err "$D: 2 findings (0 pending), 4 captures"
# the default folder
mkdir w && (cd w && "$NETRA_BIN" dossier $NIP 2>/dev/null)
is "$(cd w && find . -name index.html)" "./out/dossier/$NIP/index.html" \
   "by default the dossier goes to out/dossier/NIP"

# the folder
is "$(stat -c %a dos "$D" "$D/captures" | tr '\n' ' ')" "700 700 700 " \
   "folders are 0700"
is "$(find "$D" -type f -exec stat -c %a {} + | sort -u)" 600 "files are 0600"
is "$(cd "$D" && find . -type f | sort | sed 's|captures/[0-9a-f]\{64\}$|captures/HASH|' | uniq -c | tr -s ' ' | tr '\n' ';')" \
   " 1 ./SHA256SUMS; 4 ./captures/HASH; 1 ./index.html; 1 ./manifest.json;" \
   "index.html, manifest.json, SHA256SUMS and four captures"
(cd "$D" && sha256sum --quiet -c SHA256SUMS) > sums.out 2>&1
is $? 0 "sha256sum -c SHA256SUMS passes"
run 0 netra verify "$D"
has err "every file matches SHA256SUMS and manifest.json; nothing added or removed"
for c in "$D"/captures/*; do
	is "$(sha256sum "$c" | cut -c1-64)" "$(basename "$c")" "capture named by its hash"
done

# the manifest
python3 - "$D" "$NETRA_DB" "$fid" "$f2" <<'PY'
import hashlib, json, os, sys
d, dbp = sys.argv[1], sys.argv[2]
fid, f2id = int(sys.argv[3]), int(sys.argv[4])
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["format"] == "netra-dossier/1"
assert m["asn"]["nip"] == "198503122010011001"
assert m["asn"]["name"] == "Budi Wicaksono Hartanto"
assert m["include_pending"] is False
assert m["prepared_by"] == "operator"
on_disk = set()
for root, _, files in os.walk(d):
    for f in files:
        on_disk.add(os.path.relpath(os.path.join(root, f), d))
listed = {f["path"]: f for f in m["files"]}
assert set(listed) == on_disk - {"manifest.json", "SHA256SUMS"}, listed
for p, f in listed.items():
    b = open(os.path.join(d, p), "rb").read()
    assert hashlib.sha256(b).hexdigest() == f["sha256"], p
    assert len(b) == f["size"], p
ids = [f["id"] for f in m["findings"]]
assert ids == [fid, f2id], ids
for f in m["findings"]:
    assert f["status"] == "dikonfirmasi"
    assert f["deadline_rule"].startswith("7 hari")
f10 = m["findings"][0]
assert f10["first_observed"] == "2024-11-27T01:00:00Z", f10["first_observed"]
assert f10["deadline"] == "2024-12-04T01:00:00Z"
assert f10["scored_version"] == 2
p = f10["post"]
assert [v["seq"] for v in p["versions"]] == [1, 2, 3]
assert "<script>alert(1)</script>" in p["versions"][1]["text"]
assert p["deleted_at"] == "2024-11-29T01:00:00Z"
assert len(p["deletions"]) == 1 and p["deletions"][0]["how"] == "flag"
assert len(p["captures"]) == 3
text = p["versions"][1]["text"].encode()
marked = [text[s["start"]:s["end"]].decode() for s in f10["spans"]]
assert "Luthfi-Yasin" in marked, marked
assert f10["decisions"][0]["by"] == "Siti <b>Pengawas</b>"
f2 = m["findings"][1]
assert [x["decision"] for x in f2["decisions"]] == ["dismiss", "confirm"]
assert f2["decisions"][1]["revises"] == f2["decisions"][0]["id"]
caps = {c["sha256"] for c in m["captures"]}
assert {"captures/" + c for c in caps} == {x for x in listed if x.startswith("captures/")}
PY
is $? 0 "manifest.json: every fact, every file with its hash"

# the page: hostile text is text
H="$D/index.html"
lacks "$H" "<script"
lacks "$H" "<img"
lacks "$H" "<b>"
lacks "$H" 'href="javascript'
has "$H" "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;kutip&#39;"
has "$H" "Siti &lt;b&gt;Pengawas&lt;/b&gt;"
has "$H" "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
has "$H" "<mark>coblos nomor 2</mark> <mark>Luthfi-Yasin</mark>! &lt;script&gt;"
has "$H" 'href="https://example.org/budi_kudus_asn/1851000000000000099?a=1&amp;b=2"'
# self-contained, print friendly, in Bahasa Indonesia
has "$H" '<html lang="id">'
has "$H" "@page { size: A4"
has "$H" "default-src 'none'"
lacks "$H" "<link"
lacks "$H" ' src="'
lacks "$H" "url("
# along Formulir Model A
has "$H" "I. Data pengawas"
has "$H" "<th>Peninjau yang memutuskan</th><td>Siti &lt;b&gt;Pengawas&lt;/b&gt;, Siti Pengawas, Andi Staf</td>"
has "$H" "<th>Berkas disusun oleh</th><td>operator</td>"
has "$H" "III. Uraian singkat hasil pengawasan"
has "$H" "<li>Bahwa pada 2024-11-20T00:00:00Z akun X (Twitter) @budi_kudus_asn milik Budi Wicaksono Hartanto membuat unggahan yang menyebut Ahmad Luthfi (temuan #$fid, DIKONFIRMASI)."
has "$H" "Pada 2024-11-29T01:00:00Z unggahan itu teramati sudah dihapus"
has "$H" "A. Terlapor (siapa)"
has "$H" "II. Kegiatan pengawasan (bagaimana ditemukan)"
has "$H" "IV. Informasi dugaan pelanggaran"
has "$H" "<th>Peristiwa (apa)</th>"
has "$H" "<th>Tempat (di mana)</th>"
has "$H" "<th>Waktu unggah (kapan)</th>"
has "$H" "<th>Pertama diamati (tanggal diketahui)</th><td>2024-11-27T01:00:00Z</td>"
has "$H" "<th>Batas waktu penanganan</th><td>2024-12-04T01:00:00Z: 7 hari sejak pertama diamati (temuan: UU 7/2017 Pasal 454"
has "$H" "7 hari kerja"
has "$H" "IND-CALL-FOR"
has "$H" "V. Bukti: tangkapan mentah"
has "$H" "ditandai terhapus oleh sumber data"
has "$H" "(teramati sudah dihapus; bukti tetap tersimpan)"
has "$H" "<td>#3 (merevisi #2)</td><td>dikonfirmasi</td><td>Andi Staf</td>"
has "$H" "UU 27/2022"
has "$H" "Pelindungan data pribadi"
lacks "$H" "MEMUAT DUGAAN"
lacks "$H" 'class="badge-dugaan"'
lacks "$H" "Temuan #1 "

# the structure against the golden file: elements with their classes,
# and the text of headings and row labels (the form's fields); no data,
# no times, no hashes
python3 - "$H" > structure <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
html = re.sub(r"<style>.*?</style>", "<style></style>", html, flags=re.S)
keep = ("h1", "h2", "h3", "h4", "th")
for m in re.finditer(r"<(/?)([a-zA-Z0-9!]+)([^>]*)>([^<]*)", html):
    close, tag, attrs, text = m.groups()
    cls = re.search(r'class="([^"]*)"', attrs)
    line = "<%s%s%s>" % (close, tag, ' class="%s"' % cls.group(1) if cls else "")
    if not close and tag in keep and text.strip():
        line += " " + text.strip()
    print(line)
PY
if [ -n "${NETRA_UPDATE_GOLDEN:-}" ]; then
	cp structure "$GOLDEN/index.structure"
fi
diff -u "$GOLDEN/index.structure" structure > structure.diff
is $? 0 "index.html structure matches tests/golden/t6001/index.structure"
[ -s structure.diff ] && head -40 structure.diff | diag

# no silent overwrite
run 3 netra dossier --out dos $NIP
has err "'$D' exists; --force replaces it"
old_manifest=$(sha256sum "$D/manifest.json")
run 0 netra review $f1 confirm --by "Siti Pengawas"
run 0 netra dossier --out dos --force $NIP
has err "$D: 3 findings (0 pending)"
run 0 netra verify "$D"
is "$(ls -A dos | tr '\n' ' ')" "$NIP " "no temporary or old folders left"
[ "$old_manifest" != "$(sha256sum "$D/manifest.json")" ]
is $? 0 "--force replaced the dossier"

# pending ones, marked
run 0 netra dossier --out pending --include-pending --json $NIP
has out "\"nip\":\"$NIP\""
has out '"pending":0'
run 0 netra dossier --out pending2 --include-pending 198108142006041003
has err "2 findings (2 pending)"
P=pending2/198108142006041003/index.html
has "$P" "MEMUAT DUGAAN: 2 temuan bertanda DUGAAN"
has "$P" '<span class="badge-dugaan">DUGAAN</span>'
has "$P" "DUGAAN: belum ada keputusan peninjau"
run 0 netra verify pending2/198108142006041003

# refusals
run 2 netra dossier 123
run 2 netra dossier
run 2 netra dossier $NIP $NIP
run 2 netra dossier --all
has err "--all needs --region CODE"
run 2 netra dossier --all --region 33.19 $NIP
run 2 netra dossier --region 33.19 $NIP
run 2 netra dossier --out '' $NIP
run 3 netra dossier 199912312024121001
has err "NIP 199912312024121001 is not in the registry"
run 3 netra dossier --out x 199001052015031003
has err "has no confirmed findings"

# a region
run 0 netra dossier --all --region 33 --out region
has err "region 33: 1 dossier written, 0 refused"
run 3 netra dossier --all --region 33 --out region
has err "'region/$NIP' exists; --force replaces it"
has err "region 33: 0 dossiers written, 1 refused"
run 0 netra dossier --all --region 33.20 --include-pending --out region
has err "region 33.20: 2 dossiers written, 0 refused"
run 0 netra verify region/198912192014022001

# the folder name is the NIP alone, whatever --out holds
run 0 netra dossier --out "weird dir/../w" $NIP
[ -d "weird dir/../w/$NIP" ]
is $? 0 "--out is used as given; the dossier folder is the NIP"

# a stored capture that no longer matches stops the dossier
sha=$(sql "SELECT sha256 FROM capture WHERE id = 1")
cap="$NETRA_DB.captures/$(echo "$sha" | cut -c1-2)/$sha"
chmod u+w "$cap"
printf 'x' >> "$cap"
run 5 netra dossier --out dos --force $NIP
has err "no longer matches its SHA-256"
run 0 netra verify "$D"
is "$(ls -A dos | tr '\n' ' ')" "$NIP " "the failed run left the old dossier and no temporary folder"

# every dossier is in the audit log
is "$(sql "SELECT count(*) FROM audit_log WHERE action = 'dossier' AND subject = '$NIP'")" 6 \
   "each dossier written is an audit entry"
is "$(sql "SELECT json_extract(details, '\$.manifest_sha256') FROM audit_log WHERE action = 'dossier' ORDER BY id LIMIT 1")" \
   "$(echo "$old_manifest" | cut -c1-64)" "the entry holds the manifest's hash"
done_testing
