-- SPDX-License-Identifier: MIT
-- Posts and the evidence they came from. Keep in sync with src/store.c
-- and src/capture.c.
--
-- A capture is one imported file: its raw bytes live outside the database
-- in <db>.captures/ab/<sha256> (0600, never overwritten); this table says
-- what they are and where and when they came from. A capture row is never
-- updated: the same bytes imported twice are the same capture.
CREATE TABLE capture (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE,	-- lower-case hex of the raw bytes
	size INTEGER NOT NULL,		-- bytes
	source TEXT NOT NULL,		-- file name as given, '-' for stdin
	format TEXT NOT NULL,		-- post_format name it was read as
	imported_at INTEGER NOT NULL	-- unix seconds UTC (netra_now())
);

-- One row per platform post, unique by (platform, post_id). The author is
-- kept as the data named it (canonical handle and/or platform user id);
-- the civil servant is found by joining account at query time (view
-- post_owner), so a later registry change re-links old posts.
CREATE TABLE post (
	id INTEGER PRIMARY KEY,
	platform TEXT NOT NULL
		CHECK (platform IN ('x', 'instagram', 'facebook', 'tiktok',
				    'youtube')),
	post_id TEXT NOT NULL,		-- as the platform wrote it
	account TEXT,			-- canonical handle (handle.c)
	account_id TEXT,		-- platform user id
	posted_at INTEGER,		-- unix seconds UTC, NULL if unknown
	kind TEXT NOT NULL
		CHECK (kind IN ('post', 'reply', 'repost', 'quote',
				'comment', 'like', 'follow')),
	url TEXT,
	ref_account TEXT,		-- what a repost/quote/reply/like/
	ref_account_id TEXT,		-- follow points at
	ref_post_id TEXT,
	edit_of TEXT,			-- X: first id of the edit history
	first_capture INTEGER NOT NULL REFERENCES capture(id),
	deleted_at INTEGER,		-- when netra observed it gone
	UNIQUE (platform, post_id)
);

-- Every distinct content a post was seen with, oldest first (seq 1, 2 ...).
-- media is a JSON array of {"type", "url", "alt"}.
CREATE TABLE post_version (
	post INTEGER NOT NULL REFERENCES post(id),
	seq INTEGER NOT NULL,
	text TEXT,
	media TEXT,
	seen_at INTEGER NOT NULL,	-- import time of the capture
	capture INTEGER NOT NULL REFERENCES capture(id),
	PRIMARY KEY (post, seq)
) WITHOUT ROWID;

-- Which posts each capture holds: the evidence trail of every post.
CREATE TABLE capture_post (
	capture INTEGER NOT NULL REFERENCES capture(id),
	post INTEGER NOT NULL REFERENCES post(id),
	PRIMARY KEY (capture, post)
) WITHOUT ROWID;

-- Every observation of a deletion, kept after the post reappears.
-- how: 'complete' (absent from a complete capture of its timeline),
-- 'flag' (the record says deleted), 'gone' (the platform reported it).
CREATE TABLE post_deletion (
	id INTEGER PRIMARY KEY,
	post INTEGER NOT NULL REFERENCES post(id),
	observed_at INTEGER NOT NULL,
	capture INTEGER NOT NULL REFERENCES capture(id),
	how TEXT NOT NULL CHECK (how IN ('complete', 'flag', 'gone')),
	reason TEXT,
	restored_at INTEGER,		-- when it was seen again, or NULL
	restored_by INTEGER REFERENCES capture(id)
);
CREATE INDEX post_deletion_post ON post_deletion(post);

-- Finding an author's posts (complete captures, netra posts --account).
CREATE INDEX post_account ON post(platform, account);
CREATE INDEX post_account_id ON post(platform, account_id)
	WHERE account_id IS NOT NULL;
CREATE INDEX post_edit_of ON post(platform, edit_of)
	WHERE edit_of IS NOT NULL;

-- Linking posts to accounts by handle or user id, whether active or ended.
CREATE INDEX account_handle ON account(platform, handle);
CREATE INDEX account_user_id ON account(platform, platform_user_id)
	WHERE platform_user_id IS NOT NULL;

-- The registry account of each post: by canonical handle or by platform
-- user id; an active account before an ended one, the newest first.
CREATE VIEW post_owner AS
SELECT p.id AS post,
	(SELECT a.id FROM account a
	 WHERE a.platform = p.platform
	   AND (a.handle = p.account OR a.platform_user_id = p.account_id)
	 ORDER BY a.ended_at IS NOT NULL, a.ended_at DESC, a.id DESC
	 LIMIT 1) AS account
FROM post p;
