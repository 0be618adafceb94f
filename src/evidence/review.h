/* SPDX-License-Identifier: MIT */
/*
 * Review: a person confirms or dismisses a finding. Each decision is a
 * row of review_decision (schema/005) naming the decision it revises; the
 * finding's status follows the latest one ('dikonfirmasi' or 'ditolak'),
 * and every decision is also an audit log entry. Nothing is updated in
 * place or erased.
 *
 * The legal clock. A finding's post was first observed when the capture
 * it first came from was imported (post.first_capture ->
 * capture.imported_at): that is the "tanggal diketahui". From it runs the
 * window for a supervision result to become a temuan: 7 days (UU 7/2017
 * Pasal 454 for Pemilu; the Pilkada rules, Perbawaslu 8/2020 as amended
 * by 9/2024, use 7 days as well). A public laporan in a Pemilu counts 7
 * working days instead; netra does not count working days (no holiday
 * calendar) and says so wherever it shows the deadline.
 */
#ifndef NETRA_EVIDENCE_REVIEW_H
#define NETRA_EVIDENCE_REVIEW_H

#include <stdint.h>

#include "report/html.h"

struct db;

struct buf;

#define REVIEW_WINDOW_DAYS 7
#define REVIEW_CLOCK_RULE \
	"7 hari sejak pertama diamati (temuan: UU 7/2017 Pasal 454; " \
	"Pilkada: Perbawaslu 8/2020 jo. 9/2024)"
#define REVIEW_CLOCK_NOTE \
	"laporan masyarakat Pemilu dihitung 7 hari kerja; hari kerja tidak " \
	"dihitung di sini"

/* The reporting deadline for a post first observed at first_observed. */
int64_t review_deadline(int64_t first_observed);

enum review_decision {
	REVIEW_CONFIRM = 1,
	REVIEW_DISMISS = 2
};

/* "confirm"/"dismiss" to the enum; 0 for anything else. */
enum review_decision review_decision_parse(const char *s);
/* The finding status a decision leads to: dikonfirmasi or ditolak. */
const char *review_status(enum review_decision d);

enum review_rc {
	REVIEW_OK = 0,
	REVIEW_REFUSED = -1,	/* bad request: no such finding, no reason,
				   the same decision again */
	REVIEW_FAILED = -2	/* database error */
};

struct review_outcome {
	int64_t decision_id;	/* the new review_decision row */
	int64_t previous;	/* the decision it revises, 0 for none */
	int64_t audit_id;	/* its audit log entry */
	char old_status[16];	/* the finding's status before */
};

/*
 * Records a decision on finding by reviewer by (required, non-empty),
 * with reason (required for REVIEW_DISMISS; may be NULL for a
 * confirmation), at netra_now(), in one transaction with its audit log
 * entry. Refuses a decision equal to the finding's current status.
 * Returns an enum review_rc; the message is in err.
 */
int review_decide(struct db *db, int64_t finding, enum review_decision d,
		  const char *by, const char *reason,
		  struct review_outcome *out, struct buf *err);

/*
 * Cross-checks decisions against the audit log and the findings: every
 * decision has its review entry (a log cut at its end loses them), and
 * every finding's status is what its latest decision made it (dugaan
 * when there is none). Appends one line per difference to problems.
 * Returns the number of differences, or -1 with a message in err.
 */
int review_verify(struct db *db, struct buf *problems, struct buf *err);

/*
 * Parses a finding's spans JSON ([{"start","end",...}], byte offsets
 * into the scored version's text) into *out (caller frees), dropping
 * entries that are not two non-negative numbers with start < end.
 * Returns the count.
 */
size_t review_spans(const char *json, struct mark_span **out);

/*
 * Appends text[0..len) for a terminal: spans between "[[" and "]]",
 * control characters (escape sequences too) as spaces, so a hostile post
 * cannot drive the terminal.
 */
void review_text_marked(struct buf *out, const char *text, size_t len,
			const struct mark_span *spans, size_t n);

#endif
