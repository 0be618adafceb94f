#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages netra needs when they are missing: with
# apt-get when run as root, otherwise prints the exact command to run.
# `make` runs this first; it is quiet when everything is there.
set -u
pkgs="gcc make pkg-config libsqlite3-dev libcsv-dev libcurl4-openssl-dev
libcjson-dev libssl-dev sqlite3 python3 perl mandoc"
[ "${NETRA_DEPS_EXTRA-}" ] && pkgs="$pkgs $NETRA_DEPS_EXTRA"
missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "netra: missing packages:$missing (install them with your" \
	     "package manager)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "netra: missing packages:$missing" >&2
	echo "netra: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "netra: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || exit 1
apt-get install -y -qq --no-install-recommends $missing >&2 || exit 1
