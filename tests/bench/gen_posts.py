#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Generates N invented canonical posts for the import benchmark: the same
# posts as JSONL (for netra import) and as CSV (for sqlite3 .import), and
# an SQL file registering some of their authors as civil servants. Every
# person is invented; the text is Indonesian-ish filler of ~250 bytes.
#
#   gen_posts.py N OUTDIR
import csv
import json
import random
import sys

WORDS = """saya kami bapak ibu warga kabupaten desa kecamatan dinas kantor
rapat koordinasi pelayanan masyarakat hari ini besok pagi siang sore malam
program pembangunan jalan jembatan sekolah puskesmas pasar banjir hujan
panen padi jagung harga beras minyak naik turun alhamdulillah semoga
sukses selalu terima kasih mohon maaf info terbaru kegiatan gotong royong
posyandu imunisasi anak guru murid ujian lulus wisuda kerja bakti lomba
agustusan upacara bendera pemilu pilkada kampanye debat calon nomor urut
coblos pilih dukung menang lanjutkan perubahan netral jaga bersama kita
semua ayo mari yuk mantap keren luar biasa cepat lambat macet parkir
kudus jepara demak pati rembang blora grobogan semarang bengkulu""".split()
TAGS = ["#Pilkada2024", "#KudusMaju", "#JagaNetralitas", "#InfoKudus",
        "#GotongRoyong", "#PemiluDamai"]
KINDS = ["post"] * 70 + ["reply"] * 12 + ["repost"] * 10 + ["quote"] * 5 + \
    ["like"] * 3


def text(rng):
    out = []
    n = 0
    size = rng.randrange(120, 260)
    while n < size:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    if rng.random() < 0.3:
        out.append(rng.choice(TAGS))
    if rng.random() < 0.1:
        out.append("\U0001F44D")
    s = " ".join(out)
    return s[0].upper() + s[1:]


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(2024)
    n_accounts = max(10, n // 50)
    accounts = ["akun_fkt_%05d" % i for i in range(n_accounts)]
    with open(out + "/registry.sql", "w") as f:
        f.write("BEGIN;\n")
        for i in range(0, n_accounts, 10):
            nip = 198001012005011001 + i
            f.write("INSERT INTO asn(nip, name, region_code, created_at, "
                    "changed_at, seen_at) VALUES (%d, 'Pegawai Fiktif %d', "
                    "'33.19', 0, 0, 0);\n" % (nip, i))
            f.write("INSERT INTO account(nip, platform, handle, started_at)"
                    " VALUES (%d, 'x', '%s', 0);\n" % (nip, accounts[i]))
        f.write("COMMIT;\n")
    base = 1700000000
    with open(out + "/posts.jsonl", "w") as fj, \
            open(out + "/posts.csv", "w", newline="") as fc:
        w = csv.writer(fc)
        w.writerow(["platform", "post_id", "account", "account_id",
                    "posted_at", "kind", "text", "url"])
        for i in range(n):
            a = rng.randrange(n_accounts)
            acct = accounts[a]
            pid = str(1800000000000000000 + i * 7919 % (n * 10) * 10 + i % 10)
            t = base + i * 15 + rng.randrange(15)
            kind = rng.choice(KINDS)
            posted = "2023-11-%02dT%02d:%02d:%02d+07:00" % (
                1 + (t // 86400) % 28, (t // 3600) % 24, (t // 60) % 60,
                t % 60)
            rec = {
                "platform": "x",
                "post_id": pid,
                "account": acct,
                "account_id": str(900000000000000000 + a),
                "posted_at": posted,
                "kind": kind,
                "text": None if kind == "like" else text(rng),
                "url": "https://x.com/%s/status/%s" % (acct, pid),
            }
            if kind != "post":
                rec["ref"] = {"account": "tokoh_fiktif_%d" % rng.randrange(50),
                              "post_id": str(1700000000000000000 + i)}
            if rng.random() < 0.05:
                rec["media"] = [{"type": "photo",
                                 "url": "https://pbs.example/m/%d.jpg" % i,
                                 "alt": None}]
            fj.write(json.dumps(rec, ensure_ascii=False, separators=(',', ':')) + "\n")
            w.writerow(["x", pid, acct, rec["account_id"], posted, kind,
                        rec["text"] or "", rec["url"]])


main()
