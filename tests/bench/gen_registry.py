#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes an invented registry of N civil servants (CSV) for `make bench`.

Every NIP is valid and unique; about 40% of people have an X handle and
25% an Instagram handle. Deterministic for a given N (fixed seed).
"""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
rnd = random.Random(20241127)
first = ["Budi", "Sri", "Agus", "Dewi", "Hendra", "Rina", "Yusuf", "Fitri",
         "Rizky", "Eko", "Nur", "Fajar", "Joko", "Siti", "Wahyu", "Indah"]
last = ["Santoso", "Lestari", "Nugroho", "Kusuma", "Wijaya", "Safitri",
        "Putra", "Lubis", "Firdaus", "Santosa", "Ramadhani", "Siregar"]
regions = [("33.19", "Kabupaten Kudus"), ("33.20", "Kabupaten Jepara"),
           ("17.71", "Kota Bengkulu"), ("33.74", "Kota Semarang")]
units = ["Dinas Pendidikan", "Dinas Kesehatan", "Sekretariat Daerah",
         "Kecamatan Kota", "Dinas Sosial", "RSUD", "Badan Keuangan Daerah"]
out = sys.stdout
out.write("nip,nama,instansi,unit_kerja,jabatan,golongan,jenis_pegawai,"
          "kode_wilayah,x,instagram\n")
seen = set()
i = 0
while i < n:
    y = rnd.randint(1960, 2000)
    m = rnd.randint(1, 12)
    d = rnd.randint(1, 28)
    ay = y + rnd.randint(19, 25)
    am = rnd.randint(1, 12)
    g = rnd.randint(1, 2)
    seq = rnd.randint(1, 999)
    nip = "%04d%02d%02d%04d%02d%d%03d" % (y, m, d, ay, am, g, seq)
    if nip in seen:
        continue
    seen.add(nip)
    code, kab = regions[i % len(regions)]
    name = "%s %s %s" % (rnd.choice(first), rnd.choice(last),
                         rnd.choice(last))
    x = "@asn_%07d" % i if rnd.random() < 0.4 else ""
    ig = "asn.ig.%07d" % i if rnd.random() < 0.25 else ""
    out.write("%s,%s,Pemerintah %s,%s,Pelaksana,III/%s,PNS,%s,%s,%s\n" % (
        nip, name, kab, rnd.choice(units), "abcd"[i % 4], code, x, ig))
    i += 1
