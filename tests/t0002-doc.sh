#!/bin/sh
# SPDX-License-Identifier: MIT
# The documentation agrees with the binary: every command netra lists is
# in netra(1), every exit code is documented, the man pages lint clean.
. "$NETRA_SRC/tests/lib.sh"
MAN="$NETRA_SRC/man"

run 0 netra help
for c in $(sed -n '/^commands:/,/^$/s/^  \([a-z-]*\)  .*/\1/p' out); do
	grep -q "^\.Ss netra $c" "$MAN/netra.1"
	is $? 0 "netra(1) documents '$c'"
	run 0 netra help "$c"
	has out "usage: netra"
done
for code in 0 1 2 3 4 5; do
	sed -n '/^\.Sh EXIT STATUS/,/^\.Sh/p' "$MAN/netra.1" | grep -q "^\.It $code\$"
	is $? 0 "exit status $code documented"
done
if command -v mandoc >/dev/null 2>&1; then
	for m in "$MAN"/*.[1-9]; do
		mandoc -Tlint -W warning "$m" > lint 2>&1
		is "$(cat lint)" "" "mandoc -Tlint: $(basename "$m")"
	done
fi
done_testing
