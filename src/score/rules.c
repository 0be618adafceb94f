/* SPDX-License-Identifier: MIT */
/*
 * Loads and validates the election files (elections/) and the indicator
 * catalogues (indicators/) into struct rules, and answers the scorer's
 * questions: which races cover a region, which phase a race is in.
 *
 * cJSON keeps no positions, so each file is also walked once by a small
 * scanner that records the line of every value under its path
 * ("races[0].candidates[1].number"); an error looks its path up there,
 * or its parent's when the field is missing. Validation goes on after
 * an error, so one run lists every problem.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "score/rules.h"
#include "util/banned.h"

#ifndef NETRA_DATADIR
#define NETRA_DATADIR "/usr/local/share/netra"
#endif

/*
 * Gesture tokens: the names the text normaliser gives hand-sign emoji,
 * plus pose_* for hand signs that have no emoji (set by a reviewer on a
 * photo). Keep in sync with schema/elections.schema.json.
 */
const char *const rules_gesture_tokens[] = {
	"emoji_satu_jari",	/* U+261D, U+1F446 */
	"emoji_dua_jari",	/* U+270C */
	"emoji_tiga_jari_metal", /* U+1F91F */
	"emoji_lima_jari",	/* U+1F590, U+270B */
	"emoji_jempol",		/* U+1F44D */
	"emoji_finger_heart",	/* U+1FAF0 */
	"emoji_telepon",	/* U+1F919 */
	"emoji_ok",		/* U+1F44C */
	"emoji_kepalan",	/* U+270A */
	"emoji_otot",		/* U+1F4AA */
	"emoji_keycap_0", "emoji_keycap_1", "emoji_keycap_2",
	"emoji_keycap_3", "emoji_keycap_4", "emoji_keycap_5",
	"emoji_keycap_6", "emoji_keycap_7", "emoji_keycap_8",
	"emoji_keycap_9", "emoji_keycap_10",
	"pose_tiga_jari",	/* index, middle, ring finger */
	"pose_empat_jari",	/* four fingers */
	"pose_w",		/* the "W" of Wiwit (Jepara 2024) */
	"pose_pistol",		/* thumb and index finger */
	NULL
};

const char *const rules_gesture_emoji[] = {
	"\xe2\x98\x9d \xf0\x9f\x91\x86", "\xe2\x9c\x8c", "\xf0\x9f\xa4\x9f",
	"\xf0\x9f\x96\x90 \xe2\x9c\x8b", "\xf0\x9f\x91\x8d",
	"\xf0\x9f\xab\xb0", "\xf0\x9f\xa4\x99", "\xf0\x9f\x91\x8c",
	"\xe2\x9c\x8a", "\xf0\x9f\x92\xaa",
	"0\xef\xb8\x8f\xe2\x83\xa3", "1\xef\xb8\x8f\xe2\x83\xa3",
	"2\xef\xb8\x8f\xe2\x83\xa3", "3\xef\xb8\x8f\xe2\x83\xa3",
	"4\xef\xb8\x8f\xe2\x83\xa3", "5\xef\xb8\x8f\xe2\x83\xa3",
	"6\xef\xb8\x8f\xe2\x83\xa3", "7\xef\xb8\x8f\xe2\x83\xa3",
	"8\xef\xb8\x8f\xe2\x83\xa3", "9\xef\xb8\x8f\xe2\x83\xa3",
	"\xf0\x9f\x94\x9f",
	"", "", "", "",
	NULL
};

static const char *const phase_names[] = {
	"penetapan_peserta", "pendaftaran", "penetapan", "pengundian_nomor",
	"kampanye", "masa_tenang", "pemungutan", "rekapitulasi",
	"penetapan_terpilih", NULL
};

static const char *const race_types[] = {
	"pilpres", "pileg", "gubernur", "bupati", "walikota", NULL
};

/* Roles of a pair, head first, per race type (pileg has none). */
static const char *const race_roles[][2] = {
	{ "capres", "cawapres" },
	{ NULL, NULL },
	{ "cagub", "cawagub" },
	{ "cabup", "cawabup" },
	{ "cawalkot", "cawawalkot" }
};

static const char *const platforms[] = {
	"x", "instagram", "facebook", "tiktok", "youtube", "whatsapp", NULL
};
static const char *const account_kinds[] = {
	"candidate", "team", "party", "relawan", NULL
};
static const char *const list_kinds[] = {
	"context", "act_support", "call_for", "call_against", "interaction",
	"attendance", "photo", "party_member", "team_member", "counter", NULL
};
static const char *const needs_values[] = {
	"candidate", "candidate_or_account", "account", "gesture", "party",
	"none", NULL
};
static const char *const post_kinds[] = {
	"post", "reply", "repost", "quote", "comment", "like", "follow", NULL
};
static const char *const legal_tables[] = { "kode_etik", "disiplin", NULL };
static const char *const sanctions[] = {
	"moral", "ringan", "sedang", "berat", "ptdh", "satgas", NULL
};

const char *rules_phase_name(enum rules_phase_kind kind)
{
	return kind < PHASE_COUNT ? phase_names[kind] : "?";
}

const char *rules_race_type_name(enum rules_race_type type)
{
	return type <= RACE_WALIKOTA ? race_types[type] : "?";
}

static int find_name(const char *const *names, const char *s)
{
	int i;

	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* ---- the line scanner ---- */

struct pathline {
	char *path;
	int line;
};

struct linemap {
	struct pathline *v;
	size_t n, cap;
	struct pathline *dups;	/* keys given twice in one object */
	size_t n_dups, cap_dups;
};

static void pl_push(struct pathline **v, size_t *n, size_t *cap,
		    const char *path, int line)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].path = xstrdup(path);
	(*v)[*n].line = line;
	(*n)++;
}

static void linemap_add(struct linemap *m, const char *path, int line)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].path, path)) {
			pl_push(&m->dups, &m->n_dups, &m->cap_dups, path,
				line);
			return;
		}
	pl_push(&m->v, &m->n, &m->cap, path, line);
}

static void linemap_free(struct linemap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	for (i = 0; i < m->n_dups; i++)
		free(m->dups[i].path);
	free(m->v);
	free(m->dups);
	memset(m, 0, sizeof(*m));
}

struct scan {
	const char *p, *end;
	int line;
	struct linemap *m;
	struct buf path;
};

static void sc_ws(struct scan *s)
{
	while (s->p < s->end) {
		if (*s->p == '\n')
			s->line++;
		else if (*s->p != ' ' && *s->p != '\t' && *s->p != '\r')
			break;
		s->p++;
	}
}

static void sc_string(struct scan *s, struct buf *out)
{
	s->p++;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end) {
			if (out)
				buf_addch(out, s->p[1]);
			s->p += 2;
			continue;
		}
		if (out)
			buf_addch(out, *s->p);
		s->p++;
	}
	if (s->p < s->end)
		s->p++;
}

static void sc_value(struct scan *s, int depth)
{
	struct buf key = BUF_INIT;
	const char *before;
	size_t mark, i = 0;

	sc_ws(s);
	if (s->p >= s->end || depth > 256)
		return;
	if (*s->p == '{' || *s->p == '[') {
		char close = *s->p == '{' ? '}' : ']';

		s->p++;
		for (;;) {
			sc_ws(s);
			if (s->p >= s->end)
				break;
			if (*s->p == close) {
				s->p++;
				break;
			}
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			before = s->p;
			mark = s->path.len;
			if (close == '}') {
				if (*s->p != '"')
					break;
				buf_reset(&key);
				sc_string(s, &key);
				if (s->path.len)
					buf_addch(&s->path, '.');
				buf_add(&s->path, key.s, key.len);
				linemap_add(s->m, s->path.s, s->line);
				sc_ws(s);
				if (s->p < s->end && *s->p == ':')
					s->p++;
				sc_value(s, depth + 1);
			} else {
				buf_addf(&s->path, "[%zu]", i++);
				sc_ws(s);
				linemap_add(s->m, s->path.s, s->line);
				sc_value(s, depth + 1);
			}
			buf_setlen(&s->path, mark);
			if (s->p == before)
				break;
		}
		buf_release(&key);
		return;
	}
	if (*s->p == '"') {
		sc_string(s, NULL);
		return;
	}
	while (s->p < s->end && !strchr(",}] \t\r\n", *s->p))
		s->p++;
}

