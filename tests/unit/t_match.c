/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of match.c: whole-word matching, overlaps, ids, hashtag
 * lines, UTF-8 and emoji patterns, bad patterns, a comparison with a
 * naive matcher on random input, 10,000 patterns, and a long loop of
 * normalise-and-match for the sanitizers and valgrind (nothing is timed).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "score/match.h"
#include "score/text.h"
#include "tap.h"
#include "util/banned.h"

/* Collects matches as "id:start-end " into a buffer. */
static int collect(int id, size_t start, size_t end, void *arg)
{
	buf_addf(arg, "%d:%zu-%zu ", id, start, end);
	return 0;
}

static int count(int id, size_t start, size_t end, void *arg)
{
	(void)id;
	(void)start;
	(void)end;
	(*(size_t *)arg)++;
	return 0;
}

static int stop_at_first(int id, size_t start, size_t end, void *arg)
{
	(void)start;
	(void)end;
	*(int *)arg = id;
	return 7;
}

/* Output of run() and run_orig(), valid until their next call. */
static struct buf run_out = BUF_INIT;

/* Matches of m in the normalisation of text, as "id:start-end ". */
static const char *run(const struct match *m, const char *text)
{
	struct text_norm t = TEXT_NORM_INIT;

	buf_reset(&run_out);
	text_normalize(text, strlen(text), &t);
	match_run(m, &t, collect, &run_out);
	text_norm_release(&t);
	if (run_out.len)
		buf_setlen(&run_out, run_out.len - 1);
	return run_out.s;
}

/* Input bytes of each match, as "id=text|". */
struct orig_ctx {
	const char *in;
	const struct text_norm *t;
	struct buf *out;
};

static int collect_orig(int id, size_t start, size_t end, void *arg)
{
	struct orig_ctx *o = arg;
	size_t oa, ob;

	if (text_span_to_orig(o->t, start, end, &oa, &ob))
		buf_addf(o->out, "%d=?|", id);
	else
		buf_addf(o->out, "%d=%.*s|", id, (int)(ob - oa), o->in + oa);
	return 0;
}

static const char *run_orig(const struct match *m, const char *text)
{
	struct text_norm t = TEXT_NORM_INIT;
	struct orig_ctx o = { text, &t, &run_out };

	buf_reset(&run_out);
	text_normalize(text, strlen(text), &t);
	match_run(m, &t, collect_orig, &o);
	text_norm_release(&t);
	return run_out.s;
}

static struct match *build(const char *const *pats, struct buf *err)
{
	struct match *m = match_new();
	int i;

	for (i = 0; pats[i]; i++)
		if (match_add_text(m, pats[i], strlen(pats[i]), i, err))
			printf("# %s\n", err->s);
	if (match_build(m, err))
		printf("# %s\n", err->s);
	return m;
}

static void test_basic(void)
{
	static const char *const pats[] = {
		"coblos", "coblos nomor 2", "nomor 2", "2", "02", "amin",
		"ganjar", "jangan pilih", NULL,
	};
	struct buf err = BUF_INIT;
	struct match *m = build(pats, &err);
	struct text_norm t = TEXT_NORM_INIT;
	int first = -1;

	is_int(match_count(m), 8, "eight patterns");
	is_str(run(m, "ayo coblos no 2 ya"),
	       "0:4-10 1:4-18 2:11-18 3:17-18", "phrase, suffixes, number");
	is_str(run_orig(m, "Ayo C0BL0S no. 2 \xe2\x9c\x8c\xef\xb8\x8f!"),
	       "0=C0BL0S|1=C0BL0S no. 2|2=no. 2|3=2|",
	       "spans in the original text");
	is_str(run(m, "diamini diganjar amini ganjaran"), "",
	       "no match inside words");
	is_str(run(m, "Amin ya Rabb, Ganjar!"), "5:0-4 6:13-19",
	       "whole words at both ends of the text");
	is_str(run(m, "02 dan 2 dan 2.000 dan 12"), "4:0-2 3:7-8",
	       "02, 2, 2.000 and 12 are different numbers");
	is_str(run(m, "jgn pilih dia"), "7:0-12", "abbreviation expanded");
	is_str(run(m, ""), "", "empty text");
	is_str(run(m, "\xf0\x9f\x98\x82 \xcc\x81"), "", "text of nothing");

	text_normalize("coblos coblos coblos", 20, &t);
	ok(match_run(m, &t, stop_at_first, &first) == 7 && first == 0,
	   "a non-zero callback return stops the run");
	ok(match_add(m, "x", 1, 1, &err) == -1, "no add after build");
	text_norm_release(&t);
	match_free(m);
	buf_release(&err);
}

