/* SPDX-License-Identifier: MIT */
/*
 * A multi-pattern matcher over normalised text (text.h): Aho-Corasick,
 * built once per run from every word list, then run over each post.
 * Matches are whole words: a match starts at the start of a token and
 * ends at the end of one ("amin" does not match in "diamini"), and never
 * crosses a line (the main line and each joined hashtag are apart).
 *
 * The automaton is a full transition table over the byte classes that
 * occur in the patterns, so a run is one table look-up per byte and
 * allocates nothing; its size is states x classes x 4 bytes (10,000
 * patterns of 12 bytes over 40 classes: about 20 MB).
 */
#ifndef NETRA_SCORE_MATCH_H
#define NETRA_SCORE_MATCH_H

#include <stddef.h>

struct buf;
struct text_norm;
struct match;

/*
 * Called for each match: the pattern's id and [start, end) in the
 * normalised text (map it to the input with text_span_to_orig()).
 * Returns 0 to go on; anything else stops the run, and match_run()
 * returns it.
 */
typedef int (*match_fn)(int id, size_t start, size_t end, void *arg);

struct match *match_new(void);
void match_free(struct match *m);

/*
 * Adds an already normalised pattern (bytes as text_normalize() writes
 * them: tokens separated by single spaces, no newline). Adding the same
 * bytes with the same id twice adds it once; with another id, both ids
 * are reported. Returns 0, or -1 with a message in err when the pattern
 * cannot match anything (empty, a newline, a space at either end or
 * two together) or the matcher is already built.
 */
int match_add(struct match *m, const char *pattern, size_t len, int id,
	      struct buf *err);

/*
 * Normalises text with text_normalize() and adds it. A text that is a
 * single hashtag ("#PrabowoGibran2024") adds its joined form, which
 * only a hashtag matches; any other text adds its words (a hashtag in a
 * longer phrase counts as its words). Returns as match_add(), and -1
 * when nothing is left after normalisation (only punctuation).
 */
int match_add_text(struct match *m, const char *text, size_t len, int id,
		   struct buf *err);

/* Number of distinct (pattern, id) pairs added. */
size_t match_count(const struct match *m);

/*
 * Builds the automaton; no pattern can be added after. Returns 0, or -1
 * with a message in err when the table would not fit in memory.
 */
int match_build(struct match *m, struct buf *err);

/*
 * Calls fn for every whole-word occurrence of every pattern in the
 * normalised text t, ordered by end, longer matches first at the same
 * end; overlapping matches are all reported. Returns 0, fn's non-zero
 * return, or -1 when the matcher was not built. Thread-safe: a built
 * matcher is only read.
 */
int match_run(const struct match *m, const struct text_norm *t,
	      match_fn fn, void *arg);
/* The same over any bytes s[0..len) laid out like normalised text. */
int match_run_str(const struct match *m, const char *s, size_t len,
		  match_fn fn, void *arg);

#endif