static void scan_lines(const char *text, size_t len, struct linemap *m)
{
	struct scan s;

	s.p = text;
	s.end = text + len;
	s.line = 1;
	s.m = m;
	buf_init(&s.path);
	sc_ws(&s);
	linemap_add(m, "", s.line);
	sc_value(&s, 0);
	buf_release(&s.path);
}

/* ---- errors and the path of the value being checked ---- */

struct ctx {
	const char *file;
	struct linemap lines;
	struct buf path;
	struct buf *err;
	int errors;
	struct rules_strings parties;	/* acronyms of every pileg race */
};

static int line_of(const struct ctx *c, const char *path)
{
	struct buf p = BUF_INIT;
	int line = 1;
	size_t i;
	char *cut;

	buf_adds(&p, path);
	for (;;) {
		for (i = 0; i < c->lines.n; i++)
			if (!strcmp(c->lines.v[i].path, p.s)) {
				line = c->lines.v[i].line;
				goto out;
			}
		if (!p.len)
			break;
		cut = strrchr(p.s, '.');
		if (!cut || (strrchr(p.s, '[') && strrchr(p.s, '[') > cut))
			cut = strrchr(p.s, '[');
		buf_setlen(&p, cut ? (size_t)(cut - p.s) : 0);
	}
out:
	buf_release(&p);
	return line;
}

__attribute__((format(printf, 3, 4)))
static void fail(struct ctx *c, const char *field, const char *fmt, ...)
{
	struct buf path = BUF_INIT;
	va_list ap;

	buf_add(&path, c->path.s, c->path.len);
	if (field) {
		if (path.len)
			buf_addch(&path, '.');
		buf_adds(&path, field);
	}
	buf_addf(c->err, "%s:%d: ", c->file, line_of(c, path.s));
	if (path.len)
		buf_addf(c->err, "%s: ", path.s);
	va_start(ap, fmt);
	buf_vaddf(c->err, fmt, ap);
	va_end(ap);
	buf_addch(c->err, '\n');
	c->errors++;
	buf_release(&path);
}

static size_t path_key(struct ctx *c, const char *key)
{
	size_t mark = c->path.len;

	if (c->path.len)
		buf_addch(&c->path, '.');
	buf_adds(&c->path, key);
	return mark;
}

static size_t path_index(struct ctx *c, size_t i)
{
	size_t mark = c->path.len;

	buf_addf(&c->path, "[%zu]", i);
	return mark;
}

static void path_pop(struct ctx *c, size_t mark)
{
	buf_setlen(&c->path, mark);
}

/* A short description of a JSON value for "expected X, got Y". */
static const char *describe(const cJSON *v, struct buf *b)
{
	const char *s;
	size_t n = 0;

	buf_reset(b);
	if (cJSON_IsString(v)) {
		buf_addch(b, '"');
		for (s = v->valuestring; *s && n < 40; s++, n++)
			buf_addch(b, (unsigned char)*s < 0x20 ? '?' : *s);
		if (*s)
			buf_adds(b, "...");
		buf_addch(b, '"');
	} else if (cJSON_IsNumber(v)) {
		buf_addf(b, "%g", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		buf_adds(b, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNull(v)) {
		buf_adds(b, "null");
	} else if (cJSON_IsArray(v)) {
		buf_adds(b, "an array");
	} else {
		buf_adds(b, "an object");
	}
	return b->s;
}

static void fail_type(struct ctx *c, const char *want, const cJSON *v)
{
	struct buf d = BUF_INIT;

	fail(c, NULL, "expected %s, got %s", want, describe(v, &d));
	buf_release(&d);
}

/* Reports fields of obj not named in allowed. */
static void check_keys(struct ctx *c, const cJSON *obj,
		       const char *const *allowed)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, obj)
		if (find_name(allowed, v->string) < 0)
			fail(c, v->string, "unknown field");
}

static const cJSON *member(struct ctx *c, const cJSON *obj, const char *key,
			   int required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v && required)
		fail(c, key, "required field missing");
	return v;
}

/* Strings: valid UTF-8; no control characters. */
static int string_ok(struct ctx *c, const cJSON *v, int nonempty)
{
	size_t bad, i, len;

	if (!cJSON_IsString(v)) {
		fail_type(c, "a string", v);
		return 0;
	}
	len = strlen(v->valuestring);
	if (nonempty && !len) {
		fail(c, NULL, "must not be empty");
		return 0;
	}
	if (!utf8_valid(v->valuestring, len, &bad)) {
		fail(c, NULL, "not valid UTF-8 at byte %zu", bad);
		return 0;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)v->valuestring[i] < 0x20) {
			fail(c, NULL, "control character at byte %zu", i);
			return 0;
		}
	return 1;
}

static void get_str(struct ctx *c, const cJSON *obj, const char *key,
		    int required, char **out)
{
	const cJSON *v = member(c, obj, key, required);
	size_t mark;

	if (!v)
		return;
	mark = path_key(c, key);
	if (string_ok(c, v, required))
		*out = xstrdup(v->valuestring);
	path_pop(c, mark);
}

/* A string that must be one of names; returns its index or -1. */
static int get_enum(struct ctx *c, const cJSON *obj, const char *key,
		    const char *const *names, char **copy)
{
	const cJSON *v = member(c, obj, key, 1);
	size_t mark;
	int i = -1;

	if (!v)
		return -1;
	mark = path_key(c, key);
	if (string_ok(c, v, 1)) {
		i = find_name(names, v->valuestring);
		if (i < 0) {
			struct buf all = BUF_INIT;
			int j;

			for (j = 0; names[j]; j++)
				buf_addf(&all, "%s%s", j ? ", " : "",
					 names[j]);
			fail(c, NULL, "unknown value \"%s\" (one of: %s)",
			     v->valuestring, all.s);
			buf_release(&all);
		} else if (copy) {
			*copy = xstrdup(v->valuestring);
		}
	}
	path_pop(c, mark);
	return i;
}

static int get_int(struct ctx *c, const cJSON *obj, const char *key,
		   int required, int lo, int hi, int *out)
{
	const cJSON *v = member(c, obj, key, required);
	struct buf d = BUF_INIT;
	size_t mark;
	int rc = -1;

	if (!v)
		return -1;
	mark = path_key(c, key);
	if (!cJSON_IsNumber(v)) {
		fail_type(c, "an integer", v);
	} else if (v->valuedouble < lo || v->valuedouble > hi ||
		   v->valuedouble != (double)(int)v->valuedouble) {
		fail(c, NULL, "expected an integer from %d to %d, got %s", lo,
		     hi, describe(v, &d));
	} else {
		*out = (int)v->valuedouble;
		rc = 0;
	}
	buf_release(&d);
	path_pop(c, mark);
	return rc;
}

static void get_bool(struct ctx *c, const cJSON *obj, const char *key,
		     int *out)
{
	const cJSON *v = member(c, obj, key, 0);
	size_t mark;

	if (!v)
		return;
	mark = path_key(c, key);
	if (!cJSON_IsBool(v))
		fail_type(c, "true or false", v);
	else
		*out = cJSON_IsTrue(v);
	path_pop(c, mark);
}

/* "YYYY-MM-DD" to days since 1970-01-01; -1 when not such a date. */
static int parse_date(const char *s, int64_t *days)
{
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!date_valid(y, m, d))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

static int get_date(struct ctx *c, const cJSON *obj, const char *key,
		    int required, int64_t *days)
{
	const cJSON *v = member(c, obj, key, required);
	size_t mark;
	int rc = -1;

	if (!v)
		return -1;
	mark = path_key(c, key);
	if (string_ok(c, v, 1)) {
		if (parse_date(v->valuestring, days))
			fail(c, NULL, "expected a date YYYY-MM-DD, got \"%s\"",
			     v->valuestring);
		else
			rc = 0;
	}
	path_pop(c, mark);
	return rc;
}

/* ---- term and list checks ---- */

enum term_kind {
	TK_WORD,	/* normalised text, or a hashtag */
	TK_HASHTAG,	/* "#" + [a-z0-9_] */
	TK_GESTURE	/* a rules_gesture_tokens[] name */
};

