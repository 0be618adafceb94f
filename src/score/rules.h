/* SPDX-License-Identifier: MIT */
/*
 * The election and indicator data: loading and validating the .json
 * files of elections/ (elections, races, phases, candidates, parties) and
 * of indicators/ (the SKB 2022 indicator catalogue and its word lists),
 * and the lookups the scorer needs: the races that cover a
 * region code, and the phase of a race at a given time.
 *
 * Every error names file, line and field, e.g.
 *   elections/pilkada-2024-kudus.json:42: races[0].candidates[1].number:
 *   expected an integer, got "dua"
 * and all errors of a load are collected, not only the first. The file
 * formats are described in schema/elections.schema.json and
 * schema/indicators.schema.json.
 */
#ifndef NETRA_SCORE_RULES_H
#define NETRA_SCORE_RULES_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum rules_race_type {
	RACE_PILPRES,
	RACE_PILEG,
	RACE_GUBERNUR,
	RACE_BUPATI,
	RACE_WALIKOTA
};

/* In the order they happen; a race lists its phases in this order. */
enum rules_phase_kind {
	PHASE_PENETAPAN_PESERTA,
	PHASE_PENDAFTARAN,
	PHASE_PENETAPAN,
	PHASE_PENGUNDIAN_NOMOR,
	PHASE_KAMPANYE,
	PHASE_MASA_TENANG,
	PHASE_PEMUNGUTAN,
	PHASE_REKAPITULASI,
	PHASE_PENETAPAN_TERPILIH,
	PHASE_COUNT
};

/* Where a time falls relative to a race's phases (rules_phase_at()). */
enum rules_at {
	RULES_AT_BEFORE,	/* before the first phase starts */
	RULES_AT_IN,		/* inside the returned phase */
	RULES_AT_BETWEEN,	/* after the returned phase, before another */
	RULES_AT_AFTER		/* after the last phase has ended */
};

enum rules_strength {
	RULES_STRONG,		/* a reference on its own */
	RULES_AMBIGUOUS		/* an everyday word: needs a second signal */
};

struct rules_term {
	char *text;		/* normalised: lower case, single spaces */
	enum rules_strength strength;
	int unconfirmed;	/* not confirmed by the sources */
	char *note;		/* or NULL */
};

struct rules_terms {
	struct rules_term *v;
	size_t n;
};

struct rules_strings {
	char **v;
	size_t n;
};

struct rules_phase {
	enum rules_phase_kind kind;
	int64_t start;		/* first second, UTC (local midnight) */
	int64_t end;		/* first second after the last day */
	char *note;
};

struct rules_account {
	char *platform;		/* x instagram facebook tiktok youtube */
	char *handle;		/* without '@' */
	char *kind;		/* candidate team party relawan */
	int unconfirmed;
	char *note;
};

struct rules_accounts {
	struct rules_account *v;
	size_t n;
};

struct rules_member {
	char *role;		/* capres cawapres cagub ... */
	char *name;
	char *note;
	int unconfirmed;
	struct rules_terms aliases;
};

struct rules_candidate {
	int number;		/* ballot number */
	char *coalition;	/* or NULL */
	char *note;
	int independent;	/* perseorangan */
	int parties_complete;	/* 0 when the sources list only some */
	int unconfirmed;
	struct rules_member *members;
	size_t n_members;
	struct rules_terms aliases, slogans, hashtags, gestures, teams,
		against;
	struct rules_strings number_words, parties, supporters, sources;
	struct rules_accounts accounts;
};

struct rules_party {
	int number;
	char *acronym;
	char *name;		/* or NULL */
	char *note;
	int unconfirmed;
	struct rules_terms aliases, hashtags;
	struct rules_accounts accounts;
};

struct rules_election;

struct rules_race {
	char *id;
	char *name;
	char *note;
	enum rules_race_type type;
	struct rules_strings regions;	/* "ID", "NN" or "NN.NN" */
	struct rules_strings sources;
	struct rules_phase *phases;	/* in enum order */
	size_t n_phases;
	struct rules_candidate *candidates;
	size_t n_candidates;
	struct rules_party *parties;	/* pileg */
	size_t n_parties;
	const struct rules_election *election;
	int line;			/* of the race's id in its file */
};

struct rules_election {
	char *file;		/* as read, e.g. "elections/pemilu-2024.json" */
	char *id;
	char *group;		/* "election": races that vote together */
	char *name;
	char *note;
	char *region_decree;
	int utc_offset;		/* minutes east of UTC; default +07:00 */
	struct rules_strings legal_basis, sources;
	struct rules_race *races;
	size_t n_races;
};

