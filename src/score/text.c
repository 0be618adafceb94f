/* SPDX-License-Identifier: MIT */
/*
 * Normalisation of Indonesian social-media text (the rules are listed in
 * text.h). Two passes: the input is decoded into "characters" (one per
 * code point, each knowing its input bytes, with invisible characters
 * folded into the one before), then the characters are grouped into
 * words, numbers, hashtags, mentions, URLs and gesture emoji, which are
 * written out with a map back to the input. No Unicode library: the
 * few tables needed are here. This file does not know any candidate,
 * slogan or word list; those are data, matched by match.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "score/text.h"
#include "util/banned.h"

enum ch_class {
	C_SEP,		/* separator: space, punctuation, symbol, bad byte */
	C_LET,		/* ASCII letter (cp: lower case; up: was upper) */
	C_DIG,		/* ASCII digit, also folded ones and keycaps */
	C_OTHER,	/* a letter of another script, kept as UTF-8 */
	C_HASH,		/* '#' */
	C_AT,		/* '@' not starting a mention */
	C_APOS,		/* apostrophe */
	C_NPUNCT,	/* . , : / (cp: the character) */
	C_UNDER,	/* '_' */
	C_SUP2,		/* superscript two right after a letter */
	C_EMOJI,	/* gesture emoji (cp: index in emoji[]) */
	C_URL,		/* a whole URL */
	C_MENTION	/* a whole mention (cp: bytes of "@handle") */
};

struct tch {
	size_t os, oe;		/* input bytes [os, oe) */
	uint32_t cp;
	unsigned char cls;	/* enum ch_class */
	unsigned char up;	/* C_LET: was upper case */
	unsigned char folded;	/* came from a non-ASCII character */
};

enum w_kind { W_L, W_O, W_D, W_P, W_R };

/* A character of one word or hashtag while it is being split. */
struct wch {
	size_t os, oe;
	uint32_t cp;
	unsigned char k;	/* enum w_kind */
	unsigned char up;
	unsigned char brk;	/* a word boundary comes before this one */
	unsigned char flags;	/* enum text_tok_flags */
};

struct seg {
	size_t a, b;		/* wch[a..b) */
	int digit;
};

struct scratch {
	struct tch *ch;
	size_t nch, ch_cap;
	struct wch *w, *tmp;
	struct seg *seg;
	size_t w_cap;
	size_t *tags;		/* pairs: tch index of '#', end of body */
	size_t ntags, tags_cap;
};

struct ctx {
	const unsigned char *in;
	size_t inlen;
	struct text_norm *t;
	struct scratch *sc;
	int have_tok;		/* the main line has a token */
	size_t last_oe;		/* input end of the last main-line token */
	long last_emoji;	/* emoji[] index if the last token is one */
	size_t tok_s, tok_os, tok_oe;
	unsigned tok_flags;
};

/*
 * Gesture emoji, by code point (sorted). Names follow GitHub's
 * shortcodes where there is one. Keep in sync with text.h.
 */
static const struct {
	uint32_t cp;
	const char *name;
} emoji[] = {
	{ 0x261D, ":point_up:" },
	{ 0x270A, ":fist:" },
	{ 0x270B, ":raised_hand:" },
	{ 0x270C, ":v:" },
	{ 0x1F446, ":point_up_2:" },
	{ 0x1F447, ":point_down:" },
	{ 0x1F448, ":point_left:" },
	{ 0x1F449, ":point_right:" },
	{ 0x1F44A, ":facepunch:" },
	{ 0x1F44C, ":ok_hand:" },
	{ 0x1F44D, ":thumbsup:" },
	{ 0x1F44E, ":thumbsdown:" },
	{ 0x1F44F, ":clap:" },
	{ 0x1F4AA, ":muscle:" },
	{ 0x1F590, ":raised_hand_with_fingers_splayed:" },
	{ 0x1F596, ":vulcan_salute:" },
	{ 0x1F5F3, ":ballot_box:" },
	{ 0x1F64C, ":raised_hands:" },
	{ 0x1F64F, ":pray:" },
	{ 0x1F918, ":metal:" },
	{ 0x1F919, ":call_me_hand:" },
	{ 0x1F91B, ":fist_left:" },
	{ 0x1F91C, ":fist_right:" },
	{ 0x1F91D, ":handshake:" },
	{ 0x1F91E, ":crossed_fingers:" },
	{ 0x1F91F, ":love_you_gesture:" },
	{ 0x1FAF0, ":finger_heart:" },
	{ 0x1FAF5, ":point_at_viewer:" },
	{ 0x1FAF6, ":heart_hands:" },
};

/* Latin-1 U+00C0..U+00FF; ' ' is not a letter (the signs x and /). */
static const char latin1[] =
	"AAAAAAACEEEEIIII" "DNOOOOO OUUUUYTs"
	"aaaaaaaceeeeiiii" "dnooooo ouuuuyty";

/* Latin Extended-A U+0100..U+017F. */
static const char latin_ext_a[] =
	"AaAaAa" "CcCcCcCc" "DdDd" "EeEeEeEeEe" "GgGgGgGg" "HhHh"
	"IiIiIiIiIi" "Ii" "Jj" "Kkk" "LlLlLlLlLl" "NnNnNnnNn" "OoOoOo" "Oo"
	"RrRrRr" "SsSsSsSs" "TtTtTt" "UuUuUuUuUuUu" "Ww" "YyY" "ZzZzZz" "s";

_Static_assert(sizeof(latin1) == 65, "latin1 covers U+00C0..U+00FF");
_Static_assert(sizeof(latin_ext_a) == 129, "U+0100..U+017F");

