/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of rules.c: the shipped data loads and answers lookups
 * (regions, phases, ambiguity flags), and each kind of bad data gives
 * its exact message with file, line and field. Bad files are written
 * into a temporary folder from two small templates.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/parse.h"
#include "score/rules.h"
#include "tap.h"
#include "util/banned.h"

static const char election_tpl[] =
	"{\n"
	"\t\"id\": \"t\",\n"
	"\t\"election\": \"t\",\n"
	"\t\"name\": \"T\",\n"
	"\t\"races\": [\n"
	"\t\t{\n"
	"\t\t\t\"id\": \"t-kudus\",\n"
	"\t\t\t\"type\": \"bupati\",\n"
	"\t\t\t\"name\": \"Kudus\",\n"
	"\t\t\t\"regions\": [\"33.19\"],\n"
	"\t\t\t\"phases\": [\n"
	"\t\t\t\t{ \"phase\": \"kampanye\", \"start\": \"2024-09-25\", "
	"\"end\": \"2024-11-23\" },\n"
	"\t\t\t\t{ \"phase\": \"masa_tenang\", \"start\": \"2024-11-24\", "
	"\"end\": \"2024-11-26\" },\n"
	"\t\t\t\t{ \"phase\": \"pemungutan\", \"start\": \"2024-11-27\", "
	"\"end\": \"2024-11-27\" }\n"
	"\t\t\t],\n"
	"\t\t\t\"candidates\": [\n"
	"\t\t\t\t{\n"
	"\t\t\t\t\t\"number\": 1,\n"
	"\t\t\t\t\t\"members\": [ { \"role\": \"cabup\", \"name\": \"A\", "
	"\"aliases\": [ { \"text\": \"a a\", \"strength\": \"strong\" } ] "
	"} ],\n"
	"\t\t\t\t\t\"gestures\": [ { \"text\": \"emoji_satu_jari\", "
	"\"strength\": \"ambiguous\" } ],\n"
	"\t\t\t\t\t\"parties\": [\"X\"]\n"
	"\t\t\t\t},\n"
	"\t\t\t\t{\n"
	"\t\t\t\t\t\"number\": 2,\n"
	"\t\t\t\t\t\"members\": [ { \"role\": \"cabup\", \"name\": \"B\", "
	"\"aliases\": [ { \"text\": \"b b\", \"strength\": \"strong\" } ] "
	"} ],\n"
	"\t\t\t\t\t\"parties\": [\"Y\"]\n"
	"\t\t\t\t}\n"
	"\t\t\t]\n"
	"\t\t}\n"
	"\t]\n"
	"}\n";

static const char indicator_tpl[] =
	"{\n"
	"\t\"id\": \"k\",\n"
	"\t\"name\": \"K\",\n"
	"\t\"legal_items\": [\n"
	"\t\t{ \"code\": \"SKB-HD-6\", \"table\": \"disiplin\", "
	"\"sanction\": \"berat\", \"text\": \"t\" }\n"
	"\t],\n"
	"\t\"lists\": [\n"
	"\t\t{ \"id\": \"w\", \"kind\": \"act_support\", \"description\": "
	"\"d\", \"terms\": [\"dukung\"] }\n"
	"\t],\n"
	"\t\"indicators\": [\n"
	"\t\t{ \"code\": \"IND-X\", \"polarity\": \"breach\", "
	"\"title\": \"t\", "
	"\"description\": \"d\", \"legal_basis\": { \"codes\": [\"SKB-HD-6\"] "
	"}, \"weight\": 50, \"needs\": \"candidate\", \"kinds\": [\"post\"], "
	"\"lists\": [\"w\"] }\n"
	"\t]\n"
	"}\n";