struct rules_list {
	char *id;
	char *kind;
	char *description;
	struct rules_strings terms;
};

struct rules_legal_item {
	char *code;		/* SKB-KE-n or SKB-HD-n */
	char *table;		/* kode_etik disiplin */
	char *sanction;		/* moral ringan sedang berat ptdh satgas */
	char *text;
	int unconfirmed;
};

struct rules_indicator {
	char *code;		/* IND-... */
	char *title;
	char *description;
	int counter;		/* polarity "counter": lowers the score */
	int weight;		/* 0..100 */
	char *needs;		/* candidate account gesture party ... */
	struct rules_strings codes, articles, kinds;
	size_t *lists;		/* indexes into the catalogue's lists */
	size_t n_lists;
};

/* Index into phase_weights[] for the states outside any phase. */
#define RULES_PW_SEBELUM PHASE_COUNT
#define RULES_PW_ANTARA (PHASE_COUNT + 1)
#define RULES_PW_SESUDAH (PHASE_COUNT + 2)
#define RULES_PW_COUNT (PHASE_COUNT + 3)

struct rules_catalogue {
	char *file;
	char *id;
	char *name;
	char *instrument;
	char *note;
	int64_t signed_on;	/* days since 1970-01-01, or -1 */
	struct rules_strings sources;
	struct rules_legal_item *legal_items;
	size_t n_legal_items;
	int phase_weights[RULES_PW_COUNT]; /* percent; 100 when not given */
	struct rules_list *lists;
	size_t n_lists;
	struct rules_indicator *indicators;
	size_t n_indicators;
};

struct rules {
	struct rules_election *elections;	/* one per file, sorted */
	size_t n_elections;
	struct rules_catalogue *catalogues;	/* one per file, sorted */
	size_t n_catalogues;
};

struct rules_counts {
	size_t elections, races, candidates, parties, catalogues,
		indicators, lists, words;
	size_t unconfirmed;	/* terms, accounts, members, pairs, parties
				   and legal items marked "unconfirmed" */
};

/*
 * Reads every .json file in elections_dir and indicators_dir (sorted by
 * name) into out, which the caller frees with rules_free() whatever the
 * result. Returns 0, or -1 with one line per problem appended to err
 * (each "FILE:LINE: FIELD: message"). A folder with no .json file is an
 * error.
 */
int rules_load(const char *elections_dir, const char *indicators_dir,
	       struct rules *out, struct buf *err);
/* Loads DIR/elections and DIR/indicators. */
int rules_load_dir(const char *dir, struct rules *out, struct buf *err);
void rules_free(struct rules *r);

/*
 * The folder holding elections/ and indicators/: opt when given, else
 * $NETRA_RULES, else NETRA_DATADIR (PREFIX/share/netra, when it holds an
 * elections folder), else ".".
 */
const char *rules_dir(const char *opt);

void rules_count(const struct rules *r, struct rules_counts *c);

/* 1 when code is "ID", "NN", "NN.NN", "NN.NN.NN" or "NN.NN.NN.NNNN". */
int rules_region_valid(const char *code);
/*
 * 1 when race covers region code: "ID" covers every region, "33" covers
 * "33" and "33.19.01", "33.19" covers "33.19" and below. A NULL or empty
 * code is covered by national races only.
 */
int rules_race_covers(const struct rules_race *race, const char *code);
/*
 * The races that cover code, in file order (national first when the
 * files sort that way). Returns a malloc'd array the caller frees (NULL
 * when *n is 0).
 */
const struct rules_race **rules_races_for_region(const struct rules *r,
						 const char *code, size_t *n);
/* The race with this id, or NULL. */
const struct rules_race *rules_find_race(const struct rules *r,
					 const char *id);

/*
 * The phase of race at time t (UTC seconds). Of the phases that contain
 * t, the one that started last (ties: the shorter one, so voting day
 * beats the count that starts the same day): *at = RULES_AT_IN. When
 * none contains t: the phase that ended last before t, with *at
 * RULES_AT_BETWEEN (another phase starts later) or RULES_AT_AFTER; NULL
 * with RULES_AT_BEFORE when no phase has started.
 */
const struct rules_phase *rules_phase_at(const struct rules_race *race,
					 int64_t t, enum rules_at *at);

const char *rules_phase_name(enum rules_phase_kind kind);
const char *rules_race_type_name(enum rules_race_type type);
/* The gesture token names (NULL-terminated) and the emoji for each. */
extern const char *const rules_gesture_tokens[];
extern const char *const rules_gesture_emoji[];

#endif
