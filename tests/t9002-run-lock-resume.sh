#!/bin/sh
# SPDX-License-Identifier: MIT
# netra run's lock and its resumption: a run refused while another holds
# <db>.lock (exit 5, nothing written); and a run on 20,000 generated posts
# killed with SIGKILL at different points, then run again, ends with the
# same posts, versions, captures and findings as a clean run on a fresh
# database: nothing lost, nothing twice.
. "$NETRA_SRC/tests/lib.sh"
export NETRA_NOW=2024-11-27T08:00:00+07:00
unset NETRA_RULES NETRA_CONFIG

mkdir big
python3 - <<'PY'
import json
texts = ["Selamat pagi rekan guru, semangat mengajar hari ini (%d)",
         "Ayo bapak ibu, 27 November coblos nomor 2 Luthfi-Yasin biar "
         "Jateng tetap lanjut (%d)"]
for f in range(8):
    with open("big/posts-%d.jsonl" % f, "w") as out:
        for i in range(2500):
            n = f * 2500 + i
            out.write(json.dumps({
                "platform": "x", "post_id": str(1900000000000000000 + n),
                "account": "budi_kudus_asn",
                "posted_at": "2024-10-%02dT%02d:%02d:00+07:00"
                             % (1 + n % 28, n % 24, n % 60),
                "kind": "post", "text": texts[n % 10 == 0] % n,
                "url": "https://example.org/budi_kudus_asn/%d" % n}) + "\n")
PY
cat > big.conf <<CONF
{
	"registry": ["$FIX/registry/clean.csv"],
	"import": ["big"],
	"rules": "$NETRA_SRC"
}
CONF

counts() { # DB: the counts a resumed run must reproduce
	sqlite3 -batch "$1" "SELECT
		(SELECT count(*) FROM post),
		(SELECT count(*) FROM post_version),
		(SELECT count(*) FROM capture), (SELECT count(*) FROM asn),
		(SELECT count(*) FROM account),
		(SELECT count(*) FROM finding WHERE retracted_at IS NULL),
		(SELECT count(*) FROM finding)"
	find "$1.captures" -type f ! -path '*/tmp/*' | wc -l
}

# the lock: held by flock(1), a run is refused and writes nothing
export NETRA_DB="$T_DIR/locked.db"
run 5 flock "$NETRA_DB.lock" "$NETRA_BIN" run --config big.conf
has err "another netra run is using"
has err "locked.db.lock"
lacks err "== registry"
is "$(sqlite3 -batch "$NETRA_DB" 'SELECT count(*) FROM sqlite_master' \
	2>/dev/null || echo 0)" 0 "a refused run writes nothing"
run 0 netra run --config big.conf --quiet
# the lock is free again once a run has ended, even a killed one
run 0 flock -n "$NETRA_DB.lock" true

# a clean run on a fresh database
export NETRA_DB="$T_DIR/clean.db"
run 0 netra run --config big.conf --json
has out '"posts_new":20000'
counts "$NETRA_DB" > want
is "$(stat -c %a "$NETRA_DB.lock")" 600 "the lock file netra creates is 0600"
is "$(head -1 want | cut -d'|' -f1)" 20000 "clean run: 20000 posts"

# killed at different points, then run again
for at in "== registry" "== import" "== score"; do
	db="$T_DIR/killed-$(echo "$at" | tr -dc a-z).db"
	NETRA_DB="$db" "$NETRA_BIN" run --config big.conf >/dev/null \
		2>kill-err &
	pid=$!
	i=0
	while ! grep -qF -- "$at" kill-err 2>/dev/null && [ $i -lt 2000 ]
	do
		sleep 0.005
		i=$((i + 1))
	done
	if kill -9 $pid 2>/dev/null; then
		echo "# killed after '$at'"
	else
		echo "# the run ended before the kill after '$at'"
	fi
	wait $pid 2>/dev/null
	NETRA_DB="$db" run 0 netra run --config big.conf
	counts "$db" > got
	is "$(cat got | tr '\n' ' ')" "$(cat want | tr '\n' ' ')" \
		"killed after '$at', run again: the counts of a clean run"
	NETRA_DB="$db" run 0 netra run --config big.conf --json
	has out '"posts_new":0'
	has out '"findings_new":0'
done
done_testing
