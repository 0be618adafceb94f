/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the scoring engine against the shipped rules: spans map
 * to the original bytes, each kind of signal and counter-signal, phases,
 * regions, ballot numbers, gestures, interactions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/parse.h"
#include "score/rules.h"
#include "score/score.h"
#include "tap.h"

static struct score_engine *eng;
static struct score_result res = SCORE_RESULT_INIT;

static const struct score_finding *score(const char *text, const char *when,
					 const char *region, const char *kind,
					 const char *ref)
{
	struct score_input in;
	int64_t t = INT64_MIN;

	if (when && time_parse_iso(when, &t, 0))
		return NULL;
	memset(&in, 0, sizeof(in));
	in.text = text;
	in.len = strlen(text);
	in.kind = kind ? kind : "post";
	in.posted_at = t;
	in.region = region;
	in.ref_account = ref;
	score_post(eng, &in, &res);
	return res.n ? &res.v[0] : NULL;
}

static int has_code(const struct score_finding *f, const char *code)
{
	size_t i;

	for (i = 0; f && i < f->n_codes; i++)
		if (!strcmp(f->codes[i], code))
			return 1;
	return 0;
}

static const char KAMPANYE[] = "2024-11-10T09:00:00+07:00";
static const char TENANG[] = "2024-11-25T09:00:00+07:00";

