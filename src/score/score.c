/* SPDX-License-Identifier: MIT */
/*
 * The scoring engine; see score.h for what it decides. The matcher's
 * pattern ids index pats[], which says what a term is: a name, alias,
 * slogan, hashtag, gesture, ballot-number phrase or account of which
 * candidate (or party) of which race, or a term of which catalogue list.
 * A post's hits are tallied per candidate and per list, then every race
 * is judged on its own.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "util/buf.h"
#include "score/match.h"
#include "score/score.h"
#include "score/text.h"
#include "util/banned.h"

enum pat_type {
	PT_ALIAS,	/* name or alias of the pair or a member */
	PT_SLOGAN,
	PT_HASHTAG,
	PT_TEAM,	/* the pair's campaign team */
	PT_AGAINST,	/* words aimed against the pair */
	PT_GESTURE,
	PT_NUMBER,	/* "nomor 2", "paslon 2", "salam 2 jari" */
	PT_ACCOUNT,	/* "@handle" of a campaign account */
	PT_PARTY,	/* pileg party acronym, name, alias, hashtag */
	PT_LIST		/* a term of a catalogue list */
};

static const char *const pat_what[] = {
	"nama", "slogan", "tagar", "tim", "serangan", "gestur", "nomor urut",
	"akun", "partai", "daftar"
};

struct pat {
	enum pat_type type;
	int strong;
	size_t race;		/* index into races[] */
	size_t cand;		/* candidate or party index in the race */
	size_t cat, list;	/* catalogue and list, for PT_LIST */
	const char *term;	/* shown in explanations */
	int owned;		/* term was allocated here */
};

struct hit {
	int id;
	size_t start, end;	/* in the normalised text */
};

/* A post's tally for one candidate (or party). */
struct tally {
	unsigned strong, ambig, material, number, gesture, against, mention;
	unsigned account;	/* ref_account is one of its accounts */
	unsigned addressed;	/* a reply to one of its accounts */
	unsigned tags;		/* campaign hashtags */
};

struct score_engine {
	const struct rules *rules;
	const struct rules_race **races;
	size_t n_races;
	size_t *cand_base;	/* first tally index of each race */
	size_t n_tallies;
	struct pat *pats;
	size_t n_pats;
	size_t pats_cap;
	size_t *list_base;	/* first list slot of each catalogue */
	size_t n_list_slots;
	struct match *m;
	char version[17];

	/* per-post scratch, reused */
	struct text_norm norm;
	struct hit *hits;
	size_t n_hits;
	size_t hits_cap;
	struct tally *tallies;
	unsigned *list_count;
	int voice_slot;		/* list slot of "personal_voice", or -1 */
	int voting_slot;	/* "voting_context" */
	int election_slot;	/* "election_context" */
};

/*
 * Adds text to the matcher as pattern p, shown as term. owned: term was
 * allocated for this pattern and is freed with the engine (or now, when
 * the text cannot be matched: it normalises to nothing).
 */
static void add_pat(struct score_engine *e, const char *text,
		    const struct pat *p, const char *term, int owned)
{
	struct buf msg = BUF_INIT;
	int id = (int)e->n_pats;

	if (!text || !*text ||
	    match_add_text(e->m, text, strlen(text), id, &msg)) {
		buf_release(&msg);
		if (owned)
			free((char *)term);
		return;
	}
	buf_release(&msg);
	if (e->n_pats == e->pats_cap) {
		e->pats_cap = e->pats_cap ? e->pats_cap * 2 : 256;
		e->pats = xrealloc(e->pats, e->pats_cap * sizeof(*e->pats));
	}
	e->pats[e->n_pats] = *p;
	e->pats[e->n_pats].term = term;
	e->pats[e->n_pats].owned = owned;
	e->n_pats++;
}

static void add_terms(struct score_engine *e, const struct rules_terms *t,
		      struct pat *p)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		p->strong = t->v[i].strength == RULES_STRONG;
		add_pat(e, t->v[i].text, p, t->v[i].text, 0);
	}
}

static int gesture_index(const char *name)
{
	int i;

	for (i = 0; rules_gesture_tokens[i]; i++)
		if (!strcmp(rules_gesture_tokens[i], name))
			return i;
	return -1;
}

/*
 * A gesture term is matched through its emoji, which the normaliser
 * turns into tokens (":v:"); keycaps become digits and are read as
 * ballot numbers instead; hand poses without an emoji (pose_w) are for
 * photos a reviewer tags, not for text.
 */
static void add_gestures(struct score_engine *e, const struct rules_terms *t,
			 struct pat *p)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		int g = gesture_index(t->v[i].text);
		const char *em;
		char one[16];

		if (g < 0 || !strncmp(t->v[i].text, "emoji_keycap_", 13))
			continue;
		for (em = rules_gesture_emoji[g]; *em;) {
			size_t n = strcspn(em, " ");

			if (n && n < sizeof(one)) {
				memcpy(one, em, n);
				one[n] = '\0';
				p->strong = 0;
				add_pat(e, one, p, t->v[i].text, 0);
			}
			em += n;
			em += strspn(em, " ");
		}
	}
}

