#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints the SQL that registers N civil servants, each with the X
account tests/mockserver.py --synthetic serves as asn_fiktif_NNNNN
(invented). Usage: gen_collect.py N"""
import sys

n = int(sys.argv[1])
print("BEGIN;")
for i in range(n):
    nip = 198501012010011000 + i
    print("INSERT INTO asn(nip, name, region_code, created_at, changed_at,"
          " seen_at) VALUES (%d, 'ASN %05d (fiktif)', '33.19', 0, 0, 0);"
          % (nip, i))
    print("INSERT INTO account(nip, platform, handle, started_at) VALUES"
          " (%d, 'x', 'asn_fiktif_%05d', 0);" % (nip, i))
print("COMMIT;")