static int term_ok(struct ctx *c, const char *s, enum term_kind kind)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	if (kind == TK_GESTURE) {
		if (find_name(rules_gesture_tokens, s) < 0) {
			fail(c, NULL, "unknown gesture token \"%s\" (see "
			     "schema/elections.schema.json)", s);
			return 0;
		}
		return 1;
	}
	if (*p == '#') {
		if (len < 2) {
			fail(c, NULL, "empty hashtag");
			return 0;
		}
		for (p++; *p; p++)
			if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
			      (*p >= '0' && *p <= '9') || *p == '_')) {
				fail(c, NULL, "hashtag \"%s\": only lower-case "
				     "letters, digits and '_' after '#'", s);
				return 0;
			}
		return 1;
	}
	if (kind == TK_HASHTAG) {
		fail(c, NULL, "hashtag \"%s\" must start with '#'", s);
		return 0;
	}
	if (s[0] == ' ' || s[len - 1] == ' ') {
		fail(c, NULL, "\"%s\" starts or ends with a space", s);
		return 0;
	}
	for (; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			fail(c, NULL, "\"%s\" must be lower case (terms are "
			     "matched on normalised text)", s);
			return 0;
		}
		if (*p == ' ' && p[1] == ' ') {
			fail(c, NULL, "\"%s\" has two spaces in a row", s);
			return 0;
		}
		if (*p < 0x80 && *p != ' ' && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= '0' && *p <= '9')) {
			fail(c, NULL, "\"%s\" has '%c': write punctuation as a "
			     "space, drop apostrophes", s, *p);
			return 0;
		}
	}
	return 1;
}

static int in_strings(const struct rules_strings *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

/* A check run on each element of a string array; 1 when fine. */
typedef int (*str_check_fn)(struct ctx *c, const char *s);

static void get_strings(struct ctx *c, const cJSON *obj, const char *key,
			int required, int nonempty, str_check_fn check,
			struct rules_strings *out)
{
	const cJSON *arr = member(c, obj, key, required), *v;
	size_t mark, m2, i = 0;

	if (!arr)
		return;
	mark = path_key(c, key);
	if (!cJSON_IsArray(arr)) {
		fail_type(c, "an array of strings", arr);
		goto out;
	}
	if (nonempty && !cJSON_GetArraySize(arr)) {
		fail(c, NULL, "must not be empty");
		goto out;
	}
	out->v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (string_ok(c, v, 1) &&
		    (!check || check(c, v->valuestring))) {
			if (in_strings(out, v->valuestring))
				fail(c, NULL, "\"%s\" is listed twice",
				     v->valuestring);
			else
				out->v[out->n++] = xstrdup(v->valuestring);
		}
		path_pop(c, m2);
	}
out:
	path_pop(c, mark);
}

static int check_word(struct ctx *c, const char *s)
{
	return term_ok(c, s, TK_WORD);
}

static int check_region(struct ctx *c, const char *s)
{
	size_t n = strlen(s);

	if (!strcmp(s, "ID") ||
	    (n == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
	     s[1] <= '9') ||
	    (n == 5 && rules_region_valid(s)))
		return 1;
	fail(c, NULL, "expected a region code \"NN\", \"NN.NN\" or \"ID\", "
	     "got \"%s\"", s);
	return 0;
}

/* A candidate's party must be a pileg party, when any pileg is loaded. */
static int check_party(struct ctx *c, const char *s)
{
	if (!c->parties.n || in_strings(&c->parties, s))
		return 1;
	fail(c, NULL, "unknown party \"%s\" (not the acronym of a party in "
	     "any pileg race)", s);
	return 0;
}

static const char *const term_keys[] = {
	"text", "strength", "unconfirmed", "note", NULL
};

static void get_terms(struct ctx *c, const cJSON *obj, const char *key,
		      int required, enum term_kind kind,
		      struct rules_terms *out)
{
	static const char *const strengths[] = { "strong", "ambiguous", NULL };
	const cJSON *arr = member(c, obj, key, required), *v;
	size_t mark, m2, i = 0, j;
	struct rules_term *t;
	int s;

	if (!arr)
		return;
	mark = path_key(c, key);
	if (!cJSON_IsArray(arr)) {
		fail_type(c, "an array of terms", arr);
		goto out;
	}
	if (required && !cJSON_GetArraySize(arr)) {
		fail(c, NULL, "must not be empty");
		goto out;
	}
	out->v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*t));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "a term object {\"text\", \"strength\"}",
				  v);
			path_pop(c, m2);
			continue;
		}
		t = &out->v[out->n];
		memset(t, 0, sizeof(*t));
		check_keys(c, v, term_keys);
		get_str(c, v, "text", 1, &t->text);
		s = get_enum(c, v, "strength", strengths, NULL);
		t->strength = s == 1 ? RULES_AMBIGUOUS : RULES_STRONG;
		get_bool(c, v, "unconfirmed", &t->unconfirmed);
		get_str(c, v, "note", 0, &t->note);
		if (t->text) {
			size_t m3 = path_key(c, "text");
			int fine = term_ok(c, t->text, kind);

			for (j = 0; fine && j < out->n; j++)
				if (!strcmp(out->v[j].text, t->text)) {
					fail(c, NULL, "\"%s\" is listed twice",
					     t->text);
					fine = 0;
				}
			path_pop(c, m3);
			if (fine && s >= 0) {
				out->n++;
				path_pop(c, m2);
				continue;
			}
		}
		free(t->text);
		free(t->note);
		path_pop(c, m2);
	}
out:
	path_pop(c, mark);
}

static const char *const account_keys[] = {
	"platform", "handle", "kind", "unconfirmed", "note", NULL
};

static void get_accounts(struct ctx *c, const cJSON *obj,
			 struct rules_accounts *out)
{
	const cJSON *arr = member(c, obj, "accounts", 0), *v;
	size_t mark, m2, i = 0;
	struct rules_account *a;
	const char *p;

	if (!arr)
		return;
	mark = path_key(c, "accounts");
	if (!cJSON_IsArray(arr)) {
		fail_type(c, "an array of accounts", arr);
		goto out;
	}
	out->v = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*a));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "an account object", v);
			path_pop(c, m2);
			continue;
		}
		a = &out->v[out->n++];
		check_keys(c, v, account_keys);
		get_enum(c, v, "platform", platforms, &a->platform);
		get_enum(c, v, "kind", account_kinds, &a->kind);
		get_str(c, v, "handle", 1, &a->handle);
		get_bool(c, v, "unconfirmed", &a->unconfirmed);
		get_str(c, v, "note", 0, &a->note);
		for (p = a->handle; p && *p; p++)
			if (!((*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '_' ||
			      *p == '.')) {
				fail(c, "handle", "\"%s\": letters, digits, "
				     "'_' and '.' only, without '@'",
				     a->handle);
				break;
			}
		path_pop(c, m2);
	}
out:
	path_pop(c, mark);
}

/* ---- elections ---- */

static const char *const election_keys[] = {
	"id", "election", "name", "legal_basis", "utc_offset",
	"region_decree", "note", "sources", "races", NULL
};
static const char *const race_keys[] = {
	"id", "type", "name", "regions", "phases", "candidates", "parties",
	"note", "sources", NULL
};
static const char *const phase_keys[] = {
	"phase", "start", "end", "note", NULL
};
static const char *const candidate_keys[] = {
	"number", "members", "coalition", "aliases", "number_words",
	"slogans", "hashtags", "gestures", "teams", "against", "parties",
	"supporters", "parties_complete", "independent", "accounts",
	"unconfirmed", "note", "sources", NULL
};
static const char *const member_keys[] = {
	"role", "name", "aliases", "unconfirmed", "note", NULL
};
static const char *const party_keys[] = {
	"number", "acronym", "name", "aliases", "hashtags", "accounts",
	"unconfirmed", "note", NULL
};

static int check_id(struct ctx *c, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			break;
	if (*p || !*s) {
		fail(c, NULL, "\"%s\": an id is lower-case letters, digits, "
		     "'-' and '_'", s);
		return 0;
	}
	return 1;
}