/*
 * Scattered look-alikes (sorted): small capitals, letterlike symbols,
 * and the Greek and Cyrillic letters that look Latin (used to dodge
 * filters: a Cyrillic "o" in "coblos").
 */
static const struct {
	uint32_t cp;
	char c;
} lookalike[] = {
	{ 0x00AA, 'a' }, { 0x00BA, 'o' }, { 0x0192, 'f' },
	{ 0x0251, 'a' }, { 0x0254, 'o' }, { 0x025B, 'e' }, { 0x0261, 'g' },
	{ 0x0262, 'g' }, { 0x026A, 'i' }, { 0x0274, 'n' }, { 0x0280, 'r' },
	{ 0x028F, 'y' }, { 0x0299, 'b' }, { 0x029C, 'h' }, { 0x029F, 'l' },
	{ 0x0391, 'A' }, { 0x0392, 'B' }, { 0x0395, 'E' }, { 0x0396, 'Z' },
	{ 0x0397, 'H' }, { 0x0399, 'I' }, { 0x039A, 'K' }, { 0x039C, 'M' },
	{ 0x039D, 'N' }, { 0x039F, 'O' }, { 0x03A1, 'P' }, { 0x03A4, 'T' },
	{ 0x03A5, 'Y' }, { 0x03A7, 'X' }, { 0x03B1, 'a' }, { 0x03B9, 'i' },
	{ 0x03BA, 'k' }, { 0x03BD, 'v' }, { 0x03BF, 'o' }, { 0x03C1, 'p' },
	{ 0x03C5, 'u' },
	{ 0x0405, 'S' }, { 0x0406, 'I' }, { 0x0408, 'J' }, { 0x0410, 'A' },
	{ 0x0412, 'B' }, { 0x0415, 'E' }, { 0x041A, 'K' }, { 0x041C, 'M' },
	{ 0x041D, 'H' }, { 0x041E, 'O' }, { 0x0420, 'P' }, { 0x0421, 'C' },
	{ 0x0422, 'T' }, { 0x0425, 'X' }, { 0x0430, 'a' }, { 0x0435, 'e' },
	{ 0x043E, 'o' }, { 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0443, 'y' },
	{ 0x0445, 'x' }, { 0x0455, 's' }, { 0x0456, 'i' }, { 0x0458, 'j' },
	{ 0x0501, 'd' },
	{ 0x1D00, 'a' }, { 0x1D03, 'b' }, { 0x1D04, 'c' }, { 0x1D05, 'd' },
	{ 0x1D06, 'd' }, { 0x1D07, 'e' }, { 0x1D0A, 'j' }, { 0x1D0B, 'k' },
	{ 0x1D0C, 'l' }, { 0x1D0D, 'm' }, { 0x1D0E, 'n' }, { 0x1D0F, 'o' },
	{ 0x1D18, 'p' }, { 0x1D19, 'r' }, { 0x1D1A, 'r' }, { 0x1D1B, 't' },
	{ 0x1D1C, 'u' }, { 0x1D20, 'v' }, { 0x1D21, 'w' }, { 0x1D22, 'z' },
	{ 0x2102, 'C' }, { 0x210A, 'g' }, { 0x210B, 'H' }, { 0x210C, 'H' },
	{ 0x210D, 'H' }, { 0x210E, 'h' }, { 0x2110, 'I' }, { 0x2111, 'I' },
	{ 0x2112, 'L' }, { 0x2113, 'l' }, { 0x2115, 'N' }, { 0x2119, 'P' },
	{ 0x211A, 'Q' }, { 0x211B, 'R' }, { 0x211C, 'R' }, { 0x211D, 'R' },
	{ 0x2124, 'Z' }, { 0x2128, 'Z' }, { 0x212C, 'B' }, { 0x212D, 'C' },
	{ 0x212F, 'e' }, { 0x2130, 'E' }, { 0x2131, 'F' }, { 0x2133, 'M' },
	{ 0x2134, 'o' }, { 0x2139, 'i' }, { 0x2145, 'D' }, { 0x2146, 'd' },
	{ 0x2147, 'e' }, { 0x2148, 'i' }, { 0x2149, 'j' }, { 0x24EA, '0' },
	{ 0xA730, 'f' }, { 0xA731, 's' },
	{ 0x1D6A4, 'i' }, { 0x1D6A5, 'j' },
};

/*
 * Abbreviations (sorted by from). need_num: only before a number, as
 * "no" is also the word "no".
 */
static const struct abbrev {
	const char *from;
	const char *to;
	int need_num;
} abbrevs[] = {
	{ "bgt", "banget", 0 },
	{ "blm", "belum", 0 },
	{ "bpk", "bapak", 0 },
	{ "dg", "dengan", 0 },
	{ "dgn", "dengan", 0 },
	{ "dlm", "dalam", 0 },
	{ "engga", "tidak", 0 },
	{ "enggak", "tidak", 0 },
	{ "ga", "tidak", 0 },
	{ "gak", "tidak", 0 },
	{ "gk", "tidak", 0 },
	{ "jd", "jadi", 0 },
	{ "jgn", "jangan", 0 },
	{ "kalo", "kalau", 0 },
	{ "klo", "kalau", 0 },
	{ "krn", "karena", 0 },
	{ "ngga", "tidak", 0 },
	{ "nggak", "tidak", 0 },
	{ "nmer", "nomor", 0 },
	{ "nmor", "nomor", 0 },
	{ "nmr", "nomor", 0 },
	{ "no", "nomor", 1 },
	{ "nomer", "nomor", 0 },
	{ "nr", "nomor", 1 },
	{ "org", "orang", 0 },
	{ "pd", "pada", 0 },
	{ "sdh", "sudah", 0 },
	{ "tdk", "tidak", 0 },
	{ "tp", "tapi", 0 },
	{ "udah", "sudah", 0 },
	{ "udh", "sudah", 0 },
	{ "untk", "untuk", 0 },
	{ "utk", "untuk", 0 },
	{ "yg", "yang", 0 },
};

