-- SPDX-License-Identifier: MIT
-- Live collection (src/collect.c): where each HTTP capture came from,
-- and the per-account, per-endpoint cursors that let a run killed
-- anywhere resume from its last committed page. Both are written in
-- the same transaction as the page's capture row and posts.

-- One row per HTTP response stored (the same bytes fetched twice are
-- one capture with two rows here). Never updated.
CREATE TABLE capture_http (
	id INTEGER PRIMARY KEY,
	capture INTEGER NOT NULL REFERENCES capture(id),
	url TEXT NOT NULL,		-- the request URL, secrets redacted
	status INTEGER NOT NULL,
	-- selected response headers, JSON object
	headers TEXT,
	retrieved_at INTEGER NOT NULL,	-- unix seconds UTC
	platform TEXT NOT NULL,
	account TEXT,			-- canonical handle; NULL for a batch
	endpoint TEXT NOT NULL		-- 'users', 'tweets', 'following', ...
);
CREATE INDEX capture_http_capture ON capture_http(capture);

-- Where the collection of one account's endpoint stands. A sweep walks
-- the pages from the newest down; next_token is the page still to
-- fetch (NULL: the sweep starts at the top); since_id the newest id of
-- the last finished sweep (an incremental sweep stops there);
-- newest_id the newest id of the sweep under way; done 1 once it
-- reached its end (the next run starts a new sweep).
CREATE TABLE collect_cursor (
	platform TEXT NOT NULL,
	account TEXT NOT NULL,		-- canonical handle
	endpoint TEXT NOT NULL,
	user_id TEXT,			-- the platform's id for the account
	next_token TEXT,
	since_id TEXT,
	newest_id TEXT,
	done INTEGER NOT NULL DEFAULT 0,
	pages INTEGER NOT NULL DEFAULT 0, -- pages of the sweep under way
	updated_at INTEGER NOT NULL,
	last_error TEXT,		-- why the last attempt failed, or NULL
	PRIMARY KEY (platform, account, endpoint)
) WITHOUT ROWID;

-- One row per netra collect run, written when it ends.
CREATE TABLE collect_run (
	id INTEGER PRIMARY KEY,
	started_at INTEGER NOT NULL,
	finished_at INTEGER NOT NULL,
	accounts INTEGER NOT NULL,
	accounts_failed INTEGER NOT NULL,
	requests INTEGER NOT NULL,
	retries INTEGER NOT NULL,
	posts_new INTEGER NOT NULL,
	posts_changed INTEGER NOT NULL,
	posts_deleted INTEGER NOT NULL,
	youtube_units INTEGER NOT NULL DEFAULT 0,
	failures TEXT			-- JSON object: reason -> count
);