/* Ballot-number phrases; "2" alone means nothing. */
static void add_numbers(struct score_engine *e,
			const struct rules_race *race,
			const struct rules_candidate *c, struct pat *p)
{
	static const char *const fmts[][2] = {
		{ "nomor ", "" }, { "nomor urut ", "" }, { "urut ", "" },
		{ "paslon ", "" }, { "paslon nomor ", "" },
		{ "pasangan nomor ", "" }, { "calon nomor ", "" },
		{ "coblos ", "" }, { "coblos nomor ", "" }, { "nyoblos ", "" },
		{ "pilih ", "" }, { "pilih nomor ", "" },
		{ "salam ", " jari" }, { "", " jari" }, { "kode ", "" },
		{ NULL, NULL }
	};
	static const char *const heads[] = {
		"capres", "cagub", "cabup", "cawalkot", "calon", NULL
	};
	const char *words[16];
	char num[8], num0[8];
	size_t nw = 0, i, j;

	snprintf(num, sizeof(num), "%d", c->number);
	snprintf(num0, sizeof(num0), "%02d", c->number);
	words[nw++] = num;
	if (strcmp(num, num0))
		words[nw++] = num0;
	for (i = 0; i < c->number_words.n && nw < 16; i++)
		words[nw++] = c->number_words.v[i];
	p->strong = 0;
	for (i = 0; i < nw; i++) {
		for (j = 0; fmts[j][0]; j++) {
			struct buf b = BUF_INIT;

			buf_addf(&b, "%s%s%s", fmts[j][0], words[i],
				 fmts[j][1]);
			{
				char *text = buf_detach(&b, NULL);

				add_pat(e, text, p, text, 1);
			}
		}
		for (j = 0; heads[j]; j++) {
			struct buf b = BUF_INIT;

			if (race->type == RACE_PILPRES && j > 0 && j < 4)
				continue;
			buf_addf(&b, "%s %s", heads[j], words[i]);
			{
				char *text = buf_detach(&b, NULL);

				add_pat(e, text, p, text, 1);
			}
		}
	}
}

static void add_accounts(struct score_engine *e,
			 const struct rules_accounts *a, struct pat *p)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "@%s", a->v[i].handle);
		p->strong = !a->v[i].unconfirmed;
		{
				char *text = buf_detach(&b, NULL);

				add_pat(e, text, p, text, 1);
			}
	}
}

static void build_race(struct score_engine *e, size_t ri)
{
	const struct rules_race *race = e->races[ri];
	struct pat p;
	size_t ci, mi;

	memset(&p, 0, sizeof(p));
	p.race = ri;
	for (ci = 0; ci < race->n_candidates; ci++) {
		const struct rules_candidate *c = &race->candidates[ci];

		p.cand = ci;
		for (mi = 0; mi < c->n_members; mi++) {
			p.type = PT_ALIAS;
			add_terms(e, &c->members[mi].aliases, &p);
		}
		p.type = PT_ALIAS;
		add_terms(e, &c->aliases, &p);
		p.type = PT_SLOGAN;
		add_terms(e, &c->slogans, &p);
		p.type = PT_HASHTAG;
		add_terms(e, &c->hashtags, &p);
		p.type = PT_TEAM;
		add_terms(e, &c->teams, &p);
		p.type = PT_AGAINST;
		add_terms(e, &c->against, &p);
		p.type = PT_GESTURE;
		add_gestures(e, &c->gestures, &p);
		p.type = PT_NUMBER;
		add_numbers(e, race, c, &p);
		p.type = PT_ACCOUNT;
		add_accounts(e, &c->accounts, &p);
	}
	for (ci = 0; ci < race->n_parties; ci++) {
		const struct rules_party *pa = &race->parties[ci];

		p.cand = ci;
		p.type = PT_PARTY;
		add_terms(e, &pa->aliases, &p);
		add_terms(e, &pa->hashtags, &p);
		add_accounts(e, &pa->accounts, &p);
	}
}

static void engine_digest(struct score_engine *e)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (!c)
		return;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	for (i = 0; i < e->n_pats; i++) {
		const struct pat *p = &e->pats[i];

		EVP_DigestUpdate(c, p->term, strlen(p->term) + 1);
		EVP_DigestUpdate(c, &p->type, sizeof(p->type));
		EVP_DigestUpdate(c, &p->strong, sizeof(p->strong));
	}
	/* and everything else a score depends on */
	for (i = 0; i < e->rules->n_catalogues; i++) {
		const struct rules_catalogue *cat = &e->rules->catalogues[i];
		size_t k, l;

		EVP_DigestUpdate(c, cat->phase_weights,
				 sizeof(cat->phase_weights));
		for (k = 0; k < cat->n_indicators; k++) {
			const struct rules_indicator *ind =
				&cat->indicators[k];

			EVP_DigestUpdate(c, ind->code, strlen(ind->code) + 1);
			EVP_DigestUpdate(c, ind->needs,
					 strlen(ind->needs) + 1);
			EVP_DigestUpdate(c, &ind->weight, sizeof(ind->weight));
			EVP_DigestUpdate(c, &ind->counter,
					 sizeof(ind->counter));
			for (l = 0; l < ind->kinds.n; l++)
				EVP_DigestUpdate(c, ind->kinds.v[l],
						 strlen(ind->kinds.v[l]) + 1);
			EVP_DigestUpdate(c, ind->lists,
					 ind->n_lists * sizeof(*ind->lists));
		}
	}
	for (i = 0; i < e->n_races; i++) {
		const struct rules_race *r = e->races[i];
		size_t k;

		EVP_DigestUpdate(c, r->id, strlen(r->id) + 1);
		for (k = 0; k < r->n_phases; k++) {
			EVP_DigestUpdate(c, &r->phases[k].kind,
					 sizeof(r->phases[k].kind));
			EVP_DigestUpdate(c, &r->phases[k].start,
					 sizeof(r->phases[k].start));
			EVP_DigestUpdate(c, &r->phases[k].end,
					 sizeof(r->phases[k].end));
		}
		for (k = 0; k < r->regions.n; k++)
			EVP_DigestUpdate(c, r->regions.v[k],
					 strlen(r->regions.v[k]) + 1);
	}
	EVP_DigestFinal_ex(c, md, &n);
	EVP_MD_CTX_free(c);
	for (i = 0; i < 8 && i < n; i++)
		snprintf(e->version + 2 * i, 3, "%02x", md[i]);
}

