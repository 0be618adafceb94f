/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of text.c: the table of cases in tests/cases/text.test,
 * then the map back to the input for each rule, the invariants of the
 * output on random and hostile input, and reuse of one struct.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "score/text.h"
#include "tap.h"
#include "util/banned.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undoes \n \r \t \\ \xHH. */
static void unescape(struct buf *out, const char *s, size_t n)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			buf_addch(out, s[i]);
			continue;
		}
		i++;
		if (s[i] == 'n')
			buf_addch(out, '\n');
		else if (s[i] == 't')
			buf_addch(out, '\t');
		else if (s[i] == 'r')
			buf_addch(out, '\r');
		else if (s[i] == 'x' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
			 hexval(s[i + 2]) >= 0) {
			buf_addch(out, hexval(s[i + 1]) * 16 +
					  hexval(s[i + 2]));
			i += 2;
		} else
			buf_addch(out, s[i]);
	}
}

static int read_line(FILE *f, struct buf *line, int *lineno)
{
	int c;

	buf_reset(line);
	while ((c = getc(f)) != EOF && c != '\n')
		buf_addch(line, c);
	if (c == EOF && !line->len)
		return -1;
	(*lineno)++;
	return 0;
}

/* Checks what every normalisation must satisfy; returns 1 when it does. */
static int invariants(const struct text_norm *t, size_t inlen,
		      const char **why)
{
	size_t i, k;

	*why = "";
	if (t->s[t->len] != '\0')
		return *why = "not NUL-terminated", 0;
	if (t->main_len > t->len)
		return *why = "main_len", 0;
	for (i = 0; i < t->len; i++) {
		if (t->orig_start[i] > t->orig_end[i] ||
		    t->orig_end[i] > inlen)
			return *why = "map out of range", 0;
		if (i < t->main_len && i &&
		    t->orig_start[i] < t->orig_start[i - 1])
			return *why = "main line map not monotone", 0;
		if (i < t->main_len && t->s[i] == '\n')
			return *why = "newline in main line", 0;
		if (t->s[i] == ' ' && (!i || i + 1 == t->main_len ||
				       t->s[i - 1] == ' '))
			return *why = "stray space", 0;
		if (t->s[i] == '\0')
			return *why = "NUL in output", 0;
		/* A space covers the gap between its words. */
		if (t->s[i] == ' ' && i + 1 < t->len &&
		    (t->orig_start[i] != t->orig_end[i - 1] ||
		     t->orig_end[i] != t->orig_start[i + 1]))
			return *why = "space map", 0;
	}
	if (t->main_len && t->s[t->main_len - 1] == ' ')
		return *why = "trailing space", 0;
	for (k = 0; k < t->ntok; k++) {
		const struct text_tok *tk = &t->tok[k];

		if (!tk->len || tk->start + tk->len > t->len)
			return *why = "token out of range", 0;
		if (memchr(t->s + tk->start, ' ', tk->len) ||
		    memchr(t->s + tk->start, '\n', tk->len))
			return *why = "token holds a separator", 0;
		if (tk->orig_start > tk->orig_end || tk->orig_end > inlen)
			return *why = "token map", 0;
		if ((tk->kind == TEXT_HASHTAG) != (tk->start >= t->main_len))
			return *why = "hashtag token placement", 0;
	}
	return 1;
}

static void run_cases(void)
{
	const char *src = getenv("NETRA_SRC");
	struct buf path = BUF_INIT, line = BUF_INIT, in = BUF_INIT,
		   want = BUF_INIT;
	struct text_norm t = TEXT_NORM_INIT;
	int lineno = 0, at, ncases = 0, inv;
	const char *why;
	FILE *f;

	buf_addf(&path, "%s/tests/cases/text.test", src ? src : ".");
	f = fopen(path.s, "r");
	if (!ok(f != NULL, "open %s", path.s))
		goto out;
	for (;;) {
		if (read_line(f, &line, &lineno))
			break;
		/* "# " starts a comment; "#Tag" is a hashtag to test. */
		if (!line.len || (line.s[0] == '#' &&
				  (line.len == 1 || line.s[1] == ' ')))
			continue;
		at = lineno;
		unescape(&in, line.s, line.len);
		if (read_line(f, &line, &lineno)) {
			ok(0, "text.test:%d: no expected line", at);
			break;
		}
		unescape(&want, line.s, line.len);
		text_normalize(in.s, in.len, &t);
		inv = invariants(&t, in.len, &why);
		ok(t.len == want.len && !memcmp(t.s, want.s, t.len) && inv,
		   "text.test:%d %s", at, why);
		if (t.len != want.len || memcmp(t.s, want.s, t.len))
			printf("#   got: '%s'\n#  want: '%s'\n", t.s, want.s);
		ncases++;
	}
	fclose(f);
	ok(ncases >= 40, "text.test has %d cases", ncases);
out:
	text_norm_release(&t);
	buf_release(&path);
	buf_release(&line);
	buf_release(&in);
	buf_release(&want);
}

