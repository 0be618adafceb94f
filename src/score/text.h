/* SPDX-License-Identifier: MIT */
/*
 * Normalisation of Indonesian social-media text for matching word lists,
 * with a map from every normalised byte back to the bytes of the original
 * post, so that a match can be shown and quoted exactly as it was written.
 *
 * The normalised text is lower-case words separated by single spaces
 * (the "main line"), then one line per hashtag holding the hashtag joined
 * ("\n#prabowogibran2024"). Word lists are normalised by the same
 * function, so both sides agree. The rules, in the order they apply:
 *
 *  - Input may be any bytes: invalid UTF-8 and NULs are separators.
 *  - Case and look-alikes: ASCII, Latin-1 and Latin Extended-A letters
 *    lose case and accents (e with acute -> e); mathematical alphanumeric
 *    letters and digits (bold, italic, double-struck, ...), fullwidth
 *    forms, small capitals, circled and squared letters and the
 *    Cyrillic/Greek letters that look Latin become ASCII. Other scripts
 *    are kept as they are (UTF-8), as word characters.
 *  - Invisible characters join, they do not separate: zero-width spaces
 *    and joiners, soft hyphens, variation selectors, skin-tone modifiers
 *    and combining marks are dropped, and the character before them
 *    covers their bytes in the map ("cob<ZWSP>los" -> "coblos").
 *  - Apostrophes between letters join ("Sam'ani" -> "samani"); other
 *    punctuation separates ("Prabowo-Gibran" -> "prabowo gibran"), and
 *    so do HTML entities left in by exports ("&amp;", "&amp", "&#39;").
 *  - Numbers keep their digits as written ("02" stays "02"; lists that
 *    mean both must say both). Digits joined by . , : or / stay one
 *    token ("2.000", "19.00", "2/12/2023"), so a price or a date never
 *    yields a bare "2". Keycaps (3 + U+FE0F + U+20E3) are their digit.
 *  - Leetspeak: inside a word, a run of one or two of the digits
 *    0 1 3 4 5 7 between letters becomes o i e a s t ("c0bl0s" ->
 *    "coblos", "pr4bowo2024" -> "prabowo 2024"); then a leading or
 *    trailing one converts too ("4ni3s" -> "anies"). A single trailing
 *    0 after letters is "o" ("n0" -> "no"). '@' between letters is 'a'.
 *    Otherwise letters and digits split into words ("4jari" -> "4 jari",
 *    "jokowi2019" -> "jokowi 2019").
 *  - Reduplication: a word of two letters or more followed by "2" or a
 *    superscript two, at the end or before a suffix (nya an kan lah pun
 *    mu ku), is the word ("ibu2" -> "ibu", "satu2nya" -> "satunya",
 *    "survei" + U+00B2 -> "survei"; "pilih2" -> "pilih"), except after
 *    a word that counts things ("nomor2", "paslon2", "ke2" -> "... 2").
 *    A name before 2 is read the same way ("gibran2" -> "gibran").
 *  - Letters spaced out to dodge filters join: three or more single
 *    letters with gaps of one space, '-' or '.' ("c o b l o s",
 *    "C.O.B.L.O.S" -> "coblos"). Two spaced words run together unless
 *    a wider gap parts them ("c o b l o s  n o 2" needs the two spaces).
 *  - Stretched letters: a run of three or more of the same letter is
 *    one ("dukunggg" -> "dukung", "mantaaap" -> "mantap"). Two stay two
 *    ("saat", "maaf", "Bellinda"); "dukungg" therefore stays as it is.
 *  - Abbreviations, whole words only, from a small table (yg -> yang,
 *    dgn -> dengan, tdk/gak/ga -> tidak, jgn -> jangan, nmr/nomer ->
 *    nomor, ...). "no" becomes "nomor" only before a number ("no 2",
 *    "No.2", "no2", "n0 2"), since it is also a plain "no".
 *  - Hashtags: "#CoblosNomor2" gives the words "coblos nomor 2" in the
 *    main line (split at case changes, letter/digit changes and '_';
 *    "#AMINAjaDulu" -> "amin aja dulu") and the joined "#coblosnomor2"
 *    on a line of its own. The joined form only folds case and look-
 *    alikes, so "#PrabowoGibran2024" and "#prabowogibran2024" are the
 *    same; an all-lower-case hashtag cannot be split into words.
 *  - Mentions "@Handle_1" are the token "@handle_1" ('@' must follow a
 *    non-word character); URLs (http://, https://, www.) are the token
 *    ":url:"; the token's map covers the whole mention or URL, so the
 *    host can be read from the input. E-mail addresses are not
 *    recognised ("budi@gmail.com" -> "budiagmail com").
 *  - Gesture emoji are tokens with GitHub-style names (U+270C -> ":v:",
 *    U+261D -> ":point_up:", U+1F91F -> ":love_you_gesture:", ...; see
 *    text.c), whatever skin tone or variation selector follows; the
 *    same gesture repeated ("two fingers" three times) is one token.
 *    Other emoji and symbols are separators.
 *
 * Tokens written as ":name:" or "@name" cannot come out of plain words,
 * so no one can type a gesture or a mention by spelling its name.
 */
