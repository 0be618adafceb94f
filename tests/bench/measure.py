#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs a baseline command and netra's command, each three times in
alternation, and prints the best wall time of each, the ratio and peak
memory (ru_maxrss of the child). Usage:
  measure.py TITLE BASE_NAME BASE_CMD NETRA_NAME NETRA_CMD TARGET_RATIO
Commands run through sh. With MEASURE_CLEAN=1, the *.db* files named in
a command are removed before each run (the command recreates them).
"""
import glob
import os
import resource
import subprocess
import sys
import time

title, bname, bcmd, nname, ncmd, target = sys.argv[1:7]
target = float(target)
runs = int(os.environ.get("BENCH_RUNS", "3"))


def clean(cmd):
    if os.environ.get("MEASURE_CLEAN") != "1":
        return
    for word in cmd.split():
        if word.endswith(".db"):
            for f in glob.glob(word + "*"):
                os.unlink(f)


def run(cmd):
    clean(cmd)
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.execv("/bin/sh", ["sh", "-c", cmd])
    _, status, ru = os.wait4(pid, 0)
    t = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: command failed: %s" % cmd)
    return t, ru.ru_maxrss / 1024.0


best = {}
for _ in range(runs):
    for name, cmd in ((bname, bcmd), (nname, ncmd)):
        t, mem = run(cmd)
        if name not in best or t < best[name][0]:
            best[name] = (t, mem)
bt, bm = best[bname]
nt, nm = best[nname]
ratio = nt / bt
print("%s" % title)
print("  %-24s %8.2f s  peak %6.1f MB" % (bname, bt, bm))
print("  %-24s %8.2f s  peak %6.1f MB" % (nname, nt, nm))
print("  ratio %.2fx (target <= %.1fx: %s), peak memory %s 64 MB" % (
    ratio, target, "met" if ratio <= target else "MISSED",
    "under" if nm < 64 else "OVER"))
