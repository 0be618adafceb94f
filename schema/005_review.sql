-- SPDX-License-Identifier: MIT
-- Review decisions and the audit log. Keep in sync with src/review.c
-- and src/audit.c (the hash covers the audit_log columns in order).

-- One row per decision on a finding. A revision is a new row naming the
-- decision it replaces (previous); nothing is updated or deleted.
CREATE TABLE review_decision (
	id INTEGER PRIMARY KEY,
	finding INTEGER NOT NULL REFERENCES finding(id),
	decision TEXT NOT NULL
		CHECK (decision = 'confirm' OR decision = 'dismiss'),
	decided_by TEXT NOT NULL CHECK (length(decided_by) > 0),
	reason TEXT,
	at INTEGER NOT NULL,		-- unix seconds UTC
	previous INTEGER REFERENCES review_decision(id),
	CHECK (decision = 'confirm' OR length(reason) > 0)
);
CREATE INDEX review_decision_finding ON review_decision(finding);

CREATE TRIGGER review_decision_no_update BEFORE UPDATE ON review_decision
BEGIN
	SELECT RAISE(ABORT, 'review decisions are never changed');
END;
CREATE TRIGGER review_decision_no_delete BEFORE DELETE ON review_decision
BEGIN
	SELECT RAISE(ABORT, 'review decisions are never deleted');
END;

-- Append-only, hash-chained: hash = SHA-256 over the canonical
-- serialisation of (id, at, actor, action, subject, details, prev_hash)
-- written by audit.c; prev_hash is the previous row's hash (64 zeros for
-- the first).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,	-- registry-import, import, collect, score,
				-- review, dossier
	subject TEXT NOT NULL,
	details TEXT NOT NULL,	-- JSON object
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL UNIQUE
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