struct score_engine *score_engine_new(const struct rules *r, struct buf *err)
{
	struct score_engine *e = xcalloc(1, sizeof(*e));
	size_t i, j, k;

	e->rules = r;
	e->m = match_new();
	e->voice_slot = e->voting_slot = e->election_slot = -1;
	for (i = 0; i < r->n_elections; i++)
		e->n_races += r->elections[i].n_races;
	e->races = xcalloc(e->n_races + 1, sizeof(*e->races));
	e->cand_base = xcalloc(e->n_races + 1, sizeof(*e->cand_base));
	k = 0;
	for (i = 0; i < r->n_elections; i++) {
		for (j = 0; j < r->elections[i].n_races; j++) {
			const struct rules_race *race =
				&r->elections[i].races[j];

			e->races[k] = race;
			e->cand_base[k] = e->n_tallies;
			e->n_tallies += race->n_candidates + race->n_parties;
			k++;
		}
	}
	for (i = 0; i < e->n_races; i++)
		build_race(e, i);
	e->list_base = xcalloc(r->n_catalogues + 1, sizeof(*e->list_base));
	for (i = 0; i < r->n_catalogues; i++) {
		const struct rules_catalogue *cat = &r->catalogues[i];
		struct pat p;

		e->list_base[i] = e->n_list_slots;
		memset(&p, 0, sizeof(p));
		p.type = PT_LIST;
		p.cat = i;
		for (j = 0; j < cat->n_lists; j++) {
			const struct rules_list *l = &cat->lists[j];
			int slot = (int)(e->n_list_slots + j);

			p.list = j;
			if (!strcmp(l->id, "personal_voice"))
				e->voice_slot = slot;
			else if (!strcmp(l->id, "voting_context"))
				e->voting_slot = slot;
			else if (!strcmp(l->id, "election_context"))
				e->election_slot = slot;
			for (k = 0; k < l->terms.n; k++) {
				p.strong = 1;
				add_pat(e, l->terms.v[k], &p, l->terms.v[k],
					0);
			}
		}
		e->n_list_slots += cat->n_lists;
	}
	if (match_build(e->m, err)) {
		score_engine_free(e);
		return NULL;
	}
	engine_digest(e);
	text_norm_init(&e->norm);
	e->tallies = xcalloc(e->n_tallies + 1, sizeof(*e->tallies));
	e->list_count = xcalloc(e->n_list_slots + 1, sizeof(*e->list_count));
	return e;
}

void score_engine_free(struct score_engine *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n_pats; i++)
		if (e->pats[i].owned)
			free((char *)e->pats[i].term);
	free(e->pats);
	free(e->races);
	free(e->cand_base);
	free(e->list_base);
	free(e->hits);
	free(e->tallies);
	free(e->list_count);
	match_free(e->m);
	text_norm_release(&e->norm);
	free(e);
}

const char *score_engine_version(const struct score_engine *e)
{
	return e->version;
}

const char *score_level(int score)
{
	if (score >= SCORE_TINGGI)
		return "tinggi";
	if (score >= SCORE_SEDANG)
		return "sedang";
	if (score >= SCORE_MIN)
		return "rendah";
	return NULL;
}