static void get_id(struct ctx *c, const cJSON *obj, char **out)
{
	size_t mark;

	get_str(c, obj, "id", 1, out);
	if (*out) {
		mark = path_key(c, "id");
		if (!check_id(c, *out)) {
			free(*out);
			*out = NULL;
		}
		path_pop(c, mark);
	}
}

/* "+07:00" to minutes; -1 with an error otherwise. */
static int parse_offset(const char *s, int *min)
{
	int h, m;

	if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
	    s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' ||
	    s[4] < '0' || s[4] > '5' || s[5] < '0' || s[5] > '9')
		return -1;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	if (h > 14)
		return -1;
	*min = (h * 60 + m) * (s[0] == '-' ? -1 : 1);
	return 0;
}

static void load_phases(struct ctx *c, const cJSON *race, int utc_offset,
			struct rules_race *r)
{
	const cJSON *arr = member(c, race, "phases", 1), *v;
	size_t mark, m2, i = 0;
	struct rules_phase *ph, *prev = NULL;
	int64_t start, end;
	int k, have[PHASE_COUNT] = { 0 };

	if (!arr)
		return;
	mark = path_key(c, "phases");
	if (!cJSON_IsArray(arr)) {
		fail_type(c, "an array of phases", arr);
		goto out;
	}
	r->phases = xcalloc((size_t)cJSON_GetArraySize(arr) + 1,
			    sizeof(*ph));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "a phase object", v);
			path_pop(c, m2);
			continue;
		}
		check_keys(c, v, phase_keys);
		k = get_enum(c, v, "phase", phase_names, NULL);
		start = end = 0;
		if (get_date(c, v, "start", 1, &start) |
		    get_date(c, v, "end", 1, &end) || k < 0) {
			if (k >= 0)
				have[k] = 1;	/* no second error for it */
			path_pop(c, m2);
			continue;
		}
		ph = &r->phases[r->n_phases];
		ph->kind = (enum rules_phase_kind)k;
		ph->start = start * 86400 - (int64_t)utc_offset * 60;
		ph->end = (end + 1) * 86400 - (int64_t)utc_offset * 60;
		get_str(c, v, "note", 0, &ph->note);
		if (have[k]) {
			fail(c, "phase", "\"%s\" is given twice",
			     phase_names[k]);
		} else if (end < start) {
			fail(c, "end", "ends before it starts");
		} else if (prev && prev->kind > ph->kind) {
			fail(c, "phase", "\"%s\" is out of order: it must come "
			     "before \"%s\"", phase_names[k],
			     phase_names[prev->kind]);
		} else if (prev && ph->start < prev->start) {
			fail(c, "start", "\"%s\" starts before \"%s\"",
			     phase_names[k], phase_names[prev->kind]);
		} else if (prev && prev->kind >= PHASE_KAMPANYE &&
			   prev->kind <= PHASE_MASA_TENANG &&
			   ph->kind <= PHASE_PEMUNGUTAN &&
			   ph->start < prev->end) {
			fail(c, "start", "\"%s\" overlaps \"%s\"",
			     phase_names[k], phase_names[prev->kind]);
		}
		have[k] = 1;
		prev = ph;
		r->n_phases++;
		path_pop(c, m2);
	}
	for (k = PHASE_KAMPANYE; k <= PHASE_PEMUNGUTAN; k++)
		if (!have[k])
			fail(c, NULL, "no \"%s\" phase", phase_names[k]);
out:
	path_pop(c, mark);
}

static void load_member(struct ctx *c, const cJSON *v, int type,
			size_t idx, struct rules_member *m)
{
	const char *head = race_roles[type][0], *deputy = race_roles[type][1];
	size_t mark;

	check_keys(c, v, member_keys);
	get_str(c, v, "role", 1, &m->role);
	get_str(c, v, "name", 1, &m->name);
	get_terms(c, v, "aliases", 1, TK_WORD, &m->aliases);
	get_bool(c, v, "unconfirmed", &m->unconfirmed);
	get_str(c, v, "note", 0, &m->note);
	if (m->role && head) {
		mark = path_key(c, "role");
		if (strcmp(m->role, idx ? deputy : head))
			fail(c, NULL, "expected \"%s\" for a %s race, got "
			     "\"%s\"", idx ? deputy : head,
			     race_types[type], m->role);
		path_pop(c, mark);
	}
}

static void load_candidate(struct ctx *c, const cJSON *v, int type,
			   struct rules_candidate *k)
{
	const cJSON *arr;
	size_t mark, m2, i = 0;

	k->parties_complete = 1;
	check_keys(c, v, candidate_keys);
	get_int(c, v, "number", 1, 1, 99, &k->number);
	arr = member(c, v, "members", 1);
	if (arr) {
		mark = path_key(c, "members");
		if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1 ||
		    cJSON_GetArraySize(arr) > 2) {
			fail_type(c, "an array of one or two members", arr);
		} else {
			k->members = xcalloc(2, sizeof(*k->members));
			cJSON_ArrayForEach(v, arr) {
				m2 = path_index(c, i);
				if (cJSON_IsObject(v))
					load_member(c, v, type, i,
						&k->members[k->n_members++]);
				else
					fail_type(c, "a member object", v);
				path_pop(c, m2);
				i++;
			}
		}
		path_pop(c, mark);
	}
}

static void load_candidate_rest(struct ctx *c, const cJSON *v,
				struct rules_candidate *k)
{
	get_str(c, v, "coalition", 0, &k->coalition);
	get_terms(c, v, "aliases", 0, TK_WORD, &k->aliases);
	get_strings(c, v, "number_words", 0, 0, check_word, &k->number_words);
	get_terms(c, v, "slogans", 0, TK_WORD, &k->slogans);
	get_terms(c, v, "hashtags", 0, TK_HASHTAG, &k->hashtags);
	get_terms(c, v, "gestures", 0, TK_GESTURE, &k->gestures);
	get_terms(c, v, "teams", 0, TK_WORD, &k->teams);
	get_terms(c, v, "against", 0, TK_WORD, &k->against);
	get_strings(c, v, "parties", 1, 0, check_party, &k->parties);
	get_strings(c, v, "supporters", 0, 0, NULL, &k->supporters);
	get_strings(c, v, "sources", 0, 0, NULL, &k->sources);
	get_bool(c, v, "parties_complete", &k->parties_complete);
	get_bool(c, v, "independent", &k->independent);
	get_bool(c, v, "unconfirmed", &k->unconfirmed);
	get_str(c, v, "note", 0, &k->note);
	get_accounts(c, v, &k->accounts);
	if (k->independent && k->parties.n)
		fail(c, "parties", "an independent (perseorangan) pair has "
		     "no parties");
	if (!k->independent && cJSON_IsArray(member(c, v, "parties", 0)) &&
	    !cJSON_GetArraySize(member(c, v, "parties", 0)))
		fail(c, "parties", "must not be empty unless "
		     "\"independent\": true");
}

static void load_party(struct ctx *c, const cJSON *v, struct rules_party *p)
{
	check_keys(c, v, party_keys);
	get_int(c, v, "number", 1, 1, 99, &p->number);
	get_str(c, v, "acronym", 1, &p->acronym);
	get_str(c, v, "name", 0, &p->name);
	get_terms(c, v, "aliases", 1, TK_WORD, &p->aliases);
	get_terms(c, v, "hashtags", 0, TK_HASHTAG, &p->hashtags);
	get_accounts(c, v, &p->accounts);
	get_bool(c, v, "unconfirmed", &p->unconfirmed);
	get_str(c, v, "note", 0, &p->note);
}

static void load_region_rules(struct ctx *c, struct rules_race *r)
{
	size_t i, mark;
	const char *s;
	int kk;

	for (i = 0; i < r->regions.n; i++) {
		s = r->regions.v[i];
		mark = path_key(c, "regions");
		path_index(c, i);
		kk = strlen(s) == 5 ? (s[3] - '0') * 10 + (s[4] - '0') : -1;
		if ((r->type == RACE_PILPRES || r->type == RACE_PILEG) &&
		    strcmp(s, "ID"))
			fail(c, NULL, "a %s race covers \"ID\", not \"%s\"",
			     race_types[r->type], s);
		else if (r->type == RACE_GUBERNUR && strlen(s) != 2)
			fail(c, NULL, "a gubernur race covers a province "
			     "\"NN\", not \"%s\"", s);
		else if (r->type == RACE_BUPATI && !(kk >= 1 && kk <= 69))
			fail(c, NULL, "a bupati race covers a kabupaten "
			     "\"NN.01\" to \"NN.69\", not \"%s\"", s);
		else if (r->type == RACE_WALIKOTA && !(kk >= 71 && kk <= 99))
			fail(c, NULL, "a walikota race covers a kota "
			     "\"NN.71\" to \"NN.99\", not \"%s\"", s);
		path_pop(c, mark);
	}
}

