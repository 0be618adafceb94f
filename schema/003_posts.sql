-- SPDX-License-Identifier: MIT
-- Posts and their evidence; see src/store.h and src/capture.h. Under
-- 4095 bytes: the build embeds it as one C string.

-- One imported file; its bytes are in <db>.captures/ab/<sha256>. Never
-- updated: the same bytes imported twice are one capture.
CREATE TABLE capture (
	id INTEGER PRIMARY KEY,
	sha256 TEXT NOT NULL UNIQUE,
	size INTEGER NOT NULL,
	source TEXT NOT NULL,		-- file name as given, '-' for stdin
	format TEXT NOT NULL,
	imported_at INTEGER NOT NULL	-- unix seconds UTC
);

-- One row per platform post. The author is kept as the data named it;
-- the civil servant is found at query time (view post_owner).
CREATE TABLE post (
	id INTEGER PRIMARY KEY,
	-- OR chains, not IN: SQLite rebuilds an IN list for every insert,
	-- which tripled the cost of a bulk import.
	platform TEXT NOT NULL
		CHECK (platform = 'x' OR platform = 'instagram' OR
		       platform = 'facebook' OR platform = 'tiktok' OR
		       platform = 'youtube'),
	post_id TEXT NOT NULL,
	account TEXT,			-- canonical handle
	account_id TEXT,		-- platform user id
	posted_at INTEGER,
	kind TEXT NOT NULL
		CHECK (kind = 'post' OR kind = 'reply' OR kind = 'repost' OR
		       kind = 'quote' OR kind = 'comment' OR kind = 'like' OR
		       kind = 'follow'),
	url TEXT,
	ref_account TEXT,
	ref_account_id TEXT,
	ref_post_id TEXT,
	edit_of TEXT,			-- X: first id of the edit history
	first_capture INTEGER NOT NULL REFERENCES capture(id),
	deleted_at INTEGER,		-- when netra observed it gone
	UNIQUE (platform, post_id)
);

-- Each distinct text+media a post was seen with (seq 1, 2, ...).
CREATE TABLE post_version (
	post INTEGER NOT NULL REFERENCES post(id),
	seq INTEGER NOT NULL,
	text TEXT,
	media TEXT,			-- JSON [{"type","url","alt"}]
	seen_at INTEGER NOT NULL,
	capture INTEGER NOT NULL REFERENCES capture(id),
	PRIMARY KEY (post, seq)
) WITHOUT ROWID;

CREATE TABLE capture_post (
	capture INTEGER NOT NULL REFERENCES capture(id),
	post INTEGER NOT NULL REFERENCES post(id),
	PRIMARY KEY (capture, post)
) WITHOUT ROWID;

-- Every deletion observed, kept when the post reappears.
CREATE TABLE post_deletion (
	id INTEGER PRIMARY KEY,
	post INTEGER NOT NULL REFERENCES post(id),
	observed_at INTEGER NOT NULL,
	capture INTEGER NOT NULL REFERENCES capture(id),
	how TEXT NOT NULL CHECK (how IN ('complete', 'flag', 'gone')),
	reason TEXT,
	restored_at INTEGER,
	restored_by INTEGER REFERENCES capture(id)
);
CREATE INDEX post_deletion_post ON post_deletion(post);

CREATE INDEX post_account ON post(platform, account);
CREATE INDEX post_edit_of ON post(platform, edit_of)
	WHERE edit_of IS NOT NULL;
CREATE INDEX account_handle ON account(platform, handle);
CREATE INDEX account_user_id ON account(platform, platform_user_id)
	WHERE platform_user_id IS NOT NULL;

-- A post's registry account: by user id, else by handle; active first.
CREATE VIEW post_owner AS
SELECT p.id AS post, coalesce(
	(SELECT a.id FROM account a WHERE a.platform = p.platform
	   AND a.platform_user_id = p.account_id
	 ORDER BY a.ended_at IS NOT NULL, a.ended_at DESC, a.id DESC LIMIT 1),
	(SELECT a.id FROM account a WHERE a.platform = p.platform
	   AND a.handle = p.account
	 ORDER BY a.ended_at IS NOT NULL, a.ended_at DESC, a.id DESC LIMIT 1))
	AS account
FROM post p;