#ifndef NETRA_SCORE_TEXT_H
#define NETRA_SCORE_TEXT_H

#include <stddef.h>

enum text_tok_kind {
	TEXT_WORD = 1,		/* letters (and other scripts) */
	TEXT_NUMBER,		/* digits, maybe with . , : / inside */
	TEXT_MENTION,		/* "@handle" */
	TEXT_URL,		/* ":url:" */
	TEXT_EMOJI,		/* ":name:" */
	TEXT_HASHTAG		/* "#joined", on its own line */
};

enum text_tok_flags {
	TEXT_F_HASHTAG = 1 << 0,	/* a word split out of a hashtag */
	TEXT_F_ABBREV = 1 << 1,		/* expanded from an abbreviation */
	TEXT_F_LEET = 1 << 2,		/* had digits or '@' read as letters */
	TEXT_F_STRETCH = 1 << 3,	/* had a stretched letter collapsed */
	TEXT_F_FOLDED = 1 << 4		/* had non-ASCII letters folded */
};

struct text_tok {
	size_t start;		/* offset in text_norm.s */
	size_t len;		/* bytes in text_norm.s */
	size_t orig_start;	/* [orig_start, orig_end) in the input */
	size_t orig_end;
	unsigned kind;		/* enum text_tok_kind */
	unsigned flags;		/* enum text_tok_flags */
};

/*
 * s[0..len) is the normalised text, NUL-terminated; the main line is
 * s[0..main_len), each hashtag line follows after a '\n'. For every
 * byte i of s, [orig_start[i], orig_end[i]) are the input bytes it came
 * from (a space covers the gap between its two words). Everything is
 * owned by the struct; text_normalize() reuses the allocations, so
 * normalising many posts into one struct allocates only while it grows.
 */
struct text_norm {
	char *s;
	size_t len;
	size_t main_len;
	size_t *orig_start;
	size_t *orig_end;
	struct text_tok *tok;	/* main-line tokens, then hashtag lines */
	size_t ntok;

	size_t cap;		/* allocated bytes of s and the two maps */
	size_t tok_cap;
	void *scratch;		/* private working space */
};

#define TEXT_NORM_INIT { NULL, 0, 0, NULL, NULL, NULL, 0, 0, 0, NULL }

void text_norm_init(struct text_norm *t);
/* Frees everything; t is empty and usable again. */
void text_norm_release(struct text_norm *t);

/*
 * Normalises utf8[0..len) into out (whose previous contents are
 * replaced). Never fails: any byte sequence is accepted, and memory
 * exhaustion exits through xmalloc().
 */
void text_normalize(const char *utf8, size_t len, struct text_norm *out);

/*
 * Maps the span [a, b) of t->s (a < b <= t->len) to the input bytes
 * [*oa, *ob) it came from. Returns 0, or -1 when the span is empty or
 * out of range.
 */
int text_span_to_orig(const struct text_norm *t, size_t a, size_t b,
		      size_t *oa, size_t *ob);

/*
 * Folds one code point to ASCII: returns the letter or digit (upper-case
 * letters stay upper-case, so hashtags can be split), or 0 when cp is
 * not a letter or digit that has an ASCII look-alike.
 */
int text_fold_cp(unsigned long cp);

#endif