void score_result_release(struct score_result *r)
{
	size_t i;

	for (i = 0; i < r->cap; i++)
		free(r->v[i].spans);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

/* ---- scoring one post ---- */

static int on_hit(int id, size_t start, size_t end, void *arg)
{
	struct score_engine *e = arg;

	if (e->n_hits == e->hits_cap) {
		e->hits_cap = e->hits_cap ? e->hits_cap * 2 : 64;
		e->hits = xrealloc(e->hits, e->hits_cap * sizeof(*e->hits));
	}
	e->hits[e->n_hits].id = id;
	e->hits[e->n_hits].start = start;
	e->hits[e->n_hits].end = end;
	e->n_hits++;
	return 0;
}

static int kind_in(const struct rules_strings *kinds, const char *kind)
{
	size_t i;

	if (!kinds->n)
		return 1;
	for (i = 0; i < kinds->n; i++)
		if (!strcmp(kinds->v[i], kind))
			return 1;
	return 0;
}

/* 1 when the hit lies in words split out of a hashtag. */
static int hit_in_hashtag(const struct text_norm *t, const struct hit *h)
{
	size_t lo = 0, hi = t->ntok;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t->tok[mid].start < h->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->ntok && t->tok[lo].start == h->start &&
	       (t->tok[lo].flags & TEXT_F_HASHTAG);
}

/*
 * Someone speaks: a term of the "personal_voice" list outside hashtags
 * (saya, kita, ayo, sih, ...), or an emoji.
 */
static int voiced(struct score_engine *e, const struct score_input *in)
{
	size_t i;

	for (i = 0; e->voice_slot >= 0 && i < e->n_hits; i++) {
		const struct pat *p = &e->pats[e->hits[i].id];

		if (p->type == PT_LIST &&
		    (int)(e->list_base[p->cat] + p->list) == e->voice_slot &&
		    !hit_in_hashtag(&e->norm, &e->hits[i]))
			return 1;
	}
	for (i = 0; in->text && i < in->len; i++) {
		unsigned char ch = (unsigned char)in->text[i];

		if (ch >= 0xF0)
			return 1;	/* emoji */
		if (ch == 0xE2 && i + 1 < in->len &&
		    ((unsigned char)in->text[i + 1] == 0x9C ||
		     (unsigned char)in->text[i + 1] == 0x98))
			return 1;	/* U+2600.., U+2700.. dingbats */
	}
	return 0;
}

/* Share of capitalised words (3+ letters; no hashtags, mentions, links). */
static int title_case_pct(const char *s, size_t len)
{
	size_t i = 0, words = 0, caps = 0;

	while (i < len) {
		size_t st, letters = 0;

		while (i < len && strchr(" \t\r\n", s[i]))
			i++;
		st = i;
		while (i < len && !strchr(" \t\r\n", s[i])) {
			unsigned char ch = (unsigned char)s[i];

			letters += (ch >= 'a' && ch <= 'z') ||
				   (ch >= 'A' && ch <= 'Z');
			i++;
		}
		if (st == i || s[st] == '#' || s[st] == '@' ||
		    !strncmp(s + st, "http", 4) || letters < 3)
			continue;
		words++;
		caps += s[st] >= 'A' && s[st] <= 'Z';
	}
	return words >= 5 ? (int)(caps * 100 / words) : 0;
}

/*
 * News style: no one speaks (see voiced()), the text ends with a link
 * (trailing hashtags, mentions, "via"/"lewat" and separators aside),
 * and it is written as a headline (most words capitalised) or in a
 * reporter's words (a "counter_news" term). Headlines shared with their
 * link read like this; a civil servant's own campaigning rarely does.
 */
static int news_style(const struct score_input *in, int is_voiced,
		      int news_term)
{
	const char *s = in->text, *end;

	if (!s || !in->len || is_voiced)
		return 0;
	end = s + in->len;
	for (;;) {
		const char *w;

		while (end > s && strchr(" \t\r\n.|-,:", end[-1]))
			end--;
		w = end;
		while (w > s && !strchr(" \t\r\n", w[-1]))
			w--;
		if (w == end)
			return 0;
		if (*w == '#' || *w == '@' || (end - w == 3 &&
		    !strncasecmp(w, "via", 3)) || (end - w == 5 &&
		    !strncasecmp(w, "lewat", 5))) {
			end = w;
			continue;
		}
		if (end - w <= 8 || (strncmp(w, "https://", 8) &&
				     strncmp(w, "http://", 7)))
			return 0;
		break;
	}
	return news_term || title_case_pct(s, in->len) >= 70;
}

struct judge {
	struct score_engine *e;
	const struct score_input *in;
	size_t ri;		/* the race */
	int local;
	int numbers_ok;		/* ballot numbers drawn at post time */
	int phase_kind;		/* enum rules_phase_kind or -1 */
	enum rules_at at;
	int news;		/* news_style() */
	int voiced;		/* voiced() */
	int all_named;		/* every pair of the race is named */
};

static int list_present(struct judge *j, size_t cat, size_t list)
{
	return j->e->list_count[j->e->list_base[cat] + list] > 0;
}

static int list_kind_is(const struct rules_catalogue *cat, size_t list,
			const char *kind)
{
	return !strcmp(cat->lists[list].kind, kind);
}

static int has_ref(struct judge *j, const struct tally *t)
{
	struct score_engine *e = j->e;
	int context = (e->voting_slot >= 0 && e->list_count[e->voting_slot]) ||
		      (e->election_slot >= 0 &&
		       e->list_count[e->election_slot]);

	if (t->strong || t->material || t->mention || t->account ||
	    t->against || t->addressed)
		return 1;
	if (t->number && j->local && j->numbers_ok)
		return 1;	/* see also judge_candidate() */
	/* an everyday word names a pair only in one's own races */
	if (t->ambig && j->local && (context || t->number || t->gesture))
		return 1;
	return 0;
}

static void add_span(struct score_finding *f, size_t cap,
		     struct score_engine *e, const struct hit *h,
		     enum score_role role)
{
	const struct pat *p = &e->pats[h->id];
	size_t oa, ob, i;

	if (text_span_to_orig(&e->norm, h->start, h->end, &oa, &ob))
		return;
	for (i = 0; i < f->n_spans; i++)
		if (f->spans[i].start == oa && f->spans[i].end == ob)
			return;
	if (f->n_spans >= cap)
		return;
	f->spans[f->n_spans].start = oa;
	f->spans[f->n_spans].end = ob;
	f->spans[f->n_spans].role = role;
	f->spans[f->n_spans].term = p->term;
	f->spans[f->n_spans].what = p->type == PT_LIST ?
		e->rules->catalogues[p->cat].lists[p->list].id :
		pat_what[p->type];
	f->n_spans++;
}

static void contrib(struct score_finding *f, const char *code, int points,
		    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void contrib(struct score_finding *f, const char *code, int points,
		    const char *fmt, ...)
{
	va_list ap;
	struct score_contrib *c;

	if (f->n_contrib >= sizeof(f->contrib) / sizeof(f->contrib[0]))
		return;
	c = &f->contrib[f->n_contrib++];
	c->code = code;
	c->points = points;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

/* The first term of a list that the post contains, or NULL. */
static const char *first_term(struct score_engine *e, size_t cat,
			      size_t list)
{
	size_t i;

	for (i = 0; i < e->n_hits; i++) {
		const struct pat *p = &e->pats[e->hits[i].id];

		if (p->type == PT_LIST && p->cat == cat && p->list == list)
			return p->term;
	}
	return NULL;
}

/* The strongest reference to candidate ci of the race, for messages. */
static const char *ref_term(struct judge *j, size_t ci)
{
	struct score_engine *e = j->e;
	const char *best = NULL;
	size_t i;

	for (i = 0; i < e->n_hits; i++) {
		const struct pat *p = &e->pats[e->hits[i].id];

		if (p->type == PT_LIST || p->race != j->ri || p->cand != ci)
			continue;
		if (p->type == PT_NUMBER && !(j->local && j->numbers_ok))
			continue;
		if (!best || p->strong)
			best = p->term;
		if (p->strong)
			break;
	}
	return best ? best : "?";
}

/*
 * Judges candidate ci of race j->ri: fills f and returns the score (0
 * when no breach indicator applies).
 */
static int judge_candidate(struct judge *j, size_t ci,
			   const struct tally *t, struct score_finding *f,
			   size_t span_cap)
{
	struct score_engine *e = j->e;
	const struct rules *r = e->rules;
	const struct rules_race *race = e->races[j->ri];
	const char *kind = j->in->kind ? j->in->kind : "post";
	int ref = has_ref(j, t);
	/* the pair's name with its ballot number is the campaign's own
	   framing ("02 Prabowo-Gibran") */
	int named_number = t->number && j->local && j->numbers_ok &&
			   (t->strong || t->material);
	int self_act = !strcmp(kind, "repost") || !strcmp(kind, "like") ||
		       !strcmp(kind, "follow");
	int best = 0, n = 0, score, pw = 100, ctr = 0;
	size_t c, k, l, h;

	f->n_codes = 0;
	f->n_contrib = 0;
	f->n_spans = 0;
	for (c = 0; c < r->n_catalogues; c++) {
		const struct rules_catalogue *cat = &r->catalogues[c];

		for (k = 0; k < cat->n_indicators; k++) {
			const struct rules_indicator *ind = &cat->indicators[k];
			const char *act = NULL;
			int needs_ok = 0, lists_ok = 0;

			if (ind->counter || !kind_in(&ind->kinds, kind))
				continue;
			if (!strcmp(ind->needs, "candidate"))
				needs_ok = ref && race->n_candidates;
			else if (!strcmp(ind->needs, "candidate_or_account"))
				needs_ok = (ref || t->account) &&
					   race->n_candidates;
			else if (!strcmp(ind->needs, "account"))
				needs_ok = t->account > 0;
			else if (!strcmp(ind->needs, "gesture"))
				needs_ok = t->gesture && j->local &&
					   j->numbers_ok;
			else if (!strcmp(ind->needs, "party"))
				needs_ok = race->n_parties &&
					   (t->strong || t->mention);
			if (!needs_ok)
				continue;
			if (!ind->n_lists || (self_act && (t->account ||
							    ref)))
				lists_ok = 1;
			/* a gesture beside the pair's own name is context
			   enough */
			if (!strcmp(ind->needs, "gesture") &&
			    (t->strong || t->material)) {
				lists_ok = 1;
				act = "nama paslon";
			}
			for (l = 0; !lists_ok && l < ind->n_lists; l++) {
				size_t li = ind->lists[l];

				if (list_present(j, c, li)) {
					lists_ok = 1;
					act = first_term(e, c, li);
				} else if (list_kind_is(cat, li,
							"act_support") &&
					   (t->material || named_number)) {
					lists_ok = 1;
					act = t->material ?
					      "tagar/slogan kampanye" :
					      "nama paslon dengan nomor urut";
				} else if (list_kind_is(cat, li,
							"call_against") &&
					   t->against) {
					lists_ok = 1;
					act = "serangan";
				}
			}
			if (!lists_ok)
				continue;
			if (f->n_codes < sizeof(f->codes) / sizeof(f->codes[0]))
				f->codes[f->n_codes++] = ind->code;
			n++;
			if (ind->weight > best)
				best = ind->weight;
			contrib(f, ind->code, ind->weight, "%s: '%s'%s%s",
				ind->title, ref_term(j, ci),
				act ? " + " : "", act ? act : "");
		}
	}
	if (!n)
		return 0;
	score = best + 10 * (n - 1);
	if (score > 100)
		score = 100;
	/*
	 * A post that names every pair of the race in no one's voice (an
	 * infographic, a poll, a ballot-number announcement) lists them;
	 * it favours none.
	 */
	if (j->all_named && !j->voiced) {
		int cut = score * 60 / 100;

		contrib(f, "SEMUA-PASLON", -cut, "menyebut semua paslon "
			"(-60%%)");
		score -= cut;
	}
	if (score > 100)
		score = 100;
	/* the phase */
	if (j->in->posted_at != INT64_MIN && r->n_catalogues) {
		const int *w = r->catalogues[0].phase_weights;

		if (j->at == RULES_AT_BEFORE)
			pw = w[RULES_PW_SEBELUM];
		else if (j->at == RULES_AT_AFTER)
			pw = w[RULES_PW_SESUDAH];
		else if (j->at == RULES_AT_BETWEEN)
			pw = w[RULES_PW_ANTARA];
		else if (j->phase_kind >= 0)
			pw = w[j->phase_kind];
	}
	f->phase_weight = pw;
	if (pw != 100)
		contrib(f, "FASE", score * pw / 100 - score, "fase %s: x%d%%",
			f->phase, pw);
	score = score * pw / 100;
	if (score > 100)
		score = 100;
	/* counter-signals */
	for (c = 0; c < r->n_catalogues; c++) {
		const struct rules_catalogue *cat = &r->catalogues[c];

		for (k = 0; k < cat->n_indicators; k++) {
			const struct rules_indicator *ind = &cat->indicators[k];
			const char *term = NULL;
			int news = 0;

			if (!ind->counter || !kind_in(&ind->kinds, kind))
				continue;
			for (l = 0; !term && l < ind->n_lists; l++)
				if (list_present(j, c, ind->lists[l]))
					term = first_term(e, c,
							  ind->lists[l]);
			if (!strcmp(ind->code, "IND-CTR-BERITA")) {
				/*
				 * A reporter's word in someone's own voice is
				 * no report, nor is a reply in a thread; and
				 * a newsroom does not tag its story with two
				 * of a pair's campaign hashtags: a sharer
				 * promoting it does.
				 */
				if (j->voiced || t->tags >= 2 ||
				    (j->in->text && j->in->text[0] == '@'))
					continue;
				if (!term && j->news) {
					term = "gaya judul berita dengan "
					       "tautan";
					news = 1;
				}
			}
			if (!term)
				continue;
			if (!strcmp(ind->code, "IND-CTR-HASIL") &&
			    j->at != RULES_AT_AFTER &&
			    j->phase_kind < PHASE_REKAPITULASI)
				continue;	/* before the result */
			/* a counter's weight is the share it takes off */
			ctr = score * ind->weight / 100;
			score -= ctr;
			contrib(f, ind->code, -ctr, "%s: '%s' (-%d%%)",
				ind->title, term, ind->weight);
			(void)news;
		}
	}
	if (score < 0)
		score = 0;
	/* spans: this candidate's references, then acts and counters */
	for (h = 0; h < e->n_hits; h++) {
		const struct pat *p = &e->pats[e->hits[h].id];

		if (p->type != PT_LIST) {
			if (p->race == j->ri && p->cand == ci &&
			    (p->type != PT_NUMBER ||
			     (j->local && j->numbers_ok)))
				add_span(f, span_cap, e, &e->hits[h],
					 SCORE_REF);
			continue;
		}
		{
			const char *lk = r->catalogues[p->cat].lists[p->list]
						 .kind;

			add_span(f, span_cap, e, &e->hits[h],
				 !strcmp(lk, "counter") ? SCORE_COUNTER :
				 !strcmp(lk, "context") ? SCORE_CONTEXT :
				 SCORE_ACT);
		}
	}
	return score;
}

/*
 * The end, in the normalised text, of the mentions a reply starts with
 * ("@a @b text"): naming accounts there addresses them, it does not
 * speak of them.
 */
static size_t reply_prefix_end(const struct text_norm *t)
{
	size_t i;

	for (i = 0; i < t->ntok; i++)
		if (t->tok[i].kind != TEXT_MENTION)
			return t->tok[i].start;
	return t->len;
}

static void tally_hits(struct score_engine *e, const struct score_input *in)
{
	size_t h, ri, ci;
	size_t prefix = reply_prefix_end(&e->norm);

	memset(e->tallies, 0, e->n_tallies * sizeof(*e->tallies));
	memset(e->list_count, 0, e->n_list_slots * sizeof(*e->list_count));
	for (h = 0; h < e->n_hits; h++) {
		const struct pat *p = &e->pats[e->hits[h].id];
		struct tally *t;

		if (p->type == PT_LIST) {
			const struct rules_list *l =
				&e->rules->catalogues[p->cat].lists[p->list];

			/*
			 * A hashtag is a topic tag, not a statement: its
			 * words do not make a reminder, a report or a voice.
			 */
			if ((!strcmp(l->kind, "counter") ||
			     !strcmp(l->kind, "context")) &&
			    hit_in_hashtag(&e->norm, &e->hits[h]))
				continue;
			e->list_count[e->list_base[p->cat] + p->list]++;
			continue;
		}
		t = &e->tallies[e->cand_base[p->race] + p->cand];
		switch (p->type) {
		case PT_SLOGAN:
		case PT_HASHTAG:
			if (p->strong) {
				t->material++;
				t->tags += p->type == PT_HASHTAG;
			} else {
				t->ambig++;
			}
			break;
		case PT_AGAINST:
			if (p->strong)
				t->against++;
			else
				t->ambig++;
			break;
		case PT_GESTURE:
			t->gesture++;
			break;
		case PT_NUMBER:
			t->number++;
			break;
		case PT_ACCOUNT:
			if (e->hits[h].start >= prefix)
				t->mention++;
			else
				t->addressed++;
			break;
		default:
			if (p->strong)
				t->strong++;
			else
				t->ambig++;
		}
	}
	/*
	 * Campaign hashtags of two rival pairs in one post borrow them for
	 * reach: neither counts as the author's own campaign material.
	 */
	for (ri = 0; ri < e->n_races; ri++) {
		const struct rules_race *race = e->races[ri];
		size_t n = race->n_candidates + race->n_parties, with = 0;
		size_t addressed = 0;

		for (ci = 0; ci < n; ci++) {
			with += e->tallies[e->cand_base[ri] + ci].material > 0;
			addressed +=
				e->tallies[e->cand_base[ri] + ci].addressed > 0;
		}
		/* a reply to rival pairs at once addresses none of them */
		if (addressed > 1)
			for (ci = 0; ci < n; ci++)
				e->tallies[e->cand_base[ri] + ci].addressed = 0;
		if (with < 2)
			continue;
		for (ci = 0; ci < n; ci++) {
			e->tallies[e->cand_base[ri] + ci].material = 0;
			e->tallies[e->cand_base[ri] + ci].tags = 0;
		}
	}
	/*
	 * "coblos 2 Luthfi-Yasin", "nomor 1 ... SAMBEL": a ballot number or
	 * gesture beside a named pair belongs to that pair's race, not to
	 * every race with a number 2 or a pair that shows two fingers.
	 */
	{
		int named_any = 0, strong_any = 0;

		for (ri = 0; ri < e->n_races; ri++) {
			const struct rules_race *race = e->races[ri];

			for (ci = 0; ci < race->n_candidates; ci++) {
				const struct tally *t =
					&e->tallies[e->cand_base[ri] + ci];

				if ((t->number || t->gesture) &&
				    (t->strong || t->material || t->ambig))
					named_any = 1;
				if (t->strong || t->material)
					strong_any = 1;
			}
		}
		for (ri = 0; (named_any || strong_any) && ri < e->n_races;
		     ri++) {
			const struct rules_race *race = e->races[ri];
			int named_here = 0, strong_here = 0;

			for (ci = 0; ci < race->n_candidates; ci++) {
				const struct tally *t =
					&e->tallies[e->cand_base[ri] + ci];

				if (t->strong || t->material || t->ambig)
					named_here = 1;
				if (t->strong || t->material)
					strong_here = 1;
			}
			for (ci = 0; ci < race->n_candidates; ci++) {
				struct tally *u =
					&e->tallies[e->cand_base[ri] + ci];

				if (named_any && !named_here) {
					u->number = 0;
					u->gesture = 0;
				}
				/*
				 * An everyday word that is also this race's
				 * slogan ("lanjutkan") belongs to the pair
				 * the post names outright.
				 */
				if (strong_any && !strong_here) {
					u->ambig = 0;
					u->number = 0;
					u->gesture = 0;
				}
			}
		}
	}
	/* a repost, like or follow of a campaign account */
	if (!in->ref_account || !*in->ref_account)
		return;
	for (ri = 0; ri < e->n_races; ri++) {
		const struct rules_race *race = e->races[ri];

		for (ci = 0; ci < race->n_candidates; ci++) {
			const struct rules_accounts *a =
				&race->candidates[ci].accounts;
			size_t k;

			for (k = 0; k < a->n; k++)
				if (!strcasecmp(a->v[k].handle,
						in->ref_account))
					e->tallies[e->cand_base[ri] + ci]
						.account++;
		}
	}
}

/*
 * Ballot numbers mean something from the day they are drawn (the
 * pengundian phase; else penetapan; else the campaign's start), whatever
 * other phase is still running then (registration overlaps the draw).
 */
static int numbers_drawn(const struct rules_race *race, int64_t t)
{
	static const enum rules_phase_kind order[] = {
		PHASE_PENGUNDIAN_NOMOR, PHASE_PENETAPAN, PHASE_PENETAPAN_PESERTA,
		PHASE_KAMPANYE
	};
	size_t i, k;

	if (t == INT64_MIN)
		return 1;
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (i = 0; i < race->n_phases; i++)
			if (race->phases[i].kind == order[k])
				return t >= race->phases[i].start;
	return 0;
}

static const char *phase_label(const struct rules_phase *ph,
			       enum rules_at at)
{
	if (at == RULES_AT_BEFORE || !ph)
		return "sebelum";
	if (at == RULES_AT_AFTER)
		return "sesudah";
	if (at == RULES_AT_BETWEEN)
		return "antara";
	return rules_phase_name(ph->kind);
}

size_t score_post(struct score_engine *e, const struct score_input *in,
		  struct score_result *out)
{
	struct judge j;
	size_t ri, ci, i;
	const size_t span_cap = 48;

	out->n = 0;
	e->n_hits = 0;
	text_normalize(in->text ? in->text : "", in->text ? in->len : 0,
		       &e->norm);
	match_run(e->m, &e->norm, on_hit, e);
	tally_hits(e, in);
	memset(&j, 0, sizeof(j));
	j.e = e;
	j.in = in;
	j.voiced = voiced(e, in);
	{
		int news_term = 0;
		size_t h;

		for (h = 0; h < e->n_hits && !news_term; h++) {
			const struct pat *p = &e->pats[e->hits[h].id];

			news_term = p->type == PT_LIST &&
				!strcmp(e->rules->catalogues[p->cat]
					.lists[p->list].id, "counter_news");
		}
		j.news = news_style(in, j.voiced, news_term);
	}
	for (ri = 0; ri < e->n_races; ri++) {
		const struct rules_race *race = e->races[ri];
		const struct rules_phase *ph = NULL;
		struct score_finding *f;
		size_t n_cand = race->n_candidates + race->n_parties;
		int best = 0;
		size_t best_c = 0;

		for (ci = 0; ci < n_cand; ci++) {
			const struct tally *t =
				&e->tallies[e->cand_base[ri] + ci];

			if (t->strong || t->ambig || t->material ||
			    t->number || t->gesture || t->against ||
			    t->mention || t->account || t->addressed)
				break;
		}
		if (ci == n_cand)
			continue;	/* nothing of this race */
		j.ri = ri;
		j.local = rules_race_covers(race, in->region);
		j.all_named = race->n_candidates >= 2;
		for (ci = 0; ci < race->n_candidates; ci++) {
			const struct tally *t =
				&e->tallies[e->cand_base[ri] + ci];

			if (!t->strong && !t->material && !t->number)
				j.all_named = 0;
			if (t->against)
				j.all_named = 0;	/* takes sides */
		}
		for (i = 0; j.all_named && i < e->n_hits; i++) {
			const struct pat *p = &e->pats[e->hits[i].id];
			const char *k;

			if (p->type != PT_LIST)
				continue;
			k = e->rules->catalogues[p->cat].lists[p->list].kind;
			if (!strcmp(k, "call_for") || !strcmp(k, "call_against"))
				j.all_named = 0;	/* takes sides */
		}
		j.at = RULES_AT_IN;
		j.phase_kind = -1;
		if (in->posted_at != INT64_MIN) {
			ph = rules_phase_at(race, in->posted_at, &j.at);
			j.phase_kind = ph ? (int)ph->kind : -1;
		}
		/* from the draw until the race is over */
		j.numbers_ok = numbers_drawn(race, in->posted_at) &&
			       j.at != RULES_AT_AFTER;
		if (out->n == out->cap) {
			size_t old = out->cap;

			out->cap = out->cap ? out->cap * 2 : 4;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
			for (i = old; i < out->cap; i++) {
				memset(&out->v[i], 0, sizeof(out->v[i]));
				out->v[i].spans = xcalloc(span_cap,
						sizeof(*out->v[i].spans));
			}
		}
		f = &out->v[out->n];
		for (ci = 0; ci < n_cand; ci++) {
			struct score_finding tmp;
			int s;

			memset(&tmp, 0, sizeof(tmp));
			tmp.spans = f->spans;
			tmp.phase = phase_label(ph, j.at);
			if (in->posted_at == INT64_MIN)
				tmp.phase = "tidak diketahui";
			s = judge_candidate(&j, ci,
					    &e->tallies[e->cand_base[ri] + ci],
					    &tmp, span_cap);
			if (s > best || (s && s == best && !best_c)) {
				struct score_span *keep = f->spans;

				best = s;
				best_c = ci;
				*f = tmp;
				f->spans = keep;
			}
		}
		if (best < SCORE_MIN)
			continue;
		/* judge again to leave the winner's spans in f */
		{
			struct score_span *keep = f->spans;
			const char *phase = f->phase;

			judge_candidate(&j, best_c,
					&e->tallies[e->cand_base[ri] + best_c],
					f, span_cap);
			f->spans = keep;
			f->phase = phase;
		}
		f->race = race;
		f->local = j.local;
		f->score = best;
		f->level = score_level(best);
		if (best_c < race->n_candidates) {
			const struct rules_candidate *c =
				&race->candidates[best_c];

			f->candidate = c->number;
			f->candidate_name = c->n_members ?
				c->members[0].name : NULL;
		} else {
			const struct rules_party *pa =
				&race->parties[best_c - race->n_candidates];

			f->candidate = pa->number;
			f->candidate_name = pa->acronym;
		}
		out->n++;
	}
	/* highest first; local before outside on a tie */
	for (i = 1; i < out->n; i++) {
		size_t k = i;

		while (k > 0 && (out->v[k].score > out->v[k - 1].score ||
				 (out->v[k].score == out->v[k - 1].score &&
				  out->v[k].local && !out->v[k - 1].local))) {
			struct score_finding tmp = out->v[k];

			out->v[k] = out->v[k - 1];
			out->v[k - 1] = tmp;
			k--;
		}
	}
	return out->n;
}
