#!/bin/sh
# SPDX-License-Identifier: MIT
# netra collect from YouTube (channel, uploads playlist pages, video
# details, quota units), Instagram (business_discovery media by cursor),
# Facebook (Page posts, paging.next) and TikTok (Research API query,
# cursor and search_id), full then incremental; a personal Instagram
# account is reported as not reachable by API; a platform without
# credentials is skipped and the summary says to use netra import.
. "$NETRA_SRC/tests/lib.sh"
. "$NETRA_SRC/tests/t32lib-collect.sh"

mock_start
registry
OPTS="--max-tries 3 --retry-delay 10"

run 0 netra collect --platform youtube --json $OPTS
is "$(jget requests)" 8 "YouTube: 2 channels, 3 playlist pages, 3 details"
is "$(jget youtube_units)" 8 "YouTube: 8 quota units"
is "$(sql "SELECT count(*) FROM post WHERE platform = 'youtube'")" 9 \
	"YouTube: 7 + 2 videos"
is "$(sql "SELECT account_id FROM post WHERE post_id = 'Fk000000007'")" \
	UCFiktifBudiKudus000001A "a video belongs to its channel"
is "$(requests /youtube/v3/ key=)" 0 "the API key is never in a URL"
mock DELETE /__log >/dev/null
run 0 netra collect --platform youtube --json $OPTS
is "$(requests /youtube/v3/channels)" 0 "incremental: uploads playlist known"
is "$(requests /youtube/v3/playlistItems)" 2 \
	"incremental: one page each, stopped at the newest known video"

run 0 netra -v collect --platform instagram --json $OPTS
is "$(sql "SELECT count(*) FROM post WHERE platform = 'instagram'")" 8 \
	"Instagram: 6 + 2 media"
is "$(requests /v19.0/17841400000000999 "media.after")" 1 \
	"Instagram: the second page by its cursor"
is "$(jget accounts_unavailable)" 1 "a personal account is not reachable"
has err "instagram agus.pribadi.fk"

run 0 netra collect --platform facebook --json $OPTS
is "$(sql "SELECT count(*) FROM post WHERE platform = 'facebook'")" 4 \
	"Facebook: 4 Page posts"

run 0 netra collect --platform tiktok --json $OPTS
is "$(sql "SELECT count(*) FROM post WHERE platform = 'tiktok'")" 11 \
	"TikTok: 9 + 2 videos"
is "$(requests /v2/research/video/query)" 3 \
	"TikTok: budi's second page by cursor and search_id"
is "$(sql "SELECT post_id FROM post WHERE platform = 'tiktok' ORDER BY
	post_id DESC LIMIT 1")" 7438000000000010002 "19-digit ids exact"

# --since: X asks for start_time; YouTube stops at the first older video
export NETRA_DB="$T_DIR/since.db"
registry
mock DELETE /__log >/dev/null
run 0 netra collect --platform youtube --since 2024-11-19T17:00:00Z $OPTS
is "$(requests /youtube/v3/playlistItems)" 2 \
	"--since: one playlist page each, none past the date"
run 0 netra collect --platform x --since 2024-11-19 $OPTS
is "$(requests /2/users/ start_time=2024-11-19T00%3A00%3A00Z)" 4 \
	"--since: start_time on each of the 4 X timeline pages"
export NETRA_DB="$T_DIR/netra.db"

# no TikTok credentials: skipped, and said so
NETRA_TIKTOK_TOKEN= run 0 netra collect
has out "tiktok: 2 accounts not collected"
has out "netra import"
is "$(sql "SELECT count(*) FROM post")" 49 "nothing twice: 49 posts in all"
no_token
done_testing
