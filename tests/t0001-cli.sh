#!/bin/sh
# SPDX-License-Identifier: MIT
# The command line: help, usage errors, exit codes, database creation.
. "$NETRA_SRC/tests/lib.sh"

run 0 netra help
has out "usage: netra"
has out "init"
run 0 netra --help
run 2 netra
has err "usage: netra"
run 2 netra frobnicate
has err "'frobnicate' is not a netra command"
run 2 netra help frobnicate
run 0 netra --version
has out "netra "

run 0 netra init
has err "created database"
is "$(stat -c %a netra.db)" 600 "database is created 0600"
is "$(sql 'PRAGMA journal_mode')" wal "database is in WAL mode"
run 0 netra init
has err "up to date"
run 0 netra -d other.db init
is "$(stat -c %a other.db)" 600 "-d names the database"
run 0 netra init --help
has out "usage: netra [-d DB] init"
run 2 netra init extra

# a database from a newer netra is refused, untouched
sql "INSERT INTO schema_version(version, name) VALUES (999, '999_future')"
before=$(sha256sum netra.db)
run 5 netra init
has err "newer than this netra understands"
is "$(sha256sum netra.db)" "$before" "newer database untouched"

# a file that is not a database, and an SQLite file that is not netra's
echo "hello" > junk.db
run 5 netra -d junk.db init
has err "junk.db"
sqlite3 foreign.db "CREATE TABLE t(x)"
run 5 netra -d foreign.db init
has err "not netra's"

# writing to a full disk is an error, not exit 0
if [ -w /dev/full ]; then
	netra help >/dev/full 2>err
	is "$?" 5 "full stdout gives exit 5"
fi

done_testing