static void test_overlaps_ids(void)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct match *m = match_new();

	ok(!match_add(m, "a b", 3, 1, &err), "add a b");
	ok(!match_add(m, "b c", 3, 2, &err), "add b c");
	ok(!match_add(m, "a b c", 5, 3, &err), "add a b c");
	ok(!match_add(m, "b", 1, 4, &err), "add b");
	ok(!match_add(m, "b", 1, 5, &err), "add b with another id");
	ok(!match_add(m, "b", 1, 4, &err), "add b again");
	ok(!match_add(m, "a b c d e f", 11, 6, &err), "add long");
	is_int(match_count(m), 6, "duplicate (pattern, id) added once");
	ok(match_run_str(m, "a b c", 5, collect, &out) == -1,
	   "run before build refused");
	ok(!match_build(m, &err), "build");
	ok(!match_build(m, &err), "build twice is harmless");
	match_run_str(m, "a b c", 5, collect, &out);
	is_str(out.s, "1:0-3 5:2-3 4:2-3 3:0-5 2:2-5 ",
	       "overlapping matches all reported");
	buf_reset(&out);
	match_run_str(m, "a b c d e", 9, collect, &out);
	ok(!strstr(out.s, "6:"), "a prefix of a pattern is no match");
	buf_reset(&out);
	match_run_str(m, "b\na b", 5, collect, &out);
	is_str(out.s, "5:0-1 4:0-1 1:2-5 5:4-5 4:4-5 ",
	       "newline is a boundary");
	buf_reset(&out);
	match_run_str(m, "ab b", 4, collect, &out);
	is_str(out.s, "5:3-4 4:3-4 ", "ab is not b");
	match_free(m);

	m = match_new();
	ok(match_add(m, "", 0, 1, &err) == -1, "empty pattern refused");
	ok(match_add(m, " a", 2, 1, &err) == -1, "leading space refused");
	ok(match_add(m, "a ", 2, 1, &err) == -1, "trailing space refused");
	ok(match_add(m, "a  b", 4, 1, &err) == -1, "double space refused");
	ok(match_add(m, "a\nb", 3, 1, &err) == -1, "newline refused");
	ok(strstr(err.s, "cannot match") != NULL, "message says why");
	ok(match_add_text(m, "?!", 2, 1, &err) == -1,
	   "punctuation-only text refused");
	ok(!match_build(m, &err), "build with no patterns");
	buf_reset(&out);
	match_run_str(m, "a b", 3, collect, &out);
	is_str(out.s, "", "no patterns, no matches");
	match_free(m);
	match_free(NULL);
	buf_release(&err);
	buf_release(&out);
}

