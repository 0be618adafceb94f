#!/bin/sh
# SPDX-License-Identifier: MIT
# netra collect against a misbehaving server: 429 with x-rate-limit
# reset, 429 with Retry-After, 500 and 503, a stalled response, a
# truncated body, invalid JSON (once, and always), a dropped connection,
# a rejected token, quota errors of X, YouTube and Meta. Retried faults
# end in the posts of a clean run; lasting ones fail only their account,
# are recorded on its cursor, exit 4, and the next run finishes the job.
. "$NETRA_SRC/tests/lib.sh"
. "$NETRA_SRC/tests/t32lib-collect.sh"

mock_start
OPTS="--max-tries 3 --retry-delay 10 --stall-timeout 1 --json"
BUDI=/2/users/1790000000000000101

# fresh NAME RULES: a new database, the registry, and these fault rules
fresh() {
	export NETRA_DB="$T_DIR/$1.db"
	registry
	mock POST /__reset >/dev/null
	mock POST /__fault "$2" >/dev/null
}

# clean NAME: the run recovered: every X post of a clean run is there
clean() {
	is "$(sql "SELECT count(*) FROM post WHERE platform = 'x'")" 17 \
		"$1: all 17 X posts and follows stored"
	is "$(jget accounts_failed)" 0 "$1: no account failed"
}

fresh r429 '{"path": "'$BUDI'/tweets", "query": "pagination_token",
	"kind": "429", "reset": 1}'
run 0 netra collect --platform x $OPTS
clean "429 with x-rate-limit-reset"
is "$(jget rate_waits)" 1 "429: the bucket waited for its reset"
is "$(jget retries)" 1 "429: one retry"

fresh exhaust '{"path": "'$BUDI'/tweets", "kind": "exhaust", "reset": 1}'
run 0 netra collect --platform x $OPTS
clean "x-rate-limit-remaining 0 on a good page"
is "$(jget rate_waits)" 1 "exhausted window: the next page waited for reset"
is "$(jget x_rate_limit_remaining)" 0 "the tightest window is reported"

fresh ra '{"path": "'$BUDI'/tweets", "kind": "429-retry-after",
	"retry_after": 1}'
run 0 netra collect --platform x $OPTS
clean "429 with Retry-After"
is "$(jget retries)" 1 "Retry-After: one retry"

fresh s5xx '[{"path": "'$BUDI'/tweets", "kind": "500", "count": 2},
	{"path": "'$BUDI'/following", "kind": "503", "retry_after": 0}]'
run 0 netra collect --platform x $OPTS
clean "500 twice and 503"
is "$(jget retries)" 3 "5xx: three retries"

fresh stall '{"path": "'$BUDI'/following", "kind": "stall", "seconds": 8}'
run 0 netra collect --platform x $OPTS
clean "stalled response"
is "$(jget retries)" 1 "stall: given up on after --stall-timeout, retried"

fresh trunc '{"path": "'$BUDI'/tweets", "query": "pagination_token",
	"kind": "truncated"}'
run 0 netra collect --platform x $OPTS
clean "truncated body"
is "$(jget retries)" 1 "truncated: retried"

fresh drop '{"path": "/2/users/by", "kind": "drop"}'
run 0 netra collect --platform x $OPTS
clean "dropped connection"

fresh bad1 '{"path": "'$BUDI'/tweets", "kind": "invalid-json"}'
run 0 netra collect --platform x $OPTS
clean "invalid JSON once"
is "$(jget retries)" 1 "invalid JSON: retried"
is "$(sql "SELECT count(*) FROM capture_http")" 7 \
	"the invalid body was not stored as a page"

fresh badn '{"path": "'$BUDI'/tweets", "query": "pagination_token",
	"kind": "invalid-json", "count": -1}'
run 4 netra collect --platform x $OPTS
is "$(jget accounts_failed)/$(jget accounts_done)" 1/1 \
	"invalid JSON always: budi failed, sari done"
has err "x budi_kudus_asn: invalid JSON"
is "$(requests $BUDI/tweets pagination_token)" 3 "bounded: 3 tries"
is "$(sql "SELECT count(*) FROM post WHERE account = 'budi_kudus_asn'
	AND kind = 'post'")" 5 "budi's first page is kept"