static void load_race(struct ctx *c, const cJSON *v, int utc_offset,
		      struct rules_race *r)
{
	const cJSON *arr, *e;
	size_t mark, m2, i, j;
	int type;

	check_keys(c, v, race_keys);
	get_id(c, v, &r->id);
	type = get_enum(c, v, "type", race_types, NULL);
	get_str(c, v, "name", 1, &r->name);
	get_str(c, v, "note", 0, &r->note);
	get_strings(c, v, "regions", 1, 1, check_region, &r->regions);
	get_strings(c, v, "sources", 0, 0, NULL, &r->sources);
	load_phases(c, v, utc_offset, r);
	if (type < 0)
		return;
	r->type = (enum rules_race_type)type;
	load_region_rules(c, r);
	if (r->type == RACE_PILEG) {
		if (member(c, v, "candidates", 0))
			fail(c, "candidates", "a pileg race lists parties, "
			     "not candidates");
		arr = member(c, v, "parties", 1);
	} else {
		if (member(c, v, "parties", 0))
			fail(c, "parties", "only a pileg race lists parties");
		arr = member(c, v, "candidates", 1);
	}
	if (!arr)
		return;
	mark = path_key(c, r->type == RACE_PILEG ? "parties" : "candidates");
	if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
		fail_type(c, "a non-empty array", arr);
		path_pop(c, mark);
		return;
	}
	i = 0;
	if (r->type == RACE_PILEG)
		r->parties = xcalloc((size_t)cJSON_GetArraySize(arr),
				     sizeof(*r->parties));
	else
		r->candidates = xcalloc((size_t)cJSON_GetArraySize(arr),
					sizeof(*r->candidates));
	cJSON_ArrayForEach(e, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(e)) {
			fail_type(c, "an object", e);
		} else if (r->type == RACE_PILEG) {
			struct rules_party *p = &r->parties[r->n_parties++];

			load_party(c, e, p);
			for (j = 0; j + 1 < r->n_parties; j++) {
				if (p->number &&
				    r->parties[j].number == p->number)
					fail(c, "number", "ballot number %d is "
					     "already party %s", p->number,
					     r->parties[j].acronym ?
					     r->parties[j].acronym : "?");
				if (p->acronym && r->parties[j].acronym &&
				    !strcmp(p->acronym,
					    r->parties[j].acronym))
					fail(c, "acronym", "\"%s\" is listed "
					     "twice", p->acronym);
			}
		} else {
			struct rules_candidate *k =
				&r->candidates[r->n_candidates++];

			load_candidate(c, e, type, k);
			load_candidate_rest(c, e, k);
			for (j = 0; j + 1 < r->n_candidates; j++)
				if (k->number &&
				    r->candidates[j].number == k->number)
					fail(c, "number", "ballot number %d is "
					     "given twice in race \"%s\"",
					     k->number, r->id ? r->id : "?");
		}
		path_pop(c, m2);
	}
	path_pop(c, mark);
}

static void load_election(struct ctx *c, const cJSON *root,
			  struct rules_election *e)
{
	const cJSON *arr, *v, *off;
	size_t mark, m2, i = 0;

	e->utc_offset = 7 * 60;
	if (!cJSON_IsObject(root)) {
		fail_type(c, "an object", root);
		return;
	}
	check_keys(c, root, election_keys);
	get_id(c, root, &e->id);
	get_str(c, root, "election", 1, &e->group);
	get_str(c, root, "name", 1, &e->name);
	get_str(c, root, "note", 0, &e->note);
	get_str(c, root, "region_decree", 0, &e->region_decree);
	get_strings(c, root, "legal_basis", 0, 0, NULL, &e->legal_basis);
	get_strings(c, root, "sources", 0, 0, NULL, &e->sources);
	off = member(c, root, "utc_offset", 0);
	if (off) {
		mark = path_key(c, "utc_offset");
		if (string_ok(c, off, 1) &&
		    parse_offset(off->valuestring, &e->utc_offset))
			fail(c, NULL, "expected an offset like \"+07:00\", "
			     "got \"%s\"", off->valuestring);
		path_pop(c, mark);
	}
	arr = member(c, root, "races", 1);
	if (!arr)
		return;
	mark = path_key(c, "races");
	if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
		fail_type(c, "a non-empty array of races", arr);
		path_pop(c, mark);
		return;
	}
	e->races = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*e->races));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "a race object", v);
		} else {
			struct rules_race *r = &e->races[e->n_races++];

			size_t m3 = path_key(c, "id");

			r->election = e;
			r->line = line_of(c, c->path.s);
			path_pop(c, m3);
			load_race(c, v, e->utc_offset, r);
		}
		path_pop(c, m2);
	}
	path_pop(c, mark);
}

/* ---- indicators ---- */

static const char *const catalogue_keys[] = {
	"id", "name", "instrument", "signed", "note", "sources",
	"legal_items", "phase_weights", "lists", "indicators", NULL
};
static const char *const legal_item_keys[] = {
	"code", "table", "sanction", "text", "unconfirmed", NULL
};
static const char *const list_keys[] = {
	"id", "kind", "description", "terms", NULL
};
static const char *const indicator_keys[] = {
	"code", "polarity", "title", "description", "legal_basis", "weight",
	"needs", "kinds", "lists", NULL
};
static const char *const legal_basis_keys[] = { "codes", "articles", NULL };

static int check_skb_code(struct ctx *c, const char *s)
{
	int64_t n;

	if ((!strncmp(s, "SKB-KE-", 7) || !strncmp(s, "SKB-HD-", 7)) &&
	    s[7] != '0' && !parse_i64z(s + 7, &n) && n >= 1 && n <= 99)
		return 1;
	fail(c, NULL, "expected a code SKB-KE-n or SKB-HD-n, got \"%s\"", s);
	return 0;
}

static int check_post_kind(struct ctx *c, const char *s)
{
	if (find_name(post_kinds, s) >= 0)
		return 1;
	fail(c, NULL, "unknown post kind \"%s\" (post reply repost quote "
	     "comment like follow)", s);
	return 0;
}

static void load_legal_items(struct ctx *c, const cJSON *root,
			     struct rules_catalogue *k)
{
	const cJSON *arr = member(c, root, "legal_items", 1), *v;
	size_t mark, m2, i = 0, j;
	struct rules_legal_item *it;

	if (!arr)
		return;
	mark = path_key(c, "legal_items");
	if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
		fail_type(c, "a non-empty array", arr);
		goto out;
	}
	k->legal_items = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*it));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "an object", v);
			path_pop(c, m2);
			continue;
		}
		it = &k->legal_items[k->n_legal_items++];
		check_keys(c, v, legal_item_keys);
		get_str(c, v, "code", 1, &it->code);
		get_enum(c, v, "table", legal_tables, &it->table);
		get_enum(c, v, "sanction", sanctions, &it->sanction);
		get_str(c, v, "text", 1, &it->text);
		get_bool(c, v, "unconfirmed", &it->unconfirmed);
		if (it->code) {
			size_t m3 = path_key(c, "code");

			if (check_skb_code(c, it->code) && it->table &&
			    strncmp(it->code + 4, !strcmp(it->table,
					"kode_etik") ? "KE" : "HD", 2))
				fail(c, NULL, "\"%s\" is not in table %s",
				     it->code, it->table);
			for (j = 0; j + 1 < k->n_legal_items; j++)
				if (k->legal_items[j].code &&
				    !strcmp(k->legal_items[j].code, it->code))
					fail(c, NULL, "\"%s\" is listed twice",
					     it->code);
			path_pop(c, m3);
		}
		path_pop(c, m2);
	}
out:
	path_pop(c, mark);
}

