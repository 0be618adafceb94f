/* SPDX-License-Identifier: MIT */
/*
 * Scoring: which posts take a side in an election, for which race and
 * candidate, how strongly, and why. The engine is built once per run
 * from the loaded rules (elections/ and indicators/): every name, alias,
 * slogan, hashtag, gesture, ballot-number phrase, campaign account and
 * word-list term goes into one Aho-Corasick matcher over normalised text
 * (text.h, match.h). Scoring a post is then one normalisation, one pass
 * of the matcher and a few decisions per race; nothing is allocated per
 * post once the buffers have grown.
 *
 * A finding needs a reference to a candidate (or party) AND an act the
 * indicator catalogue names (support, a call to vote for or against,
 * attendance, a photo, team or party membership, a gesture in an
 * election context), or an act that is a breach by itself (a repost,
 * like or follow of a campaign account, a campaign hashtag or slogan used
 * as one's own). Everyday words that are also names or slogans (Amin,
 * Wiwit, Sehat, Lanjutkan) count only with a second signal. Counter-
 * signals lower the score: neutrality reminders, voter education, news
 * reporting, negation, and congratulations after the result. The phase of
 * the race at the post's time scales the score (masa tenang worst).
 *
 * Numbers and gestures mean something only in the races of the civil
 * servant's own region, and only once ballot numbers are drawn; names,
 * hashtags and slogans of other loaded races are found too, marked as
 * outside the region (the SKB binds every ASN).
 */
#ifndef NETRA_SCORE_SCORE_H
#define NETRA_SCORE_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "score/rules.h"

struct buf;
struct score_engine;

/* Score bands; a post below SCORE_MIN for every race has no finding. */
#define SCORE_MIN 20
#define SCORE_SEDANG 45
#define SCORE_TINGGI 70

struct score_input {
	const char *text;	/* the post's text, UTF-8 (may be NULL) */
	size_t len;
	const char *kind;	/* post reply repost quote comment like follow */
	int64_t posted_at;	/* unix seconds; INT64_MIN when unknown */
	const char *ref_account;/* what a repost/like/follow points at */
	const char *region;	/* the civil servant's region, "33.19" */
};

enum score_role {
	SCORE_REF,		/* names the candidate or party */
	SCORE_ACT,		/* the act an indicator names */
	SCORE_CONTEXT,		/* voting or election context */
	SCORE_COUNTER		/* lowers the score */
};

struct score_span {
	size_t start;		/* byte offsets into score_input.text */
	size_t end;
	enum score_role role;
	const char *term;	/* the term as written in the rules */
	const char *what;	/* "alias", "hashtag", list id, ... */
};

struct score_contrib {
	const char *code;	/* IND-... */
	int points;		/* added (breach) or taken off (counter) */
	char why[160];		/* one line, Indonesian-friendly */
};

struct score_finding {
	const struct rules_race *race;
	int local;		/* the race covers the civil servant's region */
	int candidate;		/* ballot number of the candidate or party */
	const char *candidate_name;
	int score;		/* 0..100 */
	const char *level;	/* "rendah", "sedang", "tinggi" */
	const char *phase;	/* phase name, or sebelum/antara/sesudah */
	int phase_weight;	/* percent applied */
	const char *codes[24];	/* triggered breach indicators */
	size_t n_codes;
	struct score_contrib contrib[32];
	size_t n_contrib;
	struct score_span *spans;	/* owned by the result */
	size_t n_spans;
};

struct score_result {
	struct score_finding *v;
	size_t n;
	size_t cap;
};

#define SCORE_RESULT_INIT { NULL, 0, 0 }

/*
 * Builds the engine from r (which must outlive it). Returns NULL with a
 * message in err when a term cannot be matched.
 */
struct score_engine *score_engine_new(const struct rules *r,
				      struct buf *err);
void score_engine_free(struct score_engine *e);
/* A short digest of what the engine was built from (for findings). */
const char *score_engine_version(const struct score_engine *e);

/*
 * Scores one post; out is emptied first and receives one finding per
 * race (highest score first). Returns the number of findings.
 */
size_t score_post(struct score_engine *e, const struct score_input *in,
		  struct score_result *out);
void score_result_release(struct score_result *r);

/* The level name for a score, or NULL below SCORE_MIN. */
const char *score_level(int score);

#endif
