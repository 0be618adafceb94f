#!/bin/sh
# SPDX-License-Identifier: MIT
# netra collect on X against the mock server: handles resolved in one
# batch, timelines walked page by page, following lists as follow
# records, a capture with its capture_http row per page, cursors, then
# an incremental run that stops at since_id and declares nothing
# complete. Tokens appear nowhere.
. "$NETRA_SRC/tests/lib.sh"
. "$NETRA_SRC/tests/t32lib-collect.sh"

# plant NN: a stored post of budi at time T that X no longer serves
plant() {
	sql "INSERT OR IGNORE INTO capture(sha256, size, source, format,
		imported_at) VALUES ('00', 0, 'test', 'x-v2', 0);
	     INSERT INTO post(platform, post_id, account, account_id,
		posted_at, kind, first_capture) VALUES ('x', '$1',
		'budi_kudus_asn', '1790000000000000101', $2, 'post',
		(SELECT id FROM capture WHERE sha256 = '00'))"
}

mock_start
registry
# inside the window of budi's first timeline page (newest at base time)
plant 1859000000000000990 1732068000

run 0 netra collect --platform x --json
is "$(jget accounts)/$(jget accounts_done)/$(jget accounts_unavailable)" \
	"3/2/1" "3 X accounts: 2 done, 1 unknown to X"
is "$(jget requests)" 7 "7 requests: 1 lookup, 3+1 timeline, 2 following"
is "$(requests /2/users/by)" 1 "one batched handle lookup"
is "$(requests /2/users/1790000000000000101/tweets)" 3 \
	"budi's 12 posts in 3 pages of 5"
is "$(requests /2/users/ pagination_token=)" 2 "2 pages by next_token"
is "$(jget posts_new)" 17 "15 posts and 2 follows new"
is "$(jget posts_deleted)" 1 "a full sweep notices a post gone from a page"
is "$(sql "SELECT count(*) FROM post WHERE platform = 'x' AND kind = 'post'")" \
	16 "15 posts stored (and the planted one)"
is "$(sql "SELECT group_concat(ref_account, ',') FROM (SELECT ref_account
	FROM post WHERE kind = 'follow' ORDER BY 1)")" \
	"dinkeskudus_fiktif,paslon2_kudus" "following stored as follows"
is "$(sql "SELECT platform_user_id FROM account
	WHERE handle = 'budi_kudus_asn'")" \
	1790000000000000101 "user id learnt into the registry"
is "$(sql "SELECT count(*) FROM capture_http")" 7 "a capture_http row a page"
is "$(sql "SELECT count(*) FROM capture c JOIN capture_http h
	ON h.capture = c.id WHERE c.source = h.url")" 7 \
	"capture source is the request URL"
is "$(sql "SELECT count(*) FROM capture_http WHERE status = 200 AND
	headers LIKE '%x-rate-limit-remaining%'")" 7 \
	"status and rate-limit headers kept"
is "$(sql "SELECT done, since_id FROM collect_cursor WHERE
	account = 'budi_kudus_asn' AND endpoint = 'tweets'")" \
	"1|1859000000000000012" "cursor: sweep done, since_id the newest"
h=$(sql "SELECT c.sha256 FROM capture c JOIN capture_http h
	ON h.capture = c.id WHERE h.endpoint = 'tweets' LIMIT 1")
is "$(head -c 9 "netra.db.captures/$(echo "$h" | cut -c1-2)/$h")" \
	'{"data": ' "the capture holds the raw body"
is "$(sql "SELECT count(*) FROM collect_run")" 1 "the run is recorded"
no_token

# incremental: ids known, one page per timeline, since_id sent; the
# unknown handle is looked up again
mock POST /__reset >/dev/null
run 0 netra collect --platform x --json
is "$(jget requests)" 5 "incremental: lookup of the unknown + 2 + 2"
is "$(requests /2/users/by usernames=agus_tiada_fk)" 1 \
	"only the unresolved handle looked up"
is "$(requests /2/users/ since_id=1859000000000000012)" 1 \
	"since_id sent for budi"
is "$(jget posts_new)" 0 "nothing new"
is "$(sql "SELECT count(*) FROM post")" 18 "no duplicates"

# budi posts once more: a new first page. The incremental run takes
# only it (it holds since_id) and declares nothing deleted; a full
# sweep walks every page and does.
mock_stop
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
d["x"][0]["posts"] = 13
json.dump(d, open("acc13.json", "w"))' "$FIX/http/accounts.json"
mock_start --accounts acc13.json
plant 1859000000000000991 1732068000
plant 1859000000000000992 1731916800
run 0 netra collect --platform x --account budi_kudus_asn --json
is "$(jget posts_new)" 1 "incremental: the one new post"
is "$(requests /2/users/1790000000000000101/tweets)" 1 \
	"incremental: stops at since_id on the first page"
is "$(jget posts_deleted)" 0 "an incremental sweep declares nothing deleted"
sql "DELETE FROM collect_cursor"
run 0 netra collect --platform x --account @budi_kudus_asn --json
is "$(jget accounts)" 1 "--account selects one account"
is "$(requests /2/users/1790000000000000101/tweets)" 4 \
	"a full sweep walks all 3 pages"
is "$(sql "SELECT group_concat(post_id) FROM post WHERE deleted_at IS NOT
	NULL ORDER BY 1")" "1859000000000000990,1859000000000000992" \
	"the full sweep marks the post gone from its new page"
no_token

# a missing credential for a named platform is a usage error
NETRA_X_BEARER= run 2 netra collect --platform x
has err "NETRA_X_BEARER"
done_testing