/* A Pileg with one party, "X": template candidate 2's party "Y" fails. */
static const char pileg_tpl[] =
	"{ \"id\": \"p\", \"election\": \"p\", \"name\": \"P\", "
	"\"races\": [ {\n"
	"\t\"id\": \"p-ri\", \"type\": \"pileg\", \"name\": \"P\", "
	"\"regions\": [\"ID\"],\n"
	"\t\"phases\": [\n"
	"\t\t{ \"phase\": \"kampanye\", \"start\": \"2023-11-28\", "
	"\"end\": \"2024-02-10\" },\n"
	"\t\t{ \"phase\": \"masa_tenang\", \"start\": \"2024-02-11\", "
	"\"end\": \"2024-02-13\" },\n"
	"\t\t{ \"phase\": \"pemungutan\", \"start\": \"2024-02-14\", "
	"\"end\": \"2024-02-14\" } ],\n"
	"\t\"parties\": [ { \"number\": 1, \"acronym\": \"X\", "
	"\"aliases\": [ { \"text\": \"x\", \"strength\": \"strong\" } ] "
	"} ]\n"
	"} ] }\n";

/* tpl with the first occurrence of from replaced by to (must occur). */
static char *subst(const char *tpl, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	const char *at = strstr(tpl, from);

	if (!at) {
		printf("# template has no '%s'\n", from);
		abort();
	}
	buf_add(&b, tpl, (size_t)(at - tpl));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	return buf_detach(&b, NULL);
}

static char tmp[] = "/tmp/netra-t-rules.XXXXXX";

static void put(const char *path, const char *text)
{
	struct buf err = BUF_INIT;

	if (text && fs_write_atomic(path, text, strlen(text), &err))
		printf("# %s\n", err.s);
	buf_release(&err);
}

/*
 * Loads a folder holding elections/a.json (election), elections/b.json
 * (election2, when not NULL) and indicators/k.json (indicator); err gets
 * the messages. Returns rules_load_dir()'s result.
 */
static int try_load(const char *election, const char *election2,
		    const char *indicator, struct buf *err)
{
	struct rules r;
	int rc;

	buf_reset(err);
	put("elections/a.json", election);
	put("elections/b.json", election2);
	put("indicators/k.json", indicator);
	rc = rules_load_dir(".", &r, err);
	rules_free(&r);
	unlink("elections/a.json");
	unlink("elections/b.json");
	unlink("indicators/k.json");
	return rc;
}

/* One bad election file: exactly one message, want. */
static void bad_election(const char *from, const char *to, const char *want,
			 const char *desc)
{
	struct buf err = BUF_INIT;
	char *text = subst(election_tpl, from, to);

	ok(try_load(text, NULL, indicator_tpl, &err) == -1, "%s: refused",
	   desc);
	is_str(err.s, want, "%s: message", desc);
	free(text);
	buf_release(&err);
}

static void bad_indicator(const char *from, const char *to, const char *want,
			  const char *desc)
{
	struct buf err = BUF_INIT;
	char *text = subst(indicator_tpl, from, to);

	ok(try_load(election_tpl, NULL, text, &err) == -1, "%s: refused",
	   desc);
	is_str(err.s, want, "%s: message", desc);
	free(text);
	buf_release(&err);
}

static int64_t at(const char *iso)
{
	int64_t t = 0;

	if (time_parse_iso(iso, &t, 0))
		printf("# bad time %s\n", iso);
	return t;
}

static const struct rules_term *find_term(const struct rules_terms *t,
					  const char *text)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].text, text))
			return &t->v[i];
	return NULL;
}