static void load_phase_weights(struct ctx *c, const cJSON *root,
			       struct rules_catalogue *k)
{
	static const char *const keys[] = {
		"penetapan_peserta", "pendaftaran", "penetapan",
		"pengundian_nomor", "kampanye", "masa_tenang", "pemungutan",
		"rekapitulasi", "penetapan_terpilih", "sebelum", "antara",
		"sesudah", NULL
	};
	const cJSON *obj = member(c, root, "phase_weights", 0), *v;
	size_t mark;
	int i;

	for (i = 0; i < RULES_PW_COUNT; i++)
		k->phase_weights[i] = 100;
	if (!obj)
		return;
	mark = path_key(c, "phase_weights");
	if (!cJSON_IsObject(obj)) {
		fail_type(c, "an object", obj);
	} else {
		cJSON_ArrayForEach(v, obj) {
			i = find_name(keys, v->string);
			if (i < 0)
				fail(c, v->string, "unknown phase (a phase "
				     "name, or sebelum, antara, sesudah)");
			else
				get_int(c, obj, v->string, 1, 0, 200,
					&k->phase_weights[i]);
		}
	}
	path_pop(c, mark);
}

static void load_lists(struct ctx *c, const cJSON *root,
		       struct rules_catalogue *k)
{
	const cJSON *arr = member(c, root, "lists", 1), *v;
	size_t mark, m2, i = 0, j;
	struct rules_list *l;

	if (!arr)
		return;
	mark = path_key(c, "lists");
	if (!cJSON_IsArray(arr)) {
		fail_type(c, "an array of word lists", arr);
		goto out;
	}
	k->lists = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*l));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "a word-list object", v);
			path_pop(c, m2);
			continue;
		}
		l = &k->lists[k->n_lists++];
		check_keys(c, v, list_keys);
		get_id(c, v, &l->id);
		get_enum(c, v, "kind", list_kinds, &l->kind);
		get_str(c, v, "description", 1, &l->description);
		get_strings(c, v, "terms", 1, 1, check_word, &l->terms);
		for (j = 0; l->id && j + 1 < k->n_lists; j++)
			if (k->lists[j].id && !strcmp(k->lists[j].id, l->id))
				fail(c, "id", "list \"%s\" is defined twice",
				     l->id);
		path_pop(c, m2);
	}
out:
	path_pop(c, mark);
}

static void load_indicator(struct ctx *c, const cJSON *v,
			   struct rules_catalogue *k,
			   struct rules_indicator *ind)
{
	static const char *const polarities[] = { "breach", "counter", NULL };
	const cJSON *lb, *arr;
	struct rules_strings refs = { NULL, 0 };
	size_t mark, i, j;
	const char *p;

	check_keys(c, v, indicator_keys);
	get_str(c, v, "code", 1, &ind->code);
	if (ind->code) {
		for (p = ind->code + 4; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '-'))
				break;
		if (strncmp(ind->code, "IND-", 4) || !ind->code[4] || *p)
			fail(c, "code", "expected IND- and upper-case letters, "
			     "digits or '-', got \"%s\"", ind->code);
	}
	ind->counter = get_enum(c, v, "polarity", polarities, NULL) == 1;
	get_str(c, v, "title", 1, &ind->title);
	get_str(c, v, "description", 1, &ind->description);
	get_int(c, v, "weight", 1, 0, 100, &ind->weight);
	get_enum(c, v, "needs", needs_values, &ind->needs);
	get_strings(c, v, "kinds", 1, 1, check_post_kind, &ind->kinds);
	lb = member(c, v, "legal_basis", !ind->counter);
	if (lb) {
		mark = path_key(c, "legal_basis");
		if (!cJSON_IsObject(lb)) {
			fail_type(c, "an object {\"codes\", \"articles\"}",
				  lb);
		} else {
			check_keys(c, lb, legal_basis_keys);
			get_strings(c, lb, "codes", 1, 1, check_skb_code,
				    &ind->codes);
			get_strings(c, lb, "articles", 0, 0, NULL,
				    &ind->articles);
			for (i = 0; i < ind->codes.n; i++) {
				for (j = 0; j < k->n_legal_items; j++)
					if (k->legal_items[j].code &&
					    !strcmp(k->legal_items[j].code,
						    ind->codes.v[i]))
						break;
				if (j == k->n_legal_items) {
					size_t m2 = path_key(c, "codes");

					path_index(c, i);
					fail(c, NULL, "\"%s\" is not in "
					     "legal_items", ind->codes.v[i]);
					path_pop(c, m2);
				}
			}
		}
		path_pop(c, mark);
	}
	arr = member(c, v, "lists", 1);
	if (!arr)
		return;
	get_strings(c, v, "lists", 1, 0, NULL, &refs);
	ind->lists = xcalloc(refs.n + 1, sizeof(*ind->lists));
	for (i = 0; i < refs.n; i++) {
		for (j = 0; j < k->n_lists; j++)
			if (k->lists[j].id && !strcmp(k->lists[j].id,
						      refs.v[i]))
				break;
		if (j < k->n_lists) {
			ind->lists[ind->n_lists++] = j;
			continue;
		}
		mark = path_key(c, "lists");
		path_index(c, i);
		fail(c, NULL, "no word list \"%s\" in this file", refs.v[i]);
		path_pop(c, mark);
	}
	for (i = 0; i < refs.n; i++)
		free(refs.v[i]);
	free(refs.v);
}

static void load_catalogue(struct ctx *c, const cJSON *root,
			   struct rules_catalogue *k)
{
	const cJSON *arr, *v;
	size_t mark, m2, i = 0, j;
	struct rules_indicator *ind;

	k->signed_on = -1;
	if (!cJSON_IsObject(root)) {
		fail_type(c, "an object", root);
		return;
	}
	check_keys(c, root, catalogue_keys);
	get_id(c, root, &k->id);
	get_str(c, root, "name", 1, &k->name);
	get_str(c, root, "instrument", 0, &k->instrument);
	get_str(c, root, "note", 0, &k->note);
	get_date(c, root, "signed", 0, &k->signed_on);
	get_strings(c, root, "sources", 0, 0, NULL, &k->sources);
	load_legal_items(c, root, k);
	load_phase_weights(c, root, k);
	load_lists(c, root, k);
	arr = member(c, root, "indicators", 1);
	if (!arr)
		return;
	mark = path_key(c, "indicators");
	if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
		fail_type(c, "a non-empty array of indicators", arr);
		path_pop(c, mark);
		return;
	}
	k->indicators = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof(*ind));
	cJSON_ArrayForEach(v, arr) {
		m2 = path_index(c, i++);
		if (!cJSON_IsObject(v)) {
			fail_type(c, "an indicator object", v);
			path_pop(c, m2);
			continue;
		}
		ind = &k->indicators[k->n_indicators++];
		load_indicator(c, v, k, ind);
		for (j = 0; ind->code && j + 1 < k->n_indicators; j++)
			if (k->indicators[j].code &&
			    !strcmp(k->indicators[j].code, ind->code))
				fail(c, "code", "indicator \"%s\" is defined "
				     "twice", ind->code);
		path_pop(c, m2);
	}
	path_pop(c, mark);
}

/* ---- files and folders ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted paths of the .json files in dir; -1 when dir is unreadable. */
static int list_json(const char *dir, struct rules_strings *out,
		     struct buf *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0, len;
	struct buf path = BUF_INIT;

	if (!d) {
		buf_addf(err, "%s: cannot open folder: %s\n", dir,
			 strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".json"))
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			out->v = xrealloc(out->v, cap * sizeof(char *));
		}
		buf_reset(&path);
		buf_adds(&path, dir);
		if (path.len && path.s[path.len - 1] != '/')
			buf_addch(&path, '/');
		buf_adds(&path, de->d_name);
		out->v[out->n++] = xstrdup(path.s);
	}
	closedir(d);
	buf_release(&path);
	if (out->n)
		qsort(out->v, out->n, sizeof(char *), cmp_str);
	return 0;
}