static void test_text_patterns(void)
{
	static const char *const pats[] = {
		"#PrabowoGibran2024",
		"prabowo gibran",
		"\xe2\x9c\x8c\xef\xb8\x8f",
		"\xf0\x9f\xa4\x9f",
		"salam \xe2\x9c\x8c",
		"\xed\x95\x9c\xea\xb5\xad",
		"\xf0\x9d\x97\xb0\xf0\x9d\x97\xbc\xf0\x9d\x97\xaf"
		"\xf0\x9d\x97\xb9\xf0\x9d\x97\xbc\xf0\x9d\x98\x80",
		"Caf\xc3\xa9",
		"coblos #Nomor2", "@Prabowo", "AMIN aja dulu", NULL,
	};
	struct buf err = BUF_INIT;
	struct match *m = build(pats, &err);

	is_str(run_orig(m, "menang #prabowogibran2024 ya"),
	       "0=#prabowogibran2024|",
	       "hashtag pattern matches the joined hashtag (only)");
	is_str(run_orig(m, "menang prabowo gibran 2024"), "1=prabowo gibran|",
	       "hashtag pattern does not match plain words");
	is_str(run_orig(m, "#PrabowoGibran2024"),
	       "1=PrabowoGibran|0=#PrabowoGibran2024|",
	       "words inside a hashtag match too");
	is_str(run_orig(m, "Salam\xe2\x9c\x8c\xf0\x9f\x8f\xbb\xe2\x9c\x8c"),
	       "4=Salam\xe2\x9c\x8c\xf0\x9f\x8f\xbb\xe2\x9c\x8c|"
	       "2=\xe2\x9c\x8c\xf0\x9f\x8f\xbb\xe2\x9c\x8c|",
	       "gesture with skin tone, repeated, and in a phrase");
	is_str(run_orig(m, "3 \xf0\x9f\xa4\x9f\xf0\x9f\x8f\xbd\xef\xb8\x8f"),
	       "3=\xf0\x9f\xa4\x9f\xf0\x9f\x8f\xbd\xef\xb8\x8f|",
	       "three-finger gesture");
	is_str(run_orig(m, "halo \xed\x95\x9c\xea\xb5\xad!"),
	       "5=\xed\x95\x9c\xea\xb5\xad|", "Hangul pattern");
	is_str(run_orig(m, "ayo COBLOS caf\xc3\xa9"), "6=COBLOS|7=caf\xc3\xa9|",
	       "folded pattern matches ASCII text");
	is_str(run_orig(m, "yuk c\xd0\xbe\xd0\xb1los"), "",
	       "Cyrillic b is no look-alike of b");
	is_str(run_orig(m, "ayo coblos nomor 2"), "6=coblos|8=coblos nomor 2|",
	       "hashtag inside a phrase pattern is its words");
	is_str(run_orig(m, "cc @prabowo dan prabowo"), "9=@prabowo|",
	       "mention pattern matches only the mention");
	is_str(run_orig(m, "#AMINAjaDulu"), "10=AMINAjaDulu|",
	       "phrase inside a hashtag");
	match_free(m);
	buf_release(&err);
}

/* Whole-word occurrences of p in s, the slow way. */
static size_t naive(const char *s, size_t n, const char *p, size_t pl)
{
	size_t i, c = 0;

	for (i = 0; i + pl <= n; i++)
		if (!memcmp(s + i, p, pl) && (!i || s[i - 1] == ' ' ||
					     s[i - 1] == '\n') &&
		    (i + pl == n || s[i + pl] == ' ' || s[i + pl] == '\n'))
			c++;
	return c;
}

static void random_words(struct buf *b, uint32_t *seed, int maxw)
{
	static const char *const w[] = { "a", "b", "ab", "ba", "aa", "bab" };
	int n, i;

	*seed = *seed * 1103515245 + 12345;
	n = 1 + (int)((*seed >> 16) % (uint32_t)maxw);
	for (i = 0; i < n; i++) {
		*seed = *seed * 1103515245 + 12345;
		if (i)
			buf_addch(b, ((*seed >> 20) % 8) ? ' ' : '\n');
		buf_adds(b, w[(*seed >> 16) % 6]);
	}
}

static void test_against_naive(void)
{
	struct buf err = BUF_INIT, txt = BUF_INIT;
	struct buf pat[150];
	struct match *m = match_new();
	uint32_t seed = 42;
	size_t want, got, total = 0;
	int i, iter, bad = 0;

	for (i = 0; i < 150; i++) {
		buf_init(&pat[i]);
		do {
			buf_reset(&pat[i]);
			random_words(&pat[i], &seed, 3);
		} while (strchr(pat[i].s, '\n'));
		match_add(m, pat[i].s, pat[i].len, i, &err);
	}
	match_build(m, &err);
	for (iter = 0; iter < 300; iter++) {
		buf_reset(&txt);
		random_words(&txt, &seed, 40);
		want = 0;
		for (i = 0; i < 150; i++)
			want += naive(txt.s, txt.len, pat[i].s, pat[i].len);
		got = 0;
		match_run_str(m, txt.s, txt.len, count, &got);
		bad += got != want;
		total += got;
	}
	ok(!bad && total > 1000,
	   "300 random texts: same matches as the naive way (%zu)", total);
	for (i = 0; i < 150; i++)
		buf_release(&pat[i]);
	buf_release(&txt);
	buf_release(&err);
	match_free(m);
}