static void shipped_data(void)
{
	struct buf err = BUF_INIT, dir = BUF_INIT;
	const char *src = getenv("NETRA_SRC");
	const struct rules_race *kudus, *pilpres, *jepara, **races;
	const struct rules_phase *ph;
	const struct rules_term *t;
	struct rules_counts c;
	struct rules r;
	enum rules_at where;
	size_t n;

	buf_adds(&dir, src && *src ? src : ".");
	ok(!rules_load_dir(dir.s, &r, &err), "shipped rules load");
	if (err.len)
		printf("# %s", err.s);
	rules_count(&r, &c);
	is_int(c.elections, 6, "6 election files");
	is_int(c.races, 7, "7 races");
	is_int(c.candidates, 16, "16 pairs");
	is_int(c.parties, 18, "18 national parties");
	ok(c.indicators >= 12, "at least 12 indicators");

	kudus = rules_find_race(&r, "pilbup-2024-kudus");
	pilpres = rules_find_race(&r, "pilpres-2024");
	jepara = rules_find_race(&r, "pilbup-2024-jepara");
	ok(kudus && pilpres && jepara, "races found by id");
	if (!kudus || !pilpres || !jepara)
		goto out;
	is_str(kudus->candidates[0].members[0].name, "Sam'ani Intakoris",
	       "Kudus 1 is Sam'ani");
	is_int(jepara->candidates[1].number, 2, "Jepara: Wiwit is 2");
	t = find_term(&jepara->candidates[1].members[0].aliases, "wiwit");
	ok(t && t->strength == RULES_AMBIGUOUS, "'wiwit' is ambiguous");
	t = find_term(&pilpres->candidates[1].hashtags, "#prabowogibran2024");
	ok(t && t->strength == RULES_STRONG, "#prabowogibran2024 is strong");
	t = find_term(&pilpres->candidates[0].aliases, "amin");
	ok(t && t->strength == RULES_AMBIGUOUS, "'amin' is ambiguous");

	races = rules_races_for_region(&r, "33.19", &n);
	is_int(n, 4, "a Kudus ASN: pilpres, pileg, Jateng, Kudus");
	ok(n == 4 && races[3] == kudus, "Kudus race last (file order)");
	free(races);
	races = rules_races_for_region(&r, "33.19.01.2001", &n);
	is_int(n, 4, "a desa in Kudus: same races");
	free(races);
	races = rules_races_for_region(&r, "17", &n);
	is_int(n, 3, "Provinsi Bengkulu: pilpres, pileg, governor");
	free(races);
	races = rules_races_for_region(&r, "17.71", &n);
	is_int(n, 4, "Kota Bengkulu: and the mayor");
	free(races);
	races = rules_races_for_region(&r, "3319", &n);
	is_int(n, 2, "'3319' is no part of '33'");
	free(races);
	races = rules_races_for_region(&r, NULL, &n);
	is_int(n, 2, "no region: national races only");
	free(races);

	ph = rules_phase_at(kudus, at("2024-11-25T10:00:00+07:00"), &where);
	ok(ph && ph->kind == PHASE_MASA_TENANG && where == RULES_AT_IN,
	   "25 Nov 2024 is masa tenang");
	ph = rules_phase_at(kudus, at("2024-11-24T00:00:00+07:00"), &where);
	ok(ph && ph->kind == PHASE_MASA_TENANG, "masa tenang from 00:00 WIB");
	ph = rules_phase_at(kudus, at("2024-11-23T23:59:59+07:00"), &where);
	ok(ph && ph->kind == PHASE_KAMPANYE, "kampanye to 23:59:59 WIB");
	ph = rules_phase_at(kudus, at("2024-11-27T08:00:00+07:00"), &where);
	ok(ph && ph->kind == PHASE_PEMUNGUTAN,
	   "voting day beats the count starting the same day");
	ph = rules_phase_at(kudus, at("2024-09-24T08:00:00+07:00"), &where);
	ok(ph && ph->kind == PHASE_PENGUNDIAN_NOMOR &&
	   where == RULES_AT_BETWEEN, "24 Sep 2024: between phases");
	ph = rules_phase_at(kudus, at("2024-01-01T08:00:00+07:00"), &where);
	ok(!ph && where == RULES_AT_BEFORE, "Jan 2024: before");
	ph = rules_phase_at(kudus, at("2025-06-01T08:00:00+07:00"), &where);
	ok(ph && ph->kind == PHASE_REKAPITULASI && where == RULES_AT_AFTER,
	   "Jun 2025: after");
	ph = rules_phase_at(pilpres, at("2024-02-14T12:00:00+07:00"), &where);
	ok(ph && ph->kind == PHASE_PEMUNGUTAN, "14 Feb 2024: pemungutan");
out:
	rules_free(&r);
	buf_release(&err);
	buf_release(&dir);
}