static void free_strings(struct rules_strings *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/*
 * Reads and parses file; reports JSON syntax errors and repeated keys.
 * Returns the tree (the caller deletes it) with c->lines filled, or NULL.
 */
static cJSON *read_json(struct ctx *c, const char *file)
{
	struct buf text = BUF_INIT, e = BUF_INIT;
	const char *end = NULL, *p;
	cJSON *root = NULL;
	size_t i;
	int line = 1;

	c->file = file;
	if (fs_read_all(file, &text, &e)) {
		buf_addf(c->err, "%s: %s\n", file, e.s);
		c->errors++;
		goto out;
	}
	root = cJSON_ParseWithLengthOpts(text.s, text.len, &end, 0);
	if (!root) {
		for (p = text.s; end && p < end && p < text.s + text.len; p++)
			if (*p == '\n')
				line++;
		buf_addf(c->err, "%s:%d: not valid JSON", file, line);
		while (end && end < text.s + text.len &&
		       (*end == ' ' || *end == '\t'))
			end++;
		if (end && end < text.s + text.len && *end != '\n' &&
		    *end != '\r') {
			buf_adds(c->err, " near '");
			for (i = 0; i < 20 && end[i] && end[i] != '\n'; i++)
				buf_addch(c->err, end[i]);
			buf_addch(c->err, '\'');
		}
		buf_addch(c->err, '\n');
		c->errors++;
		goto out;
	}
	scan_lines(text.s, text.len, &c->lines);
	for (i = 0; i < c->lines.n_dups; i++) {
		buf_addf(c->err, "%s:%d: %s: field given twice\n", file,
			 c->lines.dups[i].line, c->lines.dups[i].path);
		c->errors++;
	}
out:
	buf_release(&text);
	buf_release(&e);
	return root;
}

static void add_pileg_parties(const cJSON *race, struct rules_strings *out)
{
	const cJSON *party, *a = cJSON_GetObjectItem(race, "type");

	if (!cJSON_IsString(a) || strcmp(a->valuestring, "pileg"))
		return;
	cJSON_ArrayForEach(party, cJSON_GetObjectItem(race, "parties")) {
		a = cJSON_GetObjectItem(party, "acronym");
		if (!cJSON_IsString(a) || in_strings(out, a->valuestring))
			continue;
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(char *));
		out->v[out->n++] = xstrdup(a->valuestring);
	}
}

/* Collects the party acronyms of the pileg races in files, unchecked. */
static void collect_parties(const struct rules_strings *files,
			    struct rules_strings *out)
{
	struct buf text = BUF_INIT, e = BUF_INIT;
	const cJSON *race;
	cJSON *root;
	size_t i;

	for (i = 0; i < files->n; i++) {
		buf_reset(&text);
		buf_reset(&e);
		if (fs_read_all(files->v[i], &text, &e))
			continue;
		root = cJSON_ParseWithLength(text.s, text.len);
		cJSON_ArrayForEach(race, cJSON_GetObjectItem(root, "races"))
			add_pileg_parties(race, out);
		cJSON_Delete(root);
	}
	buf_release(&text);
	buf_release(&e);
}

static void ctx_done(struct ctx *c)
{
	linemap_free(&c->lines);
	buf_reset(&c->path);
}

int rules_load(const char *elections_dir, const char *indicators_dir,
	       struct rules *out, struct buf *err)
{
	struct rules_strings files = { NULL, 0 };
	struct ctx c;
	cJSON *root;
	size_t i, j, a, b;
	int bad = 0;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.err = err;
	buf_init(&c.path);

	if (list_json(elections_dir, &files, err)) {
		bad = 1;
	} else if (!files.n) {
		buf_addf(err, "%s: no .json election file\n", elections_dir);
		bad = 1;
	}
	collect_parties(&files, &c.parties);
	out->elections = xcalloc(files.n + 1, sizeof(*out->elections));
	for (i = 0; i < files.n; i++) {
		struct rules_election *e = &out->elections[out->n_elections++];

		e->file = xstrdup(files.v[i]);
		e->utc_offset = 7 * 60;
		root = read_json(&c, e->file);
		if (root)
			load_election(&c, root, e);
		cJSON_Delete(root);
		/* ids unique across files: election ids and race ids */
		for (j = 0; e->id && j + 1 < out->n_elections; j++)
			if (out->elections[j].id &&
			    !strcmp(out->elections[j].id, e->id))
				fail(&c, "id", "election \"%s\" is also "
				     "defined in %s", e->id,
				     out->elections[j].file);
		for (a = 0; a < e->n_races; a++) {
			const struct rules_race *r = &e->races[a], *o;

			if (!r->id)
				continue;
			for (j = 0; j < out->n_elections; j++)
				for (b = 0; b < out->elections[j].n_races;
				     b++) {
					o = &out->elections[j].races[b];
					if (o == r)
						goto next_race;
					if (!o->id || strcmp(o->id, r->id))
						continue;
					buf_addf(err, "%s:%d: races[%zu].id: "
						 "race \"%s\" is also defined "
						 "at %s:%d\n", e->file,
						 r->line, a, r->id,
						 o->election->file, o->line);
					c.errors++;
					goto next_race;
				}
next_race:
			;
		}
		ctx_done(&c);
	}
	free_strings(&files);

	if (list_json(indicators_dir, &files, err)) {
		bad = 1;
	} else if (!files.n) {
		buf_addf(err, "%s: no .json indicator file\n", indicators_dir);
		bad = 1;
	}
	out->catalogues = xcalloc(files.n + 1, sizeof(*out->catalogues));
	for (i = 0; i < files.n; i++) {
		struct rules_catalogue *k =
			&out->catalogues[out->n_catalogues++];

		k->file = xstrdup(files.v[i]);
		root = read_json(&c, k->file);
		if (root)
			load_catalogue(&c, root, k);
		cJSON_Delete(root);
		/* indicator codes unique across catalogues */
		for (a = 0; a < k->n_indicators; a++)
			for (j = 0; k->indicators[a].code &&
			     j + 1 < out->n_catalogues; j++)
				for (b = 0; b < out->catalogues[j].n_indicators;
				     b++)
					if (out->catalogues[j].indicators[b]
						    .code &&
					    !strcmp(out->catalogues[j]
							    .indicators[b].code,
						    k->indicators[a].code)) {
						size_t m = path_key(&c,
							"indicators");

						path_index(&c, a);
						fail(&c, "code", "indicator "
						     "\"%s\" is also defined "
						     "in %s",
						     k->indicators[a].code,
						     out->catalogues[j].file);
						path_pop(&c, m);
					}
		ctx_done(&c);
	}
	free_strings(&files);
	free_strings(&c.parties);
	buf_release(&c.path);
	return bad || c.errors ? -1 : 0;
}

int rules_load_dir(const char *dir, struct rules *out, struct buf *err)
{
	struct buf e = BUF_INIT, i = BUF_INIT;
	int rc;

	if (!strcmp(dir, ".")) {
		buf_adds(&e, "elections");
		buf_adds(&i, "indicators");
	} else {
		buf_addf(&e, "%s%selections", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/");
		buf_addf(&i, "%s%sindicators", dir,
			 dir[strlen(dir) - 1] == '/' ? "" : "/");
	}
	rc = rules_load(e.s, i.s, out, err);
	buf_release(&e);
	buf_release(&i);
	return rc;
}

const char *rules_dir(const char *opt)
{
	const char *env = getenv("NETRA_RULES");
	struct stat st;

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	if (!stat(NETRA_DATADIR "/elections", &st) && S_ISDIR(st.st_mode))
		return NETRA_DATADIR;
	return ".";
}

/* ---- freeing ---- */

static void free_terms(struct rules_terms *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].text);
		free(t->v[i].note);
	}
	free(t->v);
}

static void free_accounts(struct rules_accounts *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].platform);
		free(a->v[i].handle);
		free(a->v[i].kind);
		free(a->v[i].note);
	}
	free(a->v);
}

static void free_candidate(struct rules_candidate *k)
{
	size_t i;

	for (i = 0; i < k->n_members; i++) {
		free(k->members[i].role);
		free(k->members[i].name);
		free(k->members[i].note);
		free_terms(&k->members[i].aliases);
	}
	free(k->members);
	free(k->coalition);
	free(k->note);
	free_terms(&k->aliases);
	free_terms(&k->slogans);
	free_terms(&k->hashtags);
	free_terms(&k->gestures);
	free_terms(&k->teams);
	free_terms(&k->against);
	free_strings(&k->number_words);
	free_strings(&k->parties);
	free_strings(&k->supporters);
	free_strings(&k->sources);
	free_accounts(&k->accounts);
}