/*
 * Normalises in, finds the nth occurrence (from 0) of word as a whole
 * token in the output, and returns the input bytes it maps to.
 */
static char *orig_of(const char *in, const char *word, int nth)
{
	static char res[256];
	struct text_norm t = TEXT_NORM_INIT;
	size_t wl = strlen(word), i, oa = 0, ob = 0;

	res[0] = '\0';
	text_normalize(in, strlen(in), &t);
	for (i = 0; i + wl <= t.len; i++) {
		if (memcmp(t.s + i, word, wl) ||
		    (i && t.s[i - 1] != ' ' && t.s[i - 1] != '\n') ||
		    (i + wl < t.len && t.s[i + wl] != ' ' &&
		     t.s[i + wl] != '\n'))
			continue;
		if (nth--)
			continue;
		if (!text_span_to_orig(&t, i, i + wl, &oa, &ob) &&
		    ob - oa < sizeof(res)) {
			memcpy(res, in + oa, ob - oa);
			res[ob - oa] = '\0';
		}
		break;
	}
	if (i + wl > t.len)
		memcpy(res, "(not found)", 12);
	text_norm_release(&t);
	return res;
}

static void test_offsets(void)
{
	is_str(orig_of("ayo c0bl0s!", "coblos", 0), "c0bl0s", "leet span");
	is_str(orig_of("Ayo coblos no 2 \xe2\x9c\x8c\xef\xb8\x8f yaa", "nomor",
		       0), "no", "abbreviation span");
	is_str(orig_of("Ayo coblos no 2 yaa", "coblos nomor 2", 0),
	       "coblos no 2", "phrase span");
	is_str(orig_of("Ayo \xe2\x9c\x8c\xef\xb8\x8f!", ":v:", 0),
	       "\xe2\x9c\x8c\xef\xb8\x8f", "emoji span covers FE0F");
	is_str(orig_of("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd ok", ":thumbsup:", 0),
	       "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "skin tone covered");
	is_str(orig_of("a \xe2\x9c\x8c\xe2\x9c\x8c \xe2\x9c\x8c b", ":v:", 0),
	       "\xe2\x9c\x8c\xe2\x9c\x8c \xe2\x9c\x8c", "repeats: one span");
	is_str(orig_of("no 3\xef\xb8\x8f\xe2\x83\xa3.", "3", 0),
	       "3\xef\xb8\x8f\xe2\x83\xa3", "keycap span");
	is_str(orig_of("x \xf0\x9d\x97\xb0\xf0\x9d\x97\xbc\xf0\x9d\x97\xaf"
		       "\xf0\x9d\x97\xb9\xf0\x9d\x97\xbc\xf0\x9d\x98\x80 y",
		       "coblos", 0),
	       "\xf0\x9d\x97\xb0\xf0\x9d\x97\xbc\xf0\x9d\x97\xaf"
	       "\xf0\x9d\x97\xb9\xf0\x9d\x97\xbc\xf0\x9d\x98\x80",
	       "math bold span");
	is_str(orig_of("Caf\xc3\xa9 enak", "cafe", 0), "Caf\xc3\xa9",
	       "Latin-1 span");
	is_str(orig_of("cafe\xcc\x81 enak", "cafe", 0), "cafe\xcc\x81",
	       "combining mark covered");
	is_str(orig_of("ya dukunggg!!", "dukung", 0), "dukunggg",
	       "stretched span");
	is_str(orig_of("satu2nya", "satunya", 0), "satu2nya",
	       "reduplication span");
	is_str(orig_of("halo #CoblosNomor2 ya", "nomor", 0), "Nomor",
	       "hashtag piece span");
	is_str(orig_of("halo #CoblosNomor2 ya", "2", 0), "2",
	       "hashtag digit span");
	is_str(orig_of("halo #CoblosNomor2 ya", "#coblosnomor2", 0),
	       "#CoblosNomor2", "joined hashtag span");
	is_str(orig_of("halo #CoblosNomor2 ya", "coblos nomor 2 ya", 0),
	       "CoblosNomor2 ya", "phrase out of a hashtag");
	is_str(orig_of("yg pasti", "yang", 0), "yg", "expansion span");
	is_str(orig_of("lihat https://t.co/x1. ya", ":url:", 0),
	       "https://t.co/x1", "URL span without the full stop");
	is_str(orig_of("cc @Gibran_Tweet.", "@gibran_tweet", 0),
	       "@Gibran_Tweet", "mention span");
	is_str(orig_of("Sam'ani", "samani", 0), "Sam'ani", "apostrophe span");
	is_str(orig_of("no 2 dan no 2", "nomor 2", 1), "no 2",
	       "second occurrence");
	is_str(orig_of("ayo c o b l o s!", "coblos", 0), "c o b l o s",
	       "spaced letters span");
	is_str(orig_of("diganjar", "ganjar", 0), "(not found)",
	       "no token inside a word");
}

static void test_api(void)
{
	struct text_norm t = TEXT_NORM_INIT;
	size_t oa = 7, ob = 7, i;
	struct buf big = BUF_INIT;
	const char *mixed, *why = "";

	text_normalize(NULL, 5, &t);
	is_int(t.len, 0, "NULL input is empty");
	text_normalize("", 0, &t);
	is_int(t.len, 0, "empty input");
	is_int(t.ntok, 0, "no tokens");
	ok(text_span_to_orig(&t, 0, 1, &oa, &ob) == -1, "span past the end");
	text_normalize("ab cd", 5, &t);
	ok(text_span_to_orig(&t, 2, 2, &oa, &ob) == -1, "empty span");
	ok(text_span_to_orig(&t, 0, 6, &oa, &ob) == -1, "span too long");
	ok(!text_span_to_orig(&t, 0, 5, &oa, &ob) && oa == 0 && ob == 5,
	   "whole span");
	is_int(t.ntok, 2, "two tokens");
	is_int(t.tok[1].kind, TEXT_WORD, "word kind");
	is_int(t.tok[1].orig_start, 3, "token orig_start");
	text_normalize("ab , cd", 7, &t);
	ok(t.len == 5 && t.orig_start[2] == 2 && t.orig_end[2] == 5,
	   "the space maps to the gap \" , \"");

	mixed = "#AyoC0blos 02 @a :) \xe2\x9c\x8c https://x.id yg";
	text_normalize(mixed, strlen(mixed), &t);
	ok(t.ntok == 8, "tokens of a mixed post (%zu)", t.ntok);
	if (t.ntok == 8) {
		ok(t.tok[0].flags & TEXT_F_HASHTAG, "hashtag piece flag");
		ok(t.tok[1].flags & TEXT_F_LEET, "leet flag");
		is_int(t.tok[2].kind, TEXT_NUMBER, "number kind");
		is_int(t.tok[3].kind, TEXT_MENTION, "mention kind");
		is_int(t.tok[4].kind, TEXT_EMOJI, "emoji kind");
		is_int(t.tok[5].kind, TEXT_URL, "url kind");
		ok(t.tok[6].flags & TEXT_F_ABBREV, "abbreviation flag");
		is_int(t.tok[7].kind, TEXT_HASHTAG, "joined hashtag kind");
		is_int(t.tok[7].start, t.main_len + 1, "joined after main");
	}
	text_normalize("mantaaap \xf0\x9d\x90\x9a", 13, &t);
	ok(t.ntok == 2 && (t.tok[0].flags & TEXT_F_STRETCH) &&
	   (t.tok[1].flags & TEXT_F_FOLDED), "stretch and folded flags");

	/* 1 MB of one letter is one letter covering it all. */
	for (i = 0; i < 1 << 20; i++)
		buf_addch(&big, 'a');
	text_normalize(big.s, big.len, &t);
	ok(t.len == 1 && t.s[0] == 'a' && t.orig_start[0] == 0 &&
	   t.orig_end[0] == big.len, "1 MB of 'a' is one 'a'");
	/* 1 MB of "ab": one word of 1 MB. */
	for (i = 1; i < big.len; i += 2)
		big.s[i] = 'b';
	text_normalize(big.s, big.len, &t);
	ok(t.len == big.len && t.ntok == 1, "1 MB word kept");
	/* 1 MB of emoji and of combining marks: nothing. */
	buf_reset(&big);
	for (i = 0; i < (1 << 20) / 4; i++)
		buf_add(&big, "\xf0\x9f\x98\x82", 4);
	text_normalize(big.s, big.len, &t);
	is_int(t.len, 0, "1 MB of laughing faces is empty");
	buf_reset(&big);
	for (i = 0; i < (1 << 20) / 2; i++)
		buf_add(&big, "\xcc\x81", 2);
	text_normalize(big.s, big.len, &t);
	is_int(t.len, 0, "1 MB of combining marks is empty");
	/* 1 MB of one gesture is one token. */
	buf_reset(&big);
	for (i = 0; i < (1 << 20) / 3; i++)
		buf_add(&big, "\xe2\x9c\x8c", 3);
	text_normalize(big.s, big.len, &t);
	ok(t.ntok == 1 && t.tok[0].orig_end == big.len,
	   "1 MB of V signs is one token");
	/* 1 MB of hashtags and numbers. */
	buf_reset(&big);
	while (big.len < 1 << 20)
		buf_adds(&big, "#AbC1 no 2 ");
	text_normalize(big.s, big.len, &t);
	ok(invariants(&t, big.len, &why), "1 MB of hashtags %s", why);

	/* The struct is reused: a short text after a long one. */
	text_normalize("Yg", 2, &t);
	is_str(t.s, "yang", "reuse after a large text");
	buf_release(&big);
	text_norm_release(&t);
	text_norm_release(&t);
	ok(t.s == NULL, "release twice is harmless");
}

static void test_fold(void)
{
	is_int(text_fold_cp('Q'), 'Q', "ASCII keeps case");
	is_int(text_fold_cp(0xC9), 'E', "E acute");
	is_int(text_fold_cp(0x0161), 's', "s caron");
	is_int(text_fold_cp(0x1D5F0), 'c', "math sans bold small c");
	is_int(text_fold_cp(0x1D538), 'A', "double-struck A");
	is_int(text_fold_cp(0x2115), 'N', "double-struck N (letterlike)");
	is_int(text_fold_cp(0x1D7D0), '2', "math bold 2");
	is_int(text_fold_cp(0xFF43), 'c', "fullwidth c");
	is_int(text_fold_cp(0x0441), 'c', "Cyrillic es");
	is_int(text_fold_cp(0xA731), 's', "small capital s");
	is_int(text_fold_cp(0xD7), 0, "multiplication sign");
	is_int(text_fold_cp(0x4E00), 0, "CJK is not folded");
	is_int(text_fold_cp(0x110000), 0, "past Unicode");
}

/* Random bytes, biased towards the interesting ones. */
static void test_random(void)
{
	static const char *const bits[] = {
		"a", "B", "0", "2", "4", " ", "#", "@", "'", ".", "_", ":",
		"\xc3\xa9", "\xe2\x9c\x8c", "\xef\xb8\x8f", "\xe2\x83\xa3",
		"\xf0\x9f\x8f\xbd", "\xe2\x80\x8d", "\xcc\x81", "\xff",
		"\xc0", "\xe2\x9c", "\xf0\x9f", "\x00", "\xc2\xb2",
		"\xf0\x9d\x97\xb0", "https://", "www.", "&amp", "no", "yg",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xea\xb0\x80",
		"a ", "b-", "c.", "x\n",
	};
	struct text_norm t = TEXT_NORM_INIT;
	struct buf in = BUF_INIT;
	uint32_t seed = 12345;
	int iter, j, bad = 0, nbits = sizeof(bits) / sizeof(bits[0]);
	const char *why = "", *first = "";

	for (iter = 0; iter < 20000; iter++) {
		int n;

		buf_reset(&in);
		seed = seed * 1103515245 + 12345;
		n = (int)(seed >> 16) % 24;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			if ((seed >> 16) % 4 == 0) {
				buf_addch(&in, (int)(seed >> 8) & 0xff);
			} else {
				const char *b = bits[(seed >> 16) % nbits];

				buf_add(&in, b, b[0] ? strlen(b) : 1);
			}
		}
		text_normalize(in.s, in.len, &t);
		if (!invariants(&t, in.len, &why)) {
			if (!bad)
				first = why;
			bad++;
		}
	}
	ok(!bad, "20000 random inputs keep the invariants (%d bad: %s)",
	   bad, first);
	buf_release(&in);
	text_norm_release(&t);
}

int main(void)
{
	run_cases();
	test_offsets();
	test_api();
	test_fold();
	test_random();
	return done_testing();
}