static void bad_data(void)
{
	struct buf err = BUF_INIT;
	char *a, *b;

	ok(!try_load(election_tpl, NULL, indicator_tpl, &err),
	   "templates are valid");
	is_str(err.s, "", "templates: no message");

	bad_election("\"number\": 2", "\"number\": \"dua\"",
		     "elections/a.json:24: races[0].candidates[1].number: "
		     "expected an integer, got \"dua\"\n", "number as a word");
	bad_election("\"number\": 2", "\"number\": 1",
		     "elections/a.json:24: races[0].candidates[1].number: "
		     "ballot number 1 is given twice in race \"t-kudus\"\n",
		     "duplicate ballot number");
	bad_election("\"number\": 2", "\"number\": 2.5",
		     "elections/a.json:24: races[0].candidates[1].number: "
		     "expected an integer from 1 to 99, got 2.5\n",
		     "fractional number");
	bad_election("2024-11-27\", \"end\": \"2024-11-27",
		     "2024-02-30\", \"end\": \"2024-11-27",
		     "elections/a.json:14: races[0].phases[2].start: expected "
		     "a date YYYY-MM-DD, got \"2024-02-30\"\n", "bad date");
	bad_election("\"end\": \"2024-11-23\"", "\"end\": \"2024-09-01\"",
		     "elections/a.json:12: races[0].phases[0].end: ends "
		     "before it starts\n", "end before start");
	bad_election("\"start\": \"2024-11-24\"", "\"start\": \"2024-11-20\"",
		     "elections/a.json:13: races[0].phases[1].start: "
		     "\"masa_tenang\" overlaps \"kampanye\"\n",
		     "masa tenang overlaps kampanye");
	a = subst(election_tpl, "\"phase\": \"kampanye\"",
		  "\"phase\": \"pemungutan\"");
	b = subst(a, "\"phase\": \"pemungutan\", \"start\": \"2024-11-27\"",
		  "\"phase\": \"kampanye\", \"start\": \"2024-11-27\"");
	ok(try_load(b, NULL, indicator_tpl, &err) == -1, "phases swapped");
	is_str(err.s, "elections/a.json:13: races[0].phases[1].phase: "
	       "\"masa_tenang\" is out of order: it must come before "
	       "\"pemungutan\"\n"
	       "elections/a.json:14: races[0].phases[2].phase: \"kampanye\" "
	       "is out of order: it must come before \"masa_tenang\"\n",
	       "phases swapped: messages");
	free(a);
	free(b);
	bad_election("\t\t\t\t{ \"phase\": \"masa_tenang\", \"start\": "
		     "\"2024-11-24\", \"end\": \"2024-11-26\" },\n", "",
		     "elections/a.json:11: races[0].phases: no "
		     "\"masa_tenang\" phase\n", "masa tenang missing");
	bad_election("[\"33.19\"]", "[\"3319\"]",
		     "elections/a.json:10: races[0].regions[0]: expected a "
		     "region code \"NN\", \"NN.NN\" or \"ID\", got \"3319\"\n",
		     "region without dot");
	bad_election("[\"33.19\"]", "[\"33\"]",
		     "elections/a.json:10: races[0].regions[0]: a bupati race "
		     "covers a kabupaten \"NN.01\" to \"NN.69\", not \"33\"\n",
		     "bupati over a province");
	bad_election("\"emoji_satu_jari\"", "\"emoji_jari_tengah\"",
		     "elections/a.json:20: races[0].candidates[0].gestures[0]"
		     ".text: unknown gesture token \"emoji_jari_tengah\" (see "
		     "schema/elections.schema.json)\n", "unknown gesture");
	bad_election("\"text\": \"a a\"", "\"text\": \"Sehat\"",
		     "elections/a.json:19: races[0].candidates[0].members[0]"
		     ".aliases[0].text: \"Sehat\" must be lower case (terms "
		     "are matched on normalised text)\n", "upper-case alias");
	bad_election("\"text\": \"a a\"", "\"text\": \"sam'ani\"",
		     "elections/a.json:19: races[0].candidates[0].members[0]"
		     ".aliases[0].text: \"sam'ani\" has ''': write punctuation "
		     "as a space, drop apostrophes\n", "apostrophe in alias");
	bad_election("\"strength\": \"strong\" } ] } ],\n\t\t\t\t\t\"gestures",
		     "\"strength\": \"kuat\" } ] } ],\n\t\t\t\t\t\"gestures",
		     "elections/a.json:19: races[0].candidates[0].members[0]"
		     ".aliases[0].strength: unknown value \"kuat\" (one of: "
		     "strong, ambiguous)\n", "unknown strength");
	bad_election("\"name\": \"Kudus\",\n", "",
		     "elections/a.json:6: races[0].name: required field "
		     "missing\n", "race name missing");
	bad_election("\"type\": \"bupati\"", "\"type\": \"bupati\", "
		     "\"hashtag\": []",
		     "elections/a.json:8: races[0].hashtag: unknown field\n",
		     "unknown field");
	bad_election("\"role\": \"cabup\", \"name\": \"B\"",
		     "\"role\": \"cagub\", \"name\": \"B\"",
		     "elections/a.json:25: races[0].candidates[1].members[0]"
		     ".role: expected \"cabup\" for a bupati race, got "
		     "\"cagub\"\n", "wrong role");
	bad_election("\"parties\": [\"Y\"]", "\"parties\": []",
		     "elections/a.json:26: races[0].candidates[1].parties: "
		     "must not be empty unless \"independent\": true\n",
		     "no parties");
	bad_election("\"id\": \"t-kudus\",", "\"id\": \"t-kudus\", "
		     "\"id\": \"u\",",
		     "elections/a.json:7: races[0].id: field given twice\n",
		     "repeated key");
	bad_election("\"races\": [", "\"races\": [,",
		     "elections/a.json:5: not valid JSON near ','\n",
		     "syntax error");

	/* a candidate's party must be a pileg party when a pileg is loaded */
	ok(try_load(election_tpl, pileg_tpl, indicator_tpl, &err) == -1,
	   "party not in the pileg race refused");
	is_str(err.s, "elections/a.json:26: races[0].candidates[1].parties[0]"
	       ": unknown party \"Y\" (not the acronym of a party in any "
	       "pileg race)\n", "unknown party: message");

	bad_election("\"name\": \"T\",", "\"name\": \"T\", \"utc_offset\": "
		     "\"WIB\",",
		     "elections/a.json:4: utc_offset: expected an offset like "
		     "\"+07:00\", got \"WIB\"\n", "bad utc_offset");
	bad_election("\"name\": \"A\"", "\"name\": \"A\xe9\"",
		     "elections/a.json:19: races[0].candidates[0].members[0]"
		     ".name: not valid UTF-8 at byte 1\n", "cp1252 byte");
	bad_election("\"parties\": [\"Y\"]", "\"parties\": [\"Y\"], "
		     "\"accounts\": [ { \"platform\": \"x\", \"handle\": "
		     "\"@b_b\", \"kind\": \"team\" } ]",
		     "elections/a.json:26: races[0].candidates[1].accounts[0]"
		     ".handle: \"@b_b\": letters, digits, '_' and '.' only, "
		     "without '@'\n", "handle with @");
	bad_election("\"type\": \"bupati\"", "\"type\": \"pileg\"",
		     "elections/a.json:10: races[0].regions[0]: a pileg race "
		     "covers \"ID\", not \"33.19\"\n"
		     "elections/a.json:16: races[0].candidates: a pileg race "
		     "lists parties, not candidates\n"
		     "elections/a.json:6: races[0].parties: required field "
		     "missing\n", "pileg with candidates");
	ok(try_load("[]\n", NULL, indicator_tpl, &err) == -1, "array file");
	is_str(err.s, "elections/a.json:1: expected an object, got an array\n",
	       "array file: message");

	/* the same race id in two files */
	a = subst(election_tpl, "\"id\": \"t\"", "\"id\": \"u\"");
	ok(try_load(election_tpl, a, indicator_tpl, &err) == -1,
	   "race id in two files refused");
	is_str(err.s, "elections/b.json:7: races[0].id: race \"t-kudus\" is "
	       "also defined at elections/a.json:7\n",
	       "race id in two files: message");
	free(a);

	bad_indicator("\"weight\": 50", "\"weight\": 150",
		      "indicators/k.json:11: indicators[0].weight: expected "
		      "an integer from 0 to 100, got 150\n", "weight 150");
	bad_indicator("\"terms\": [\"dukung\"]", "\"terms\": []",
		      "indicators/k.json:8: lists[0].terms: must not be "
		      "empty\n", "empty word list");
	bad_indicator("\"codes\": [\"SKB-HD-6\"]",
		      "\"codes\": [\"SKB-HD-7\"]",
		      "indicators/k.json:11: indicators[0].legal_basis.codes"
		      "[0]: \"SKB-HD-7\" is not in legal_items\n",
		      "legal code not in the table");
	bad_indicator("\"codes\": [\"SKB-HD-6\"]",
		      "\"codes\": [\"PP 94/2021\"]",
		      "indicators/k.json:11: indicators[0].legal_basis.codes"
		      "[0]: expected a code SKB-KE-n or SKB-HD-n, got \"PP "
		      "94/2021\"\n", "legal code format");
	bad_indicator("\"lists\": [\"w\"]", "\"lists\": [\"v\"]",
		      "indicators/k.json:11: indicators[0].lists[0]: no word "
		      "list \"v\" in this file\n", "unknown list");
	bad_indicator("\"kinds\": [\"post\"]", "\"kinds\": [\"story\"]",
		      "indicators/k.json:11: indicators[0].kinds[0]: unknown "
		      "post kind \"story\" (post reply repost quote comment "
		      "like follow)\n", "unknown post kind");
	a = subst(indicator_tpl, "\"lists\": [\"w\"] }\n",
		  "\"lists\": [\"w\"] },\n\t\t{ \"code\": \"IND-X\", "
		  "\"polarity\": \"counter\", \"title\": \"t\", "
		  "\"description\": \"d\", \"weight\": 5, \"needs\": \"none\", "
		  "\"kinds\": [\"post\"], \"lists\": [\"w\"] }\n");
	ok(try_load(election_tpl, NULL, a, &err) == -1, "duplicate code");
	is_str(err.s, "indicators/k.json:12: indicators[1].code: indicator "
	       "\"IND-X\" is defined twice\n", "duplicate code: message");
	free(a);

	/* every error of a file, not only the first */
	a = subst(election_tpl, "\"number\": 2", "\"number\": \"dua\"");
	b = subst(a, "[\"33.19\"]", "[\"3319\"]");
	ok(try_load(b, NULL, indicator_tpl, &err) == -1, "two errors");
	is_str(err.s, "elections/a.json:10: races[0].regions[0]: expected a "
	       "region code \"NN\", \"NN.NN\" or \"ID\", got \"3319\"\n"
	       "elections/a.json:24: races[0].candidates[1].number: expected "
	       "an integer, got \"dua\"\n", "two errors: both reported");
	free(a);
	free(b);

	/* an empty folder */
	ok(try_load(NULL, NULL, indicator_tpl, &err) == -1, "no elections");
	is_str(err.s, "elections: no .json election file\n",
	       "no elections: message");
	buf_release(&err);
}

static int mkdir_ok(void)
{
	return mkdir("elections", 0700) || mkdir("indicators", 0700);
}

static void rmdir_all(void)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/elections", tmp);
	rmdir(p.s);
	buf_reset(&p);
	buf_addf(&p, "%s/indicators", tmp);
	rmdir(p.s);
	rmdir(tmp);
	buf_release(&p);
}

int main(void)
{
	char *cwd = getcwd(NULL, 0);
	int rc = 0;

	shipped_data();
	if (!mkdtemp(tmp) || chdir(tmp) || mkdir_ok()) {
		ok(0, "temporary folder");
		free(cwd);
		return done_testing();
	}
	bad_data();
	if (chdir(cwd))
		rc = 1;
	rmdir_all();
	free(cwd);
	return done_testing() | rc;
}