int main(void)
{
	struct rules r;
	struct buf err = BUF_INIT;
	const struct score_finding *f;
	const char *src = getenv("NETRA_SRC");
	char dir[4096];
	const char *text;
	size_t i;
	int found, s_kampanye;

	snprintf(dir, sizeof(dir), "%s", src ? src : ".");
	memset(&r, 0, sizeof(r));
	if (rules_load_dir(dir, &r, &err)) {
		printf("# %s\n", err.s);
		ok(0, "rules load");
		return done_testing();
	}
	eng = score_engine_new(&r, &err);
	ok(eng != NULL, "engine builds from the shipped rules");
	ok(strlen(score_engine_version(eng)) == 16, "engine has a version");

	/* a call to vote, spans in the original bytes */
	text = "Ayo c0bl0s n0 2 Luthfi-Yasin ya lur \xe2\x9c\x8c\xef\xb8\x8f";
	f = score(text, KAMPANYE, "33.19", NULL, NULL);
	ok(f && !strcmp(f->race->id, "pilgub-2024-jateng"),
	   "leetspeak call for the Jateng race");
	ok(f && f->candidate == 2 && f->local, "pair 2, local to Kudus");
	ok(has_code(f, "IND-CALL-FOR"), "IND-CALL-FOR");
	ok(f && !strcmp(f->level, "tinggi"), "level tinggi");
	found = 0;
	for (i = 0; f && i < f->n_spans; i++) {
		if (f->spans[i].role == SCORE_REF &&
		    f->spans[i].end - f->spans[i].start == 12 &&
		    !memcmp(text + f->spans[i].start, "Luthfi-Yasin", 12))
			found = 1;
	}
	ok(found, "the reference span is the original 'Luthfi-Yasin'");
	found = 0;
	for (i = 0; f && i < f->n_spans; i++)
		if (f->spans[i].role == SCORE_ACT &&
		    !memcmp(text + f->spans[i].start, "c0bl0s", 6))
			found = 1;
	ok(found, "the act span is the original 'c0bl0s'");
	s_kampanye = f ? f->score : 0;

	/* masa tenang weighs more than the campaign */
	f = score("Dukung Luthfi-Yasin, mantap!", KAMPANYE, "33.19", NULL,
		  NULL);
	s_kampanye = f ? f->score : 0;
	f = score("Dukung Luthfi-Yasin, mantap!", TENANG, "33.19", NULL, NULL);
	ok(f && f->score > s_kampanye, "masa tenang scores higher (%d > %d)",
	   f ? f->score : -1, s_kampanye);
	ok(f && !strcmp(f->phase, "masa_tenang"), "phase is masa_tenang");

	/* another region's race: found, marked outside */
	f = score("Dukung Luthfi-Yasin, mantap!", KAMPANYE, "17.71", NULL,
		  NULL);
	ok(f && !f->local, "a Bengkulu ASN backing a Jateng pair: outside");

	/* numbers and gestures mean something only in one's own races */
	f = score("Ayo coblos nomor 5", KAMPANYE, "17.71", NULL, NULL);
	ok(f && !strcmp(f->race->id, "pilwalkot-2024-kota-bengkulu") &&
	   f->candidate == 5, "nomor 5 in Kota Bengkulu is pair 5");
	f = score("Ayo coblos nomor 5", KAMPANYE, "33.19", NULL, NULL);
	ok(!f, "nomor 5 means nothing in Kudus");
	f = score("Ayo coblos nomor 2", "2024-09-01T09:00:00+07:00", "33.19",
		  NULL, NULL);
	ok(!f || strcmp(f->race->id, "pilbup-2024-kudus"),
	   "before the draw, nomor 2 is no Kudus pair");

	/* everyday words alone are nothing */
	ok(!score("Semoga sehat dan berkah selalu, Bu", KAMPANYE, "33.19",
		  NULL, NULL), "sehat, berkah: nothing");
	ok(!score("Wiwit sesuk kantor buka jam 7", KAMPANYE, "33.20", NULL,
		  NULL), "wiwit: nothing");
	ok(!score("Amin ya Rabb, semoga lekas sembuh", KAMPANYE, "33.19",
		  NULL, NULL), "amin: nothing");
	ok(!score("Diganjar penghargaan Adipura", KAMPANYE, "33.19", NULL,
		  NULL), "diganjar: nothing");
	ok(!score("", KAMPANYE, "33.19", NULL, NULL), "empty text: nothing");

	/* counter-signals */
	f = score("ASN wajib netral, jangan dukung Luthfi-Yasin atau siapa "
		  "pun di medsos", KAMPANYE, "33.19", NULL, NULL);
	ok(!f || f->score < SCORE_SEDANG, "a neutrality reminder is no "
	   "campaign (%d)", f ? f->score : 0);
	f = score("Saya tidak mendukung Luthfi-Yasin", KAMPANYE, "33.19",
		  NULL, NULL);
	ok(!f || f->score < SCORE_SEDANG, "negation lowers (%d)",
	   f ? f->score : 0);
	f = score("Selamat kepada Luthfi-Yasin, gubernur terpilih, semoga "
		  "amanah", "2025-02-20T09:00:00+07:00", "33.19", NULL, NULL);
	ok(!f || f->score < SCORE_SEDANG, "congratulations after the "
	   "result (%d)", f ? f->score : 0);
	f = score("KPU Jepara Tetapkan Nomor Urut Pasangan Gus Nung Iqbal "
		  "Dan Wiwit Hajar https://example.org/x", KAMPANYE, "33.20",
		  NULL, NULL);
	ok(!f || f->score < SCORE_SEDANG, "a headline with its link (%d)",
	   f ? f->score : 0);

	/* interactions: a like or repost of a campaign account */
	f = score("", KAMPANYE, "33.19", "like", "prabowo");
	ok(f == NULL || has_code(f, "IND-LIKE"),
	   "a like of an unconfirmed account is at most IND-LIKE");

	/* a gesture beside the pair's name */
	f = score("Gus Nung-Iqbal JUARA \xe2\x98\x9d\xef\xb8\x8f", KAMPANYE,
		  "33.20", NULL, NULL);
	ok(has_code(f, "IND-GESTURE"), "one finger beside pair 1: gesture");

	/* hostile bytes */
	f = score("\xff\xfe coblos \x00 nomor", KAMPANYE, "33.19", NULL, NULL);
	ok(1, "invalid UTF-8 does not crash");

	score_result_release(&res);
	score_engine_free(eng);
	rules_free(&r);
	buf_release(&err);
	return done_testing();
}