/* Words after which a "2" is a number, not reduplication ("nomor2"). */
static const char *const num_prefix[] = {
	"cabup", "cagub", "calon", "capres", "cawabup", "cawagub",
	"cawapres", "ke", "nomor", "paslon", "urut",
};

/* Suffixes that may follow a reduplication ("satu2nya"). */
static const char *const redup_suffix[] = {
	"an", "kan", "ku", "lah", "mu", "nya", "pun",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_abbrev(const void *key, const void *elem)
{
	return strcmp(key, ((const struct abbrev *)elem)->from);
}

static int in_list(const char *w, const char *const *list, size_t n)
{
	return bsearch(&w, list, n, sizeof(*list), cmp_str) != NULL;
}

int text_fold_cp(unsigned long cp)
{
	size_t lo = 0, hi = sizeof(lookalike) / sizeof(lookalike[0]);
	int c;

	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z') ? (int)cp : 0;
	if (cp >= 0xC0 && cp <= 0xFF) {
		c = latin1[cp - 0xC0];
		return c == ' ' ? 0 : c;
	}
	if (cp >= 0x100 && cp <= 0x17F)
		return latin_ext_a[cp - 0x100];
	if (cp >= 0x1D400 && cp <= 0x1D6A3) {
		/* Mathematical letters: A-Z then a-z, style after style. */
		c = (int)((cp - 0x1D400) % 52);
		return c < 26 ? 'A' + c : 'a' + c - 26;
	}
	if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		return '0' + (int)((cp - 0x1D7CE) % 10);
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return '0' + (int)(cp - 0xFF10);
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return 'A' + (int)(cp - 0xFF21);
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return 'a' + (int)(cp - 0xFF41);
	if (cp >= 0x24B6 && cp <= 0x24CF)	/* circled */
		return 'A' + (int)(cp - 0x24B6);
	if (cp >= 0x24D0 && cp <= 0x24E9)
		return 'a' + (int)(cp - 0x24D0);
	if (cp >= 0x249C && cp <= 0x24B5)	/* parenthesized */
		return 'a' + (int)(cp - 0x249C);
	if (cp >= 0x2460 && cp <= 0x2468)	/* circled digits */
		return '1' + (int)(cp - 0x2460);
	if (cp >= 0x2776 && cp <= 0x277E)
		return '1' + (int)(cp - 0x2776);
	if (cp >= 0x2780 && cp <= 0x2788)
		return '1' + (int)(cp - 0x2780);
	if (cp >= 0x278A && cp <= 0x2792)
		return '1' + (int)(cp - 0x278A);
	if (cp >= 0x1F110 && cp <= 0x1F189) {
		/* Parenthesized, squared, negative circled and squared. */
		c = (int)((cp - 0x1F110) % 32);
		return c < 26 ? 'A' + c : 0;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (lookalike[mid].cp == cp)
			return lookalike[mid].c;
		if (lookalike[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Characters that are invisible or only modify the one before them. */
static int is_ignorable(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0xFEFF ||
	       (cp >= 0x0300 && cp <= 0x036F) ||
	       (cp >= 0x0483 && cp <= 0x0489) ||
	       (cp >= 0x180B && cp <= 0x180F) ||
	       (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) ||	/* incl. keycap */
	       (cp >= 0xFE00 && cp <= 0xFE0F) ||	/* variation sel. */
	       (cp >= 0xFE20 && cp <= 0xFE2F) ||
	       (cp >= 0x1F3FB && cp <= 0x1F3FF) ||	/* skin tones */
	       (cp >= 0xE0000 && cp <= 0xE007F) ||	/* tags */
	       (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Punctuation, symbols, emoji and private use: they separate words. */
static int is_sep_cp(uint32_t cp)
{
	return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x02C2 && cp <= 0x02FF) ||
	       (cp >= 0x2000 && cp <= 0x2BFF) ||
	       (cp >= 0x2E00 && cp <= 0x2E7F) ||
	       (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xE000 && cp <= 0xF8FF) ||
	       (cp >= 0xFE10 && cp <= 0xFE1F) ||
	       (cp >= 0xFE30 && cp <= 0xFE6F) ||
	       (cp >= 0xFF00 && cp <= 0xFF64) ||
	       (cp >= 0xFFE0 && cp <= 0xFFFF) ||
	       (cp >= 0x1F000 && cp <= 0x1FBFF) ||
	       cp >= 0xF0000;
}

static long emoji_index(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(emoji) / sizeof(emoji[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (emoji[mid].cp == cp)
			return (long)mid;
		if (emoji[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* One UTF-8 sequence at s: its length, or 0 when it is not valid. */
static size_t decode1(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		*cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		*cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return len;
}

static size_t encode1(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static int leet(uint32_t d)
{
	switch (d) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	default: return 0;
	}
}

static int is_wordish(const struct tch *c)
{
	return c->cls == C_LET || c->cls == C_DIG || c->cls == C_OTHER ||
	       c->cls == C_SUP2;
}

static int is_letterish(const struct tch *c)
{
	return c->cls == C_LET || c->cls == C_OTHER;
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* -- Pass 1: bytes to characters. -------------------------------- */

static struct tch *push_ch(struct scratch *sc)
{
	if (sc->nch == sc->ch_cap) {
		sc->ch_cap = sc->ch_cap ? 2 * sc->ch_cap : 256;
		sc->ch = xrealloc(sc->ch, sc->ch_cap * sizeof(*sc->ch));
	}
	memset(&sc->ch[sc->nch], 0, sizeof(sc->ch[0]));
	return &sc->ch[sc->nch++];
}

static void add_sep(struct scratch *sc, size_t os, size_t oe)
{
	struct tch *c;

	if (sc->nch && sc->ch[sc->nch - 1].cls == C_SEP) {
		sc->ch[sc->nch - 1].oe = oe;
		return;
	}
	c = push_ch(sc);
	c->os = os;
	c->oe = oe;
	c->cls = C_SEP;
}

static int prev_wordish(const struct scratch *sc)
{
	return sc->nch && is_wordish(&sc->ch[sc->nch - 1]);
}

static int prefix_ci(const unsigned char *s, size_t n, const char *p)
{
	size_t i;

	for (i = 0; p[i]; i++)
		if (i >= n || ascii_lower(s[i]) != p[i])
			return 0;
	return 1;
}

/* Length of a URL at s, or 0. */
static size_t url_len(const unsigned char *s, size_t n, int after_word)
{
	size_t i;

	if ((s[0] | 0x20) != 'h' && (s[0] | 0x20) != 'w')
		return 0;
	if (!prefix_ci(s, n, "http://") && !prefix_ci(s, n, "https://") &&
	    (after_word || !prefix_ci(s, n, "www.")))
		return 0;
	for (i = 0; i < n && s[i] > 0x20 && s[i] < 0x7F && s[i] != '<' &&
	     s[i] != '>' && s[i] != '"'; i++)
		;
	while (i > 4 && strchr(".,;:!?)]}'", s[i - 1]))
		i--;
	return i;
}

/* Length of "@handle" at s, or 0. */
static size_t mention_len(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n < 2 || !(ascii_alnum(s[1]) || s[1] == '_'))
		return 0;
	while (i < n && (ascii_alnum(s[i]) || s[i] == '_' || s[i] == '.'))
		i++;
	while (s[i - 1] == '.')
		i--;
	return i;
}

/*
 * Length of an HTML entity at s ("&amp;", "&gt;", "&#39;"), or 0. X's
 * API and many exports leave them in the text, sometimes without ';'.
 */
static size_t entity_len(const unsigned char *s, size_t n)
{
	static const char *const ent[] = {
		"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&#39;",
		"&amp", "&lt", "&gt", "&quot",
	};
	size_t i;

	if (s[0] != '&')
		return 0;
	for (i = 0; i < sizeof(ent) / sizeof(ent[0]); i++)
		if (prefix_ci(s, n, ent[i]))
			return strlen(ent[i]);
	return 0;
}

/* Classifies an ASCII character (or a fullwidth one folded to ASCII). */
static void ascii_ch(struct scratch *sc, int a, size_t os, size_t oe,
		     int folded)
{
	struct tch *c;
	int cls;

	if (a >= 'A' && a <= 'Z')
		cls = C_LET;
	else if ((a >= 'a' && a <= 'z'))
		cls = C_LET;
	else if (a >= '0' && a <= '9')
		cls = C_DIG;
	else if (a == '#')
		cls = C_HASH;
	else if (a == '@')
		cls = C_AT;
	else if (a == '\'' || a == '`')
		cls = C_APOS;
	else if (a == '.' || a == ',' || a == ':' || a == '/')
		cls = C_NPUNCT;
	else if (a == '_')
		cls = C_UNDER;
	else
		cls = C_SEP;
	if (cls == C_SEP) {
		add_sep(sc, os, oe);
		return;
	}
	c = push_ch(sc);
	c->os = os;
	c->oe = oe;
	c->cls = (unsigned char)cls;
	c->cp = (uint32_t)ascii_lower(a);
	c->up = a >= 'A' && a <= 'Z';
	c->folded = (unsigned char)folded;
}

static void decode_all(struct ctx *cx)
{
	const unsigned char *in = cx->in;
	size_t n = cx->inlen, p = 0, len;
	struct scratch *sc = cx->sc;
	struct tch *c;
	uint32_t cp;
	long e;
	int a;

	sc->nch = 0;
	while (p < n) {
		if (in[p] < 0x80) {
			len = url_len(in + p, n - p, prev_wordish(sc));
			if (len) {
				c = push_ch(sc);
				c->os = p;
				c->oe = p + len;
				c->cls = C_URL;
				p += len;
				continue;
			}
			if (in[p] == '@' && !prev_wordish(sc) &&
			    (len = mention_len(in + p, n - p))) {
				c = push_ch(sc);
				c->os = p;
				c->oe = p + len;
				c->cls = C_MENTION;
				c->cp = (uint32_t)len;
				p += len;
				continue;
			}
			len = entity_len(in + p, n - p);
			if (len) {
				add_sep(sc, p, p + len);
				p += len;
				continue;
			}
			ascii_ch(sc, in[p], p, p + 1, 0);
			p++;
			continue;
		}
		len = decode1(in + p, n - p, &cp);
		if (!len) {
			add_sep(sc, p, p + 1);
			p++;
			continue;
		}
		if (is_ignorable(cp)) {
			if (sc->nch)
				sc->ch[sc->nch - 1].oe = p + len;
			else
				add_sep(sc, p, p + len);
		} else if ((e = emoji_index(cp)) >= 0) {
			c = push_ch(sc);
			c->os = p;
			c->oe = p + len;
			c->cls = C_EMOJI;
			c->cp = (uint32_t)e;
		} else if ((a = text_fold_cp(cp))) {
			ascii_ch(sc, a, p, p + len, 1);
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			ascii_ch(sc, (int)(cp - 0xFEE0), p, p + len, 1);
		} else if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC ||
			   cp == 0xB4) {
			c = push_ch(sc);
			c->os = p;
			c->oe = p + len;
			c->cls = C_APOS;
		} else if (cp == 0xB2 || cp == 0xB3 || cp == 0xB9 ||
			   cp == 0x2070 || (cp >= 0x2074 && cp <= 0x2079)) {
			a = cp == 0xB2 ? '2' : cp == 0xB3 ? '3' :
			    cp == 0xB9 ? '1' : '0' + (int)(cp - 0x2070);
			c = push_ch(sc);
			c->os = p;
			c->oe = p + len;
			c->cp = (uint32_t)a;
			c->folded = 1;
			c->cls = C_DIG;
			if (a == '2' && sc->nch > 1 &&
			    sc->ch[sc->nch - 2].cls == C_LET)
				c->cls = C_SUP2;
		} else if (is_sep_cp(cp)) {
			add_sep(sc, p, p + len);
		} else {
			c = push_ch(sc);
			c->os = p;
			c->oe = p + len;
			c->cls = C_OTHER;
			c->cp = cp;
		}
		p += len;
	}
}

/* -- Output. ----------------------------------------------------- */

static void out_grow(struct text_norm *t, size_t extra)
{
	size_t want = t->len + extra + 1;

	if (want <= t->cap)
		return;
	if (want < 2 * t->cap)
		want = 2 * t->cap;
	if (want < 64)
		want = 64;
	t->s = xrealloc(t->s, want);
	t->orig_start = xrealloc(t->orig_start, want * sizeof(size_t));
	t->orig_end = xrealloc(t->orig_end, want * sizeof(size_t));
	t->cap = want;
}

static void out_put(struct text_norm *t, const char *p, size_t n,
		    size_t os, size_t oe)
{
	size_t i;

	out_grow(t, n);
	for (i = 0; i < n; i++) {
		t->s[t->len] = p[i];
		t->orig_start[t->len] = os;
		t->orig_end[t->len] = oe;
		t->len++;
	}
	t->s[t->len] = '\0';
}

static void tok_begin(struct ctx *cx, size_t os)
{
	if (cx->have_tok)
		out_put(cx->t, " ", 1, cx->last_oe, os);
	cx->tok_s = cx->t->len;
	cx->tok_os = os;
	cx->tok_oe = os;
	cx->tok_flags = 0;
}

static void tok_put(struct ctx *cx, const char *p, size_t n, size_t os,
		    size_t oe)
{
	out_put(cx->t, p, n, os, oe);
	if (oe > cx->tok_oe)
		cx->tok_oe = oe;
}

static void tok_end(struct ctx *cx, unsigned kind)
{
	struct text_norm *t = cx->t;
	struct text_tok *k;

	if (t->ntok == t->tok_cap) {
		t->tok_cap = t->tok_cap ? 2 * t->tok_cap : 32;
		t->tok = xrealloc(t->tok, t->tok_cap * sizeof(*t->tok));
	}
	k = &t->tok[t->ntok++];
	k->start = cx->tok_s;
	k->len = t->len - cx->tok_s;
	k->orig_start = cx->tok_os;
	k->orig_end = cx->tok_oe;
	k->kind = kind;
	k->flags = cx->tok_flags;
	if (kind != TEXT_HASHTAG) {
		cx->have_tok = 1;
		cx->last_oe = cx->tok_oe;
	}
	cx->last_emoji = -1;
}

static void emit_simple(struct ctx *cx, const char *s, size_t n,
			size_t os, size_t oe, unsigned kind)
{
	tok_begin(cx, os);
	tok_put(cx, s, n, os, oe);
	tok_end(cx, kind);
}

static void emit_emoji(struct ctx *cx, const struct tch *c)
{
	struct text_norm *t = cx->t;
	struct text_tok *k;
	size_t i;

	if (cx->last_emoji == (long)c->cp) {
		/* The same gesture again: one token covering both. */
		k = &t->tok[t->ntok - 1];
		k->orig_end = c->oe;
		for (i = k->start; i < k->start + k->len; i++)
			t->orig_end[i] = c->oe;
		cx->last_oe = c->oe;
		return;
	}
	emit_simple(cx, emoji[c->cp].name, strlen(emoji[c->cp].name), c->os,
		    c->oe, TEXT_EMOJI);
	cx->last_emoji = (long)c->cp;
}

static void emit_mention(struct ctx *cx, const struct tch *c)
{
	size_t i;
	char ch;

	tok_begin(cx, c->os);
	for (i = 0; i < c->cp; i++) {
		ch = (char)ascii_lower(cx->in[c->os + i]);
		tok_put(cx, &ch, 1, c->os, c->oe);
	}
	tok_end(cx, TEXT_MENTION);
}

/* -- Words, numbers and hashtags. -------------------------------- */

static void w_reserve(struct scratch *sc, size_t n)
{
	if (n <= sc->w_cap)
		return;
	sc->w_cap = n < 64 ? 64 : n + n / 2;
	sc->w = xrealloc(sc->w, sc->w_cap * sizeof(*sc->w));
	sc->tmp = xrealloc(sc->tmp, sc->w_cap * sizeof(*sc->tmp));
	sc->seg = xrealloc(sc->seg, sc->w_cap * sizeof(*sc->seg));
}

static int w_letter(const struct wch *w)
{
	return w->k == W_L || w->k == W_O;
}

static size_t segment(struct scratch *sc, size_t n)
{
	size_t i, ns = 0;

	for (i = 0; i < n; i++) {
		int d = !w_letter(&sc->w[i]);

		if (!i || sc->w[i].brk || d != sc->seg[ns - 1].digit) {
			sc->seg[ns].a = i;
			sc->seg[ns].digit = d;
			ns++;
		}
		sc->seg[ns - 1].b = i + 1;
	}
	return ns;
}

static int seg_leetable(const struct scratch *sc, const struct seg *g)
{
	size_t i;

	if (!g->digit || g->b - g->a > 2)
		return 0;
	for (i = g->a; i < g->b; i++)
		if (sc->w[i].k != W_D || !leet(sc->w[i].cp))
			return 0;
	return 1;
}

static void seg_to_letters(struct scratch *sc, const struct seg *g)
{
	size_t i;

	for (i = g->a; i < g->b; i++) {
		sc->w[i].cp = (uint32_t)leet(sc->w[i].cp);
		sc->w[i].k = W_L;
		sc->w[i].up = 0;
		sc->w[i].flags |= TEXT_F_LEET;
	}
}

/* Leetspeak in a plain word (see text.h). */
static void word_leet(struct scratch *sc, size_t ns)
{
	size_t k;
	int inner = 0;

	for (k = 1; k + 1 < ns; k++)
		if (seg_leetable(sc, &sc->seg[k])) {
			seg_to_letters(sc, &sc->seg[k]);
			inner = 1;
		}
	if (inner) {
		if (ns > 1 && seg_leetable(sc, &sc->seg[0]))
			seg_to_letters(sc, &sc->seg[0]);
		if (ns > 1 && seg_leetable(sc, &sc->seg[ns - 1]))
			seg_to_letters(sc, &sc->seg[ns - 1]);
	} else if (ns == 2 && sc->seg[1].b - sc->seg[1].a == 1 &&
		   sc->w[sc->seg[1].a].cp == '0' &&
		   sc->w[sc->seg[1].a].k == W_D &&
		   sc->w[sc->seg[0].a].k == W_L) {
		seg_to_letters(sc, &sc->seg[1]);
	}
}

/*
 * Copies a letter segment into sc->tmp with stretched letters collapsed;
 * returns the count and, in *ascii (up to 15 bytes), the word when it is
 * all ASCII (else "").
 */
static size_t collapse(struct scratch *sc, const struct seg *g,
		       char ascii[16], unsigned *flags)
{
	size_t i = g->a, j, n = 0, alen = 0;
	int all_ascii = 1;

	while (i < g->b) {
		for (j = i + 1; j < g->b && sc->w[j].cp == sc->w[i].cp &&
		     sc->w[j].k == sc->w[i].k; j++)
			;
		sc->tmp[n] = sc->w[i];
		*flags |= sc->w[i].flags;
		if (j - i >= 3) {
			sc->tmp[n].oe = sc->w[j - 1].oe;
			*flags |= TEXT_F_STRETCH;
			n++;
		} else {
			n++;
			if (j - i == 2)
				sc->tmp[n++] = sc->w[i + 1];
		}
		i = j;
	}
	for (i = 0; i < n; i++) {
		if (sc->tmp[i].k != W_L || alen == 15)
			all_ascii = 0;
		else
			ascii[alen++] = (char)sc->tmp[i].cp;
	}
	ascii[all_ascii ? alen : 0] = '\0';
	return n;
}

static void put_wch(struct ctx *cx, const struct wch *w)
{
	char b[4];
	size_t n;

	n = encode1(w->k == W_R ? '2' : w->cp, b);
	tok_put(cx, b, n, w->os, w->oe);
}

static int seg_is_two(const struct scratch *sc, const struct seg *g)
{
	return g->digit && g->b - g->a == 1 &&
	       (sc->w[g->a].k == W_R ||
		(sc->w[g->a].k == W_D && sc->w[g->a].cp == '2'));
}

/* Is a number next in the text, after spaces and ". :"? */
static int number_follows(const struct ctx *cx, size_t i)
{
	const struct scratch *sc = cx->sc;

	while (i < sc->nch && (sc->ch[i].cls == C_SEP ||
			       sc->ch[i].cls == C_NPUNCT))
		i++;
	return i < sc->nch && (sc->ch[i].cls == C_DIG ||
			       sc->ch[i].cls == C_SUP2);
}

/*
 * Writes the segments of one word or hashtag: letters as words (with
 * stretched letters collapsed and abbreviations expanded), digits as
 * numbers, "2" after a word as reduplication (not in hashtags).
 */
static void emit_segments(struct ctx *cx, size_t ns, int hashtag,
			  size_t next_ch)
{
	struct scratch *sc = cx->sc;
	const struct abbrev *ab;
	const struct seg *g;
	char word[16], sfx[16];
	unsigned flags;
	size_t k = 0, i, n, m;
	int num_next, redup;

	while (k < ns) {
		g = &sc->seg[k];
		flags = hashtag ? TEXT_F_HASHTAG : 0;
		if (g->digit) {
			tok_begin(cx, sc->w[g->a].os);
			for (i = g->a; i < g->b; i++)
				put_wch(cx, &sc->w[i]);
			cx->tok_flags = flags;
			tok_end(cx, TEXT_NUMBER);
			k++;
			continue;
		}
		n = collapse(sc, g, word, &flags);
		num_next = k + 1 < ns ? sc->seg[k + 1].digit :
			   number_follows(cx, next_ch);
		ab = word[0] ? bsearch(word, abbrevs,
				       sizeof(abbrevs) / sizeof(abbrevs[0]),
				       sizeof(abbrevs[0]), cmp_abbrev) : NULL;
		if (ab && ab->need_num && !num_next)
			ab = NULL;
		redup = !hashtag && n >= 2 && k + 1 < ns &&
			seg_is_two(sc, &sc->seg[k + 1]) &&
			!in_list(ab ? ab->to : word, num_prefix,
				 sizeof(num_prefix) / sizeof(num_prefix[0]));
		tok_begin(cx, sc->tmp[0].os);
		if (ab) {
			flags |= TEXT_F_ABBREV;
			tok_put(cx, ab->to, strlen(ab->to), sc->tmp[0].os,
				sc->tmp[n - 1].oe);
		} else {
			for (i = 0; i < n; i++)
				put_wch(cx, &sc->tmp[i]);
		}
		k++;
		if (redup && k + 1 < ns) {
			/* "satu2nya": a suffix joins the word. */
			unsigned f2 = 0;

			m = collapse(sc, &sc->seg[k + 1], sfx, &f2);
			if (in_list(sfx, redup_suffix, sizeof(redup_suffix) /
				    sizeof(redup_suffix[0]))) {
				for (i = 0; i < m; i++)
					put_wch(cx, &sc->tmp[i]);
				flags |= f2;
				k += 2;
			} else if (sc->w[sc->seg[k].a].k == W_R) {
				k++;	/* "orang\u00b2 kaya": drop the sign */
			}
			/* else "salam2jari": the 2 is a number */
		} else if (redup) {
			k++;
		}
		cx->tok_flags = flags;
		tok_end(cx, TEXT_WORD);
	}
}

static void add_wch(struct scratch *sc, size_t *n, const struct tch *c,
		    int brk)
{
	struct wch *w = &sc->w[(*n)++];

	w->os = c->os;
	w->oe = c->oe;
	w->cp = c->cp;
	w->up = c->up;
	w->brk = (unsigned char)brk;
	w->flags = c->folded ? TEXT_F_FOLDED : 0;
	switch (c->cls) {
	case C_LET: w->k = W_L; break;
	case C_OTHER: w->k = W_O; break;
	case C_SUP2: w->k = W_R; break;
	case C_NPUNCT: w->k = W_P; break;
	default: w->k = W_D; break;
	}
}

/* A gap of one space, '-' or '.' between spaced letters. */
static int small_gap(const struct ctx *cx, size_t i)
{
	const struct tch *c = &cx->sc->ch[i];
	unsigned char b;

	if (i >= cx->sc->nch || c->oe - c->os != 1)
		return 0;
	b = cx->in[c->os];
	return b == ' ' || b == '-' || b == '.';
}

/*
 * Letters spaced out to dodge filters ("c o b l o s", "C.O.B.L.O.S"):
 * three or more single letters with one-byte gaps. Returns the index
 * after the last letter, or 0 when ch[i] does not start such a run.
 */
static size_t spaced_run(const struct ctx *cx, size_t i)
{
	const struct scratch *sc = cx->sc;
	size_t j = i, letters = 0;

	for (;;) {
		if (sc->ch[j].cls != C_LET ||
		    (j + 1 < sc->nch && is_wordish(&sc->ch[j + 1])))
			break;
		letters++;
		if (!small_gap(cx, j + 1) || j + 2 >= sc->nch) {
			j++;
			break;
		}
		j += 2;
	}
	if (letters < 3)
		return 0;
	if (sc->ch[j - 1].cls != C_LET)
		j--;
	return j;
}

/* A word starting at ch[i]; returns the index after it. */
static size_t do_word(struct ctx *cx, size_t i)
{
	struct scratch *sc = cx->sc;
	const struct tch *ch = sc->ch;
	size_t j = i, n = 0, ns;

	w_reserve(sc, sc->nch - i);
	j = spaced_run(cx, i);
	if (j) {
		for (ns = i; ns < j; ns += 2)
			add_wch(sc, &n, &ch[ns], 0);
		ns = segment(sc, n);
		emit_segments(cx, ns, 0, j);
		return j;
	}
	j = i;
	while (j < sc->nch) {
		int prev_let = j > i && is_letterish(&ch[j - 1]);
		int next_let = j + 1 < sc->nch && is_letterish(&ch[j + 1]);

		if (is_wordish(&ch[j])) {
			add_wch(sc, &n, &ch[j], 0);
		} else if (ch[j].cls == C_AT && prev_let && next_let) {
			add_wch(sc, &n, &ch[j], 0);
			sc->w[n - 1].k = W_L;
			sc->w[n - 1].cp = 'a';
			sc->w[n - 1].flags |= TEXT_F_LEET;
		} else if (ch[j].cls == C_APOS && prev_let && next_let) {
			/* joins: "Sam'ani" */
		} else if (ch[j].cls == C_NPUNCT && j > i &&
			   ch[j - 1].cls == C_DIG && j + 1 < sc->nch &&
			   ch[j + 1].cls == C_DIG) {
			add_wch(sc, &n, &ch[j], 0);
		} else {
			break;
		}
		j++;
	}
	ns = segment(sc, n);
	word_leet(sc, ns);
	ns = segment(sc, n);
	emit_segments(cx, ns, 0, j);
	return j;
}

static int hashtag_body(const struct tch *c)
{
	return is_wordish(c) || c->cls == C_UNDER;
}

/* A hashtag whose '#' is ch[h]; returns the index after it, or 0. */
static size_t do_hashtag(struct ctx *cx, size_t h)
{
	struct scratch *sc = cx->sc;
	const struct tch *ch = sc->ch;
	struct wch *w;
	size_t j, n = 0, ns, a, b, p;
	int brk = 0, any = 0;

	for (j = h + 1; j < sc->nch && hashtag_body(&ch[j]); j++)
		any |= ch[j].cls != C_UNDER;
	if (!any)
		return 0;
	w_reserve(sc, j - h);
	w = sc->w;
	for (p = h + 1; p < j; p++) {
		if (ch[p].cls == C_UNDER) {
			brk = 1;
			continue;
		}
		add_wch(sc, &n, &ch[p], brk);
		brk = 0;
	}
	/* Leetspeak only before a lower-case letter: "C0bl0s", "G4nj4r". */
	for (a = 1; a < n; a = b) {
		if (w[a].k != W_D) {
			b = a + 1;
			continue;
		}
		for (b = a + 1; b < n && w[b].k == W_D && !w[b].brk; b++)
			;
		if (b < n && b - a <= 2 && w[a - 1].k == W_L && !w[a].brk &&
		    !w[b].brk && w[b].k == W_L && !w[b].up) {
			struct seg g = { a, b, 1 };

			if (seg_leetable(sc, &g))
				seg_to_letters(sc, &g);
		}
	}
	/* Case changes: "CoblosNomor", "AMINAja". */
	for (p = 1; p < n; p++) {
		if (w[p - 1].k != W_L || w[p].k != W_L)
			continue;
		if (!w[p - 1].up && w[p].up)
			w[p].brk = 1;
		if (w[p - 1].up && w[p].up && p + 1 < n &&
		    w[p + 1].k == W_L && !w[p + 1].up &&
		    !(w[p + 1].flags & TEXT_F_LEET))
			w[p].brk = 1;
	}
	ns = segment(sc, n);
	emit_segments(cx, ns, 1, j);
	if (sc->ntags + 2 > sc->tags_cap) {
		sc->tags_cap = sc->tags_cap ? 2 * sc->tags_cap : 16;
		sc->tags = xrealloc(sc->tags, sc->tags_cap * sizeof(size_t));
	}
	sc->tags[sc->ntags++] = h;
	sc->tags[sc->ntags++] = j;
	return j;
}

/* The hashtags, joined, one per line after the main line. */
static void emit_tag_lines(struct ctx *cx)
{
	struct scratch *sc = cx->sc;
	const struct tch *c;
	size_t i, p;
	char b[4];

	for (i = 0; i < sc->ntags; i += 2) {
		c = &sc->ch[sc->tags[i]];
		out_put(cx->t, "\n", 1, c->os, c->os);
		cx->tok_s = cx->t->len;
		cx->tok_os = c->os;
		cx->tok_oe = c->oe;
		cx->tok_flags = 0;
		tok_put(cx, "#", 1, c->os, c->oe);
		for (p = sc->tags[i] + 1; p < sc->tags[i + 1]; p++) {
			c = &sc->ch[p];
			if (c->cls == C_UNDER)
				continue;
			if (c->folded)
				cx->tok_flags |= TEXT_F_FOLDED;
			tok_put(cx, b, encode1(c->cls == C_SUP2 ? '2' : c->cp,
					       b), c->os, c->oe);
		}
		tok_end(cx, TEXT_HASHTAG);
	}
}

void text_norm_init(struct text_norm *t)
{
	struct text_norm blank = TEXT_NORM_INIT;

	*t = blank;
}

void text_norm_release(struct text_norm *t)
{
	struct scratch *sc = t->scratch;

	if (sc) {
		free(sc->ch);
		free(sc->w);
		free(sc->tmp);
		free(sc->seg);
		free(sc->tags);
		free(sc);
	}
	free(t->s);
	free(t->orig_start);
	free(t->orig_end);
	free(t->tok);
	text_norm_init(t);
}

void text_normalize(const char *utf8, size_t len, struct text_norm *out)
{
	struct ctx cx;
	size_t i, j;
	const struct tch *c;

	if (!out->scratch)
		out->scratch = xcalloc(1, sizeof(struct scratch));
	memset(&cx, 0, sizeof(cx));
	cx.in = (const unsigned char *)(utf8 ? utf8 : "");
	cx.inlen = utf8 ? len : 0;
	cx.t = out;
	cx.sc = out->scratch;
	cx.last_emoji = -1;
	cx.sc->ntags = 0;
	out->len = 0;
	out->ntok = 0;
	out_grow(out, 0);
	out->s[0] = '\0';

	decode_all(&cx);
	for (i = 0; i < cx.sc->nch;) {
		c = &cx.sc->ch[i];
		switch (c->cls) {
		case C_URL:
			emit_simple(&cx, ":url:", 5, c->os, c->oe, TEXT_URL);
			i++;
			break;
		case C_MENTION:
			emit_mention(&cx, c);
			i++;
			break;
		case C_EMOJI: {
			long keep;

			emit_emoji(&cx, c);
			keep = cx.last_emoji;
			i++;
			/* Separators between repeats keep the collapse. */
			while (i < cx.sc->nch && cx.sc->ch[i].cls == C_SEP)
				i++;
			cx.last_emoji = keep;
			break;
		}
		case C_HASH:
			j = 0;
			if (!i || !is_wordish(&cx.sc->ch[i - 1]))
				j = do_hashtag(&cx, i);
			i = j ? j : i + 1;
			cx.last_emoji = -1;
			break;
		case C_LET: case C_DIG: case C_OTHER: case C_SUP2:
			i = do_word(&cx, i);
			break;
		default:
			i++;
			if (c->cls != C_SEP)
				cx.last_emoji = -1;
			break;
		}
	}
	out->main_len = out->len;
	emit_tag_lines(&cx);
}

int text_span_to_orig(const struct text_norm *t, size_t a, size_t b,
		      size_t *oa, size_t *ob)
{
	if (a >= b || b > t->len)
		return -1;
	*oa = t->orig_start[a];
	*ob = t->orig_end[b - 1];
	if (*ob < *oa)
		return -1;
	return 0;
}
