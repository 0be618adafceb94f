-- SPDX-License-Identifier: MIT
-- The registry: civil servants (ASN), their history, their social-media
-- accounts, and a record of every import. Keep in sync with src/registry.c.

CREATE TABLE region (
	code TEXT PRIMARY KEY,		-- Kemendagri code: '33' or '33.19'
	name TEXT NOT NULL,		-- 'Kabupaten Kudus'
	province TEXT			-- '33' for a kabupaten/kota, NULL for a province
);

CREATE TABLE import_run (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,		-- 'registry', 'posts', ...
	source TEXT NOT NULL,		-- the file name as given
	sha256 TEXT,			-- of the file's bytes
	started_at INTEGER NOT NULL,	-- unix seconds, UTC
	finished_at INTEGER,
	rows_ok INTEGER NOT NULL DEFAULT 0,
	rows_refused INTEGER NOT NULL DEFAULT 0
);

-- One row per civil servant. The NIP's 18 digits fit in a 64-bit integer.
-- Rows are appended in import order (id) with a small unique index on the
-- NIP: a staff list arrives in no particular NIP order, and appending keeps
-- a million-row import from touching the whole table at random.
CREATE TABLE asn (
	id INTEGER PRIMARY KEY,
	nip INTEGER NOT NULL UNIQUE,
	name TEXT NOT NULL,
	agency TEXT,			-- instansi
	unit TEXT,			-- unit kerja / unor
	position TEXT,			-- jabatan
	grade TEXT,			-- golongan
	-- (OR, not IN: a CHECK with IN builds a temporary b-tree per row)
	employment TEXT CHECK (employment = 'PNS' OR employment = 'PPPK'),
	region_code TEXT,		-- kabupaten/kota: '33.19'
	region_name TEXT,
	created_at INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,	-- when the values below last changed
	seen_at INTEGER NOT NULL,	-- the last import that listed the person
	last_import INTEGER,		-- import_run.id of that import
	last_line INTEGER		-- its line in that import's file
);

-- Previous values of a person, kept whenever an import changes them.
CREATE TABLE asn_history (
	id INTEGER PRIMARY KEY,
	nip INTEGER NOT NULL REFERENCES asn(nip),
	name TEXT, agency TEXT, unit TEXT, position TEXT, grade TEXT,
	employment TEXT, region_code TEXT, region_name TEXT,
	valid_from INTEGER NOT NULL,
	valid_to INTEGER NOT NULL,
	replaced_by_import INTEGER
);
CREATE INDEX asn_history_nip ON asn_history(nip);

CREATE TRIGGER asn_keep_history AFTER UPDATE ON asn
WHEN OLD.name IS NOT NEW.name OR OLD.agency IS NOT NEW.agency
  OR OLD.unit IS NOT NEW.unit OR OLD.position IS NOT NEW.position
  OR OLD.grade IS NOT NEW.grade OR OLD.employment IS NOT NEW.employment
  OR OLD.region_code IS NOT NEW.region_code
  OR OLD.region_name IS NOT NEW.region_name
BEGIN
	INSERT INTO asn_history(nip, name, agency, unit, position, grade,
		employment, region_code, region_name, valid_from, valid_to,
		replaced_by_import)
	VALUES (OLD.nip, OLD.name, OLD.agency, OLD.unit, OLD.position,
		OLD.grade, OLD.employment, OLD.region_code, OLD.region_name,
		OLD.changed_at, NEW.seen_at, NEW.last_import);
	UPDATE asn SET changed_at = NEW.seen_at WHERE nip = NEW.nip;
END;

-- A social-media account of a civil servant. Accounts dropped from a later
-- roster are ended (ended_at), never deleted: findings may point at them.
CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	nip INTEGER NOT NULL REFERENCES asn(nip),
	platform TEXT NOT NULL
		CHECK (platform = 'x' OR platform = 'instagram' OR
		       platform = 'facebook' OR platform = 'tiktok' OR
		       platform = 'youtube'),
	handle TEXT NOT NULL,		-- normalised (see handle.c)
	platform_user_id TEXT,		-- learnt from the platform
	started_at INTEGER NOT NULL,
	ended_at INTEGER,
	last_import INTEGER,
	last_line INTEGER
);
CREATE UNIQUE INDEX account_active ON account(platform, handle)
	WHERE ended_at IS NULL;
CREATE INDEX account_nip ON account(nip);
