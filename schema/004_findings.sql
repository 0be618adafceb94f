-- SPDX-License-Identifier: MIT
-- Findings: what the scoring found in a civil servant's post, per race.
-- A finding is an allegation ("dugaan") until a person decides; a rescore
-- after a rules change updates score, level and explanation but never the
-- decision. Keep in sync with src/cmd_score.c.

CREATE TABLE score_run (
	id INTEGER PRIMARY KEY,
	started_at INTEGER NOT NULL,
	finished_at INTEGER,
	rules_version TEXT NOT NULL,	-- score_engine_version()
	posts INTEGER NOT NULL DEFAULT 0,
	findings_new INTEGER NOT NULL DEFAULT 0,
	findings_changed INTEGER NOT NULL DEFAULT 0,
	findings_retracted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE finding (
	id INTEGER PRIMARY KEY,
	post INTEGER NOT NULL REFERENCES post(id),
	version INTEGER NOT NULL,	-- post_version.seq that was scored
	race TEXT NOT NULL,		-- race id from elections/
	local INTEGER NOT NULL,		-- 1: the race covers the ASN's region
	nip INTEGER,			-- the civil servant when scored
	region TEXT,			-- their region then
	candidate INTEGER,		-- ballot number of the pair or party
	candidate_name TEXT,
	score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
	level TEXT NOT NULL CHECK (level = 'rendah' OR level = 'sedang' OR
				   level = 'tinggi'),
	phase TEXT,
	indicators TEXT NOT NULL,	-- JSON ["IND-..."]
	spans TEXT NOT NULL,		-- JSON [{start,end,role,term,what}]
	explanation TEXT NOT NULL,	-- JSON [{code,points,why}]
	rules_version TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'dugaan'
		CHECK (status = 'dugaan' OR status = 'dikonfirmasi' OR
		       status = 'ditolak'),
	first_found_at INTEGER NOT NULL,
	scored_at INTEGER NOT NULL,
	score_run INTEGER REFERENCES score_run(id),
	retracted_at INTEGER,		-- a later rescore no longer finds it
	UNIQUE (post, race)
);
CREATE INDEX finding_nip ON finding(nip);
CREATE INDEX finding_region ON finding(region);

-- Which version of a post was scored with which rules, so that a run
-- scores only what is new or changed.
CREATE TABLE post_scored (
	post INTEGER PRIMARY KEY REFERENCES post(id),
	version INTEGER NOT NULL,
	rules_version TEXT NOT NULL,
	scored_at INTEGER NOT NULL
);
