# SPDX-License-Identifier: MIT
# TAP helpers for the end-to-end tests (tests/tNNNN-area-detail.sh). Each
# test runs in its own temporary directory with a pinned clock, calls the
# real binary, and checks its exit code and output together.
#
#   run CODE netra ARGS...     runs, expects exit CODE; stdout in ./out,
#                              stderr in ./err
#   ok COND-COMMAND... -- DESC (see below), has FILE TEXT, lacks FILE TEXT
set -u
: "${NETRA_BIN:?set NETRA_BIN}"
: "${NETRA_SRC:?set NETRA_SRC}"
FIX="$NETRA_SRC/fixtures"
T_N=0
T_FAILED=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netra-test.XXXXXX")
trap 'cd /; rm -rf "$T_DIR"' EXIT
cd "$T_DIR" || exit 1
export NETRA_DB="$T_DIR/netra.db"
export NETRA_NOW="${NETRA_NOW:-2024-11-20T08:00:00+07:00}"
unset NETRA_X_BEARER NETRA_YOUTUBE_KEY NETRA_META_TOKEN NETRA_TIKTOK_TOKEN

netra() {
	${NETRA_WRAP:-} "$NETRA_BIN" "$@"
}

t_result() { # PASS DESC
	T_N=$((T_N + 1))
	if [ "$1" -eq 1 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}

diag() {
	sed 's/^/#   /' "$@"
}

# run CODE CMD ARGS...: runs CMD with stdout to ./out and stderr to ./err
run() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" -eq "$want" ]; then
		t_result 1 "exit $want: $*"
	else
		t_result 0 "exit $want: $* (got $got)"
		echo "# stdout:"
		head -c 3000 out | diag
		echo "# stderr:"
		head -c 3000 err | diag
	fi
}

# has FILE TEXT: FILE contains TEXT (fixed string)
has() {
	if grep -qF -- "$2" "$1"; then
		t_result 1 "$1 has '$2'"
	else
		t_result 0 "$1 has '$2'"
		head -c 3000 "$1" | diag
	fi
}

# lacks FILE TEXT: FILE does not contain TEXT
lacks() {
	if grep -qF -- "$2" "$1"; then
		t_result 0 "$1 lacks '$2'"
		grep -nF -- "$2" "$1" | head -5 | diag
	else
		t_result 1 "$1 lacks '$2'"
	fi
}

# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then
		t_result 1 "$3"
	else
		t_result 0 "$3"
		echo "#   got: '$1'"
		echo "#  want: '$2'"
	fi
}

# test_cmp EXPECTED ACTUAL [DESC]: the two files are the same, byte for
# byte (git's test_cmp); a difference is shown as a unified diff. Paths
# of the test folder and the source tree in ACTUAL should first be turned
# into placeholders with normalize.
test_cmp() {
	if cmp -s "$1" "$2"; then
		t_result 1 "${3:-$2 is as expected}"
	else
		t_result 0 "${3:-$2 is as expected}"
		diff -u "$1" "$2" | head -60 | diag
	fi
}

# normalize FILE: replaces the test folder with @T@ and the source tree
# with @SRC@ in FILE, in place, so outputs compare across machines.
normalize() {
	sed -e "s#$T_DIR#@T@#g" -e "s#$NETRA_SRC#@SRC@#g" "$1" > "$1.norm" &&
		mv "$1.norm" "$1"
}

# sql QUERY: prints the result of QUERY on the test database
sql() {
	sqlite3 -batch "$NETRA_DB" "$1"
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
}