static void free_race(struct rules_race *r)
{
	size_t i;

	free(r->id);
	free(r->name);
	free(r->note);
	free_strings(&r->regions);
	free_strings(&r->sources);
	for (i = 0; i < r->n_phases; i++)
		free(r->phases[i].note);
	free(r->phases);
	for (i = 0; i < r->n_candidates; i++)
		free_candidate(&r->candidates[i]);
	free(r->candidates);
	for (i = 0; i < r->n_parties; i++) {
		free(r->parties[i].acronym);
		free(r->parties[i].name);
		free(r->parties[i].note);
		free_terms(&r->parties[i].aliases);
		free_terms(&r->parties[i].hashtags);
		free_accounts(&r->parties[i].accounts);
	}
	free(r->parties);
}

static void free_catalogue(struct rules_catalogue *k)
{
	size_t i;

	free(k->file);
	free(k->id);
	free(k->name);
	free(k->instrument);
	free(k->note);
	free_strings(&k->sources);
	for (i = 0; i < k->n_legal_items; i++) {
		free(k->legal_items[i].code);
		free(k->legal_items[i].table);
		free(k->legal_items[i].sanction);
		free(k->legal_items[i].text);
	}
	free(k->legal_items);
	for (i = 0; i < k->n_lists; i++) {
		free(k->lists[i].id);
		free(k->lists[i].kind);
		free(k->lists[i].description);
		free_strings(&k->lists[i].terms);
	}
	free(k->lists);
	for (i = 0; i < k->n_indicators; i++) {
		free(k->indicators[i].code);
		free(k->indicators[i].title);
		free(k->indicators[i].description);
		free(k->indicators[i].needs);
		free_strings(&k->indicators[i].codes);
		free_strings(&k->indicators[i].articles);
		free_strings(&k->indicators[i].kinds);
		free(k->indicators[i].lists);
	}
	free(k->indicators);
}

void rules_free(struct rules *r)
{
	size_t i, j;

	for (i = 0; i < r->n_elections; i++) {
		struct rules_election *e = &r->elections[i];

		for (j = 0; j < e->n_races; j++)
			free_race(&e->races[j]);
		free(e->races);
		free(e->file);
		free(e->id);
		free(e->group);
		free(e->name);
		free(e->note);
		free(e->region_decree);
		free_strings(&e->legal_basis);
		free_strings(&e->sources);
	}
	free(r->elections);
	for (i = 0; i < r->n_catalogues; i++)
		free_catalogue(&r->catalogues[i]);
	free(r->catalogues);
	memset(r, 0, sizeof(*r));
}

/* ---- lookups ---- */

static size_t terms_unconfirmed(const struct rules_terms *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		n += !!t->v[i].unconfirmed;
	return n;
}

static size_t accounts_unconfirmed(const struct rules_accounts *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		n += !!a->v[i].unconfirmed;
	return n;
}

static void count_candidate(const struct rules_candidate *cd,
			    struct rules_counts *c)
{
	size_t m;

	for (m = 0; m < cd->n_members; m++) {
		c->words += cd->members[m].aliases.n;
		c->unconfirmed += !!cd->members[m].unconfirmed +
			terms_unconfirmed(&cd->members[m].aliases);
	}
	c->words += cd->aliases.n + cd->slogans.n + cd->hashtags.n +
		    cd->gestures.n + cd->teams.n + cd->against.n +
		    cd->number_words.n;
	c->unconfirmed += !!cd->unconfirmed +
		terms_unconfirmed(&cd->aliases) +
		terms_unconfirmed(&cd->slogans) +
		terms_unconfirmed(&cd->hashtags) +
		terms_unconfirmed(&cd->gestures) +
		terms_unconfirmed(&cd->teams) +
		terms_unconfirmed(&cd->against) +
		accounts_unconfirmed(&cd->accounts);
}

void rules_count(const struct rules *r, struct rules_counts *c)
{
	size_t i, j, k;

	memset(c, 0, sizeof(*c));
	c->elections = r->n_elections;
	for (i = 0; i < r->n_elections; i++) {
		c->races += r->elections[i].n_races;
		for (j = 0; j < r->elections[i].n_races; j++) {
			const struct rules_race *race =
				&r->elections[i].races[j];

			c->candidates += race->n_candidates;
			c->parties += race->n_parties;
			for (k = 0; k < race->n_candidates; k++)
				count_candidate(&race->candidates[k], c);
			for (k = 0; k < race->n_parties; k++) {
				const struct rules_party *p =
					&race->parties[k];

				c->words += p->aliases.n + p->hashtags.n;
				c->unconfirmed += !!p->unconfirmed +
					terms_unconfirmed(&p->aliases) +
					terms_unconfirmed(&p->hashtags) +
					accounts_unconfirmed(&p->accounts);
			}
		}
	}
	c->catalogues = r->n_catalogues;
	for (i = 0; i < r->n_catalogues; i++) {
		c->indicators += r->catalogues[i].n_indicators;
		c->lists += r->catalogues[i].n_lists;
		for (j = 0; j < r->catalogues[i].n_lists; j++)
			c->words += r->catalogues[i].lists[j].terms.n;
		for (j = 0; j < r->catalogues[i].n_legal_items; j++)
			c->unconfirmed +=
				!!r->catalogues[i].legal_items[j].unconfirmed;
	}
}

int rules_region_valid(const char *s)
{
	static const size_t lens[] = { 2, 5, 8, 13 };
	size_t n = strlen(s), i, k;

	if (!strcmp(s, "ID"))
		return 1;
	for (k = 0; k < 4; k++)
		if (n == lens[k])
			break;
	if (k == 4)
		return 0;
	for (i = 0; i < n; i++) {
		if (i == 2 || i == 5 || i == 8) {
			if (s[i] != '.')
				return 0;
		} else if (s[i] < '0' || s[i] > '9') {
			return 0;
		}
	}
	return 1;
}

int rules_race_covers(const struct rules_race *race, const char *code)
{
	size_t i, n;
	const char *r;

	for (i = 0; i < race->regions.n; i++) {
		r = race->regions.v[i];
		if (!strcmp(r, "ID"))
			return 1;
		if (!code || !*code || !strcmp(code, "ID"))
			continue;
		n = strlen(r);
		if (!strncmp(code, r, n) && (code[n] == '\0' || code[n] == '.'))
			return 1;
	}
	return 0;
}

const struct rules_race **rules_races_for_region(const struct rules *r,
						 const char *code, size_t *n)
{
	const struct rules_race **out = NULL;
	size_t i, j, cap = 0;

	*n = 0;
	for (i = 0; i < r->n_elections; i++)
		for (j = 0; j < r->elections[i].n_races; j++) {
			const struct rules_race *race =
				&r->elections[i].races[j];

			if (!rules_race_covers(race, code))
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 8;
				out = xrealloc(out, cap * sizeof(*out));
			}
			out[(*n)++] = race;
		}
	return out;
}

const struct rules_race *rules_find_race(const struct rules *r,
					 const char *id)
{
	size_t i, j;

	for (i = 0; i < r->n_elections; i++)
		for (j = 0; j < r->elections[i].n_races; j++)
			if (r->elections[i].races[j].id &&
			    !strcmp(r->elections[i].races[j].id, id))
				return &r->elections[i].races[j];
	return NULL;
}

const struct rules_phase *rules_phase_at(const struct rules_race *race,
					 int64_t t, enum rules_at *at)
{
	const struct rules_phase *in = NULL, *done = NULL, *p;
	int later = 0;
	size_t i;

	for (i = 0; i < race->n_phases; i++) {
		p = &race->phases[i];
		if (p->start <= t && t < p->end) {
			if (!in || p->start > in->start ||
			    (p->start == in->start &&
			     p->end - p->start < in->end - in->start))
				in = p;
		} else if (p->end <= t) {
			if (!done || p->end > done->end)
				done = p;
		} else {
			later = 1;
		}
	}
	if (in) {
		*at = RULES_AT_IN;
		return in;
	}
	if (!done) {
		*at = RULES_AT_BEFORE;
		return NULL;
	}
	*at = later ? RULES_AT_BETWEEN : RULES_AT_AFTER;
	return done;
}
