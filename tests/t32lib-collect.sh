# SPDX-License-Identifier: MIT
# Shared by the netra collect tests (tests/t32NN-*.sh): starts
# tests/mockserver.py on 127.0.0.1 on a free port, points every
# platform's base URL and test credential at it, and offers helpers to
# add fault rules and count the requests the server saw. Sourced after
# tests/lib.sh; the server is stopped when the test exits.
MOCK_PID=
MOCK=

# mock_start [ARGS...]: starts the server (more options in ARGS)
mock_start() {
	rm -f mock.port
	: >mock.log
	python3 "$NETRA_SRC/tests/mockserver.py" --max-seconds 300 \
		--log mock.log "$@" >mock.port 2>mock.err &
	MOCK_PID=$!
	i=0
	while [ ! -s mock.port ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	MOCK="http://127.0.0.1:$(head -1 mock.port)"
	export NETRA_X_BASE_URL="$MOCK" NETRA_YOUTUBE_BASE_URL="$MOCK"
	export NETRA_META_BASE_URL="$MOCK" NETRA_TIKTOK_BASE_URL="$MOCK"
	export NETRA_X_BEARER=fiktif-x-bearer-AAAA0001
	export NETRA_YOUTUBE_KEY=fiktif-youtube-key-BBBB0002
	export NETRA_META_TOKEN=fiktif-meta-token-CCCC0003
	export NETRA_META_IG_USER_ID=17841400000000999
	export NETRA_TIKTOK_TOKEN=fiktif-tiktok-token-DDDD0004
}

mock_stop() {
	[ -n "$MOCK_PID" ] && kill "$MOCK_PID" 2>/dev/null
	[ -n "$MOCK_PID" ] && wait "$MOCK_PID" 2>/dev/null
	MOCK_PID=
}
trap 'mock_stop; cd /; rm -rf "$T_DIR"' EXIT

# mock METHOD PATH [JSON]: a control request (/__fault, /__reset, ...);
# /__reset and DELETE /__log also empty the log file requests() reads
mock() {
	case "$2" in
	/__reset|/__log) : >mock.log ;;
	esac
	if command -v curl >/dev/null 2>&1; then
		curl -sf -X "$1" ${3:+--data "$3"} "$MOCK$2"
		return
	fi
	python3 - "$MOCK" "$@" <<'PY'
import sys, urllib.request
base, method, path = sys.argv[1:4]
data = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(base + path, data=data, method=method)
with urllib.request.urlopen(req, timeout=10) as r:
    sys.stdout.write(r.read().decode())
PY
}

# requests PREFIX [QUERY]: API requests whose path starts with PREFIX
# (and whose query holds QUERY), from the server's log file
requests() {
	awk -v p="\"path\": \"$1" -v q="${2:-}" '
		index($0, p) { split(substr($0, index($0, p)), a, "\"");
			if (q == "" || index(a[4], q)) n++ }
		END { print n + 0 }' mock.log
}

# jget KEY: a number from the JSON object in ./out
jget() {
	sed -n 's/.*"'"$1"'":\([^,}]*\).*/\1/p' out
}

# no_token: no test credential in the database, captures, out or err
no_token() {
	for tok in "$NETRA_X_BEARER" "$NETRA_YOUTUBE_KEY" "$NETRA_META_TOKEN" \
		"$NETRA_TIKTOK_TOKEN"; do
		if grep -rqaF -- "$tok" "$NETRA_DB"* out err 2>/dev/null; then
			t_result 0 "no credential in the database or output"
			return
		fi
	done
	t_result 1 "no credential in the database, captures or output"
}

registry() {
	netra registry import "$FIX/http/registry.csv" >/dev/null 2>&1
}