static void test_many_patterns(void)
{
	struct buf err = BUF_INIT, p = BUF_INIT, txt = BUF_INIT;
	struct match *m = match_new();
	size_t n = 0;
	int i, fails = 0;

	for (i = 0; i < 10000; i++) {
		buf_reset(&p);
		buf_addf(&p, "calon%d nomor %d", i, i % 7);
		fails += match_add(m, p.s, p.len, i, &err) != 0;
		buf_reset(&p);
		buf_addf(&p, "kata%05d", i);
		fails += match_add(m, p.s, p.len, 10000 + i, &err) != 0;
	}
	is_int(fails, 0, "20,000 patterns added");
	ok(!match_build(m, &err), "built");
	for (i = 0; i < 10000; i += 97)
		buf_addf(&txt, "calon%d nomor %d kata%05d kata%05dx ", i, i % 7,
			 i, i);
	buf_adds(&txt, "akhir");
	match_run_str(m, txt.s, txt.len, count, &n);
	is_int(n, 2 * ((10000 + 96) / 97), "every planted pattern found once");
	buf_release(&err);
	buf_release(&p);
	buf_release(&txt);
	match_free(m);
}

/*
 * Posts shaped like the real ones, normalised and matched over and over
 * with one text_norm: 100,000 rounds of coverage for ASan, UBSan and
 * valgrind, not a benchmark (nothing is timed).
 */
static void test_loop(void)
{
	static const char *const posts[] = {
		"Ayo bapak ibu, 14 Feb coblos no 2 yaa biar pembangunan lanjut "
		"\xe2\x9c\x8c\xef\xb8\x8f",
		"02 satu putaran, gas pol! #PrabowoGibran2024 "
		"#BersamaIndonesiaMaju https://t.co/x",
		"@VIVAcoid Bukan Gibran yg ditakutkan oleh paslon 1 dan 3 ,"
		"tdk mustahil menang \xf0\x9f\x98\x84\xf0\x9f\xa4\xa3",
		"c0bl0s n0 2, nomer wahid pokoknya \xe2\x98\x9d\xef\xb8\x8f, "
		"yg pasti2 aja, 3\xef\xb8\x8f\xe2\x83\xa3, dua jariii "
		"\xe2\x9c\x8c",
		"\xf0\x9d\x95\x82\xf0\x9d\x95\x96\xf0\x9d\x95\x9c"
		"\xf0\x9d\x95\x92 Diganjar penghargaan \xff\xfe Amin ya Rabb "
		"#AMINAjaDulu",
	};
	static const char *const pats[] = {
		"coblos", "nomor 2", "2", "02", "prabowo gibran", "amin",
		"ganjar", "#AMINAjaDulu", "\xe2\x9c\x8c", "\xe2\x98\x9d",
		"satu putaran", "menang", "pilih", NULL,
	};
	struct buf err = BUF_INIT;
	struct match *m = build(pats, &err);
	struct text_norm t = TEXT_NORM_INIT;
	long i, rounds = 100000;
	size_t n = 0, per = 0;

	for (i = 0; i < 5; i++) {
		text_normalize(posts[i], strlen(posts[i]), &t);
		match_run(m, &t, count, &per);
	}
	for (i = 0; i < rounds; i++) {
		const char *p = posts[i % 5];

		text_normalize(p, strlen(p), &t);
		match_run(m, &t, count, &n);
	}
	is_int(n, per * (size_t)(rounds / 5), "%ld rounds, same matches",
	       rounds);
	ok(per >= 15, "the sample posts match (%zu)", per);
	text_norm_release(&t);
	match_free(m);
	buf_release(&err);
}

int main(void)
{
	test_basic();
	test_overlaps_ids();
	test_text_patterns();
	test_against_naive();
	test_many_patterns();
	test_loop();
	buf_release(&run_out);
	return done_testing();
}
