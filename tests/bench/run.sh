#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: every benchmark, each against its well-known baseline.
# Benchmarks are not tests: nothing here gates a build.
set -eu
here=$(dirname "$0")
for b in "$here"/registry.sh "$here"/posts.sh "$here"/score.sh; do
	[ -f "$b" ] && sh "$b"
done
sh "$here"/collect.sh
