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
	python3 "$NETRA_SRC/tests/mockserver.py" --max-seconds 300 "$@" \
		>mock.port 2>mock.err &
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

# mock METHOD PATH [JSON]: a control request (/__fault, /__reset, ...)
mock() {
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
# (and whose query holds QUERY), from the server's log
requests() {
	python3 - "$MOCK" "$1" "${2:-}" <<'PY'
import json, sys, urllib.request
base, prefix, q = sys.argv[1:4]
with urllib.request.urlopen(base + "/__log", timeout=10) as r:
    log = json.load(r)
print(sum(1 for e in log if e["path"].startswith(prefix) and
          q in e["path"]))
PY
}

# jget KEY: a number from the JSON object in ./out
jget() {
	python3 -c 'import json,sys; print(json.load(open("out"))[sys.argv[1]])' "$1"
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