has_err=$(sql "SELECT last_error FROM collect_cursor WHERE
	account = 'budi_kudus_asn' AND endpoint = 'tweets'")
case "$has_err" in
*"invalid JSON"*) t_result 1 "the cursor records why" ;;
*) t_result 0 "the cursor records why ($has_err)" ;;
esac
mock DELETE /__fault >/dev/null
mock DELETE /__log >/dev/null
run 0 netra collect --platform x $OPTS
is "$(requests $BUDI/tweets)" 2 "the next run resumes at budi's page 2"
clean "after the fault is gone"
is "$(sql "SELECT count(*) FROM collect_cursor WHERE last_error IS NOT
	NULL")" 0 "errors cleared by the pages that followed"

fresh auth '{"path": "/2/users/1", "kind": "401", "count": -1}'
run 4 netra collect --platform x $OPTS
is "$(jget accounts_failed)" 2 "401: both accounts failed"
is "$(jget retries)" 0 "401: never retried"
has err "token rejected"
has out '"token rejected":2'
is "$(sql "SELECT count(*) FROM capture_http h JOIN capture c ON
	c.id = h.capture WHERE h.status = 401 AND c.format = 'http-error'")" 4 \
	"401: each of the 4 refusals kept as evidence, unparsed"

export NETRA_DB="$T_DIR/wrong.db"
registry
mock POST /__reset >/dev/null
NETRA_X_BEARER=fiktif-wrong-token-ZZZZ9999 \
	run 4 netra collect --platform x $OPTS
has err "token rejected (401)"
is "$(requests /2/)" 1 "a rejected token: one request, no retry"
lacks err fiktif-wrong-token-ZZZZ9999
is "$(grep -rlaF fiktif-wrong-token-ZZZZ9999 "$NETRA_DB"* | wc -l)" 0 \
	"the rejected token is not stored"

# each platform's own refusal of a wrong credential
mock POST /__reset >/dev/null
NETRA_YOUTUBE_KEY=fiktif-wrong-key NETRA_META_TOKEN=fiktif-wrong-meta \
NETRA_TIKTOK_TOKEN=fiktif-wrong-tiktok run 4 netra collect \
	--platform youtube $OPTS
has err "youtube @budi.kudus.asn: token rejected (YouTube API key)"
NETRA_META_TOKEN=fiktif-wrong-meta run 4 netra collect \
	--platform facebook $OPTS
has err "token rejected (Graph OAuthException 190)"
NETRA_TIKTOK_TOKEN=fiktif-wrong-tiktok run 4 netra collect \
	--platform tiktok $OPTS
has err "token rejected"
is "$(jget retries)" 0 "a rejected TikTok token is not retried"
is "$(grep -rlaF fiktif-wrong "$NETRA_DB"* | wc -l)" 0 \
	"no rejected credential stored"

fresh xquota '{"path": "'$BUDI'/tweets", "kind": "quota", "count": -1}'
run 4 netra collect --platform x $OPTS
has err "x budi_kudus_asn: rate limited"
is "$(requests $BUDI/tweets)" 3 "X usage cap: bounded tries"

fresh ytquota '{"path": "/youtube/v3/playlistItems", "kind": "quota",
	"count": -1}'
run 4 netra collect --platform youtube $OPTS
has err "quota exceeded (YouTube quotaExceeded)"
has out '"failures":{"rate limited":2}'
# each account asks at most once (the second may already be under way
# when the first answer stops YouTube): never retried
n=$(requests /youtube/v3/playlistItems)
[ "$n" -ge 1 ] && [ "$n" -le 2 ]
is $? 0 "YouTube quota: given up at once, not retried ($n requests)"
u=$(jget youtube_units)
[ "$u" -eq $((2 + n)) ]
is $? 0 "quota units counted ($u for 2 lookups and $n pages)"

fresh metaquota '{"path": "/v19.0/17841400000000999", "kind": "quota",
	"count": 1}'
run 0 netra collect --platform instagram $OPTS
is "$(jget retries)" 1 "Graph code 4: retried"
is "$(jget meta_app_usage)" 100 \
	"the highest Graph x-app-usage (the quota reply) reported"
is "$(sql "SELECT count(*) FROM post WHERE platform = 'instagram'")" 8 \
	"all Instagram media after the Graph rate limit"
no_token
done_testing
