#!/bin/sh
# SPDX-License-Identifier: MIT
# netra rules check and netra rules list: the shipped data, where the
# data folder is found, the bad folders in fixtures/rules/, --region and
# --json. NETRA_NOW is pinned by lib.sh to 2024-11-20 08:00 WIB.
. "$NETRA_SRC/tests/lib.sh"
R="$FIX/rules"

run 0 netra help
has out "rules"
run 0 netra rules --help
has out "usage: netra rules check"
run 0 netra help rules
has out "netra rules list"
run 2 netra rules
run 2 netra rules frobnicate
has err "'frobnicate' is not a rules subcommand"
run 2 netra rules check a b
run 2 netra rules check --rules a b
has err "give the folder once"
run 2 netra rules list --region 3319 --rules "$NETRA_SRC"
has err "expected a region code like 33, 33.19 or ID, got '3319'"
run 2 netra rules list extra

# the shipped data, found by argument, --rules, $NETRA_RULES and "."
run 0 netra rules check "$NETRA_SRC"
has out "6 elections, 7 races, 16 candidates, 18 parties"
has out "word lists"
has out "items marked unconfirmed"
run 0 netra rules check --rules "$NETRA_SRC"
has out "7 races"
export NETRA_RULES="$NETRA_SRC"
run 0 netra rules check
has out "rules in '$NETRA_SRC' are valid"
unset NETRA_RULES
run 3 netra rules check
has err "elections: cannot open folder"
cp -R "$NETRA_SRC/elections" "$NETRA_SRC/indicators" .
run 0 netra rules check
has out "rules in '.' are valid"

# bad folders: every error, with file, line and field; exit 3
run 3 netra rules check "$R/bad-kudus"
has err "bad-kudus/elections/pilkada-2024-kudus.json:75: races[0].candidates[1].number: expected an integer, got \"dua\""
has err "pilkada-2024-kudus.json:17: races[0].regions[0]: expected a region code \"NN\", \"NN.NN\" or \"ID\", got \"33.9\""
has err "pilkada-2024-kudus.json:30: races[0].phases[4].start: expected a date YYYY-MM-DD, got \"2024-11-31\""
has err "pilkada-2024-kudus.json:60: races[0].candidates[0].aliases[1].text: \"SAMBEL\" must be lower case"
has err "pilkada-2024-kudus.json:109: races[0].candidates[1].gestures[0].text: unknown gesture token \"emoji_w\""
has err "5 errors in the rules"
is "$(wc -c < out)" 0 "no summary on stdout when invalid"
run 3 netra rules check "$R/bad-indicators"
has err "skb-rusak.json:17: indicators[0].weight: expected an integer from 0 to 100, got 150"
has err "skb-rusak.json:8: lists[0].terms: must not be empty"
has err "skb-rusak.json:16: indicators[0].legal_basis.codes[0]: \"SKB-HD-99\" is not in legal_items"
has err "skb-rusak.json:23: indicators[1].code: indicator \"IND-POST\" is defined twice"
has err "skb-rusak.json:30: indicators[1].lists[0]: no word list \"berita\" in this file"
run 3 netra rules check "$R/syntax"
has err "syntax/elections/pilkada-2024-kudus.json:35: not valid JSON"
run 3 netra rules check "$R/dup-race"
has err "pilkada-2024-jepara.json:14: races[0].id: race \"pilbup-2024-jepara\" is also defined at"
has err "pilkada-2024-jepara-salinan.json:14"
run 3 netra rules check "$R/empty"
has err "empty/elections: no .json election file"
has err "empty/indicators: no .json indicator file"
run 3 netra rules list --rules "$R/bad-kudus"

# list: the races of a region, the phase now, the candidates
run 0 netra rules list --region 33.19
has out "pilpres-2024"
has out "pileg-2024"
has out "pilgub-2024-jateng"
has out "pilbup-2024-kudus"
lacks out "pilbup-2024-jepara"
lacks out "pilgub-2024-bengkulu"
has out "now: dalam kampanye (2024-09-25 .. 2024-11-23)"
has out "Sam'ani Intakoris - Bellinda Putri Sabrina Birton"
has out "now: sesudah penetapan_terpilih"
run 0 netra rules list --region 17.71
has out "Dedy Wahyudi - Ronny Pebriyanto L. Tobing"
has out "[perseorangan]"
lacks out "pilbup-2024-kudus"
export NETRA_NOW=2024-11-25T10:00:00+07:00
run 0 netra rules list --region 33.20
has out "now: dalam masa_tenang"
export NETRA_NOW=2024-11-27T09:00:00+07:00
run 0 netra rules list --region 33.20 --json
ids=$(python3 -c 'import json; d = json.load(open("out")); print(" ".join(r["id"] + ":" + str(r["now"]["phase"]) for r in d))')
is "$ids" "pilpres-2024:penetapan_terpilih pileg-2024:rekapitulasi pilgub-2024-jateng:pemungutan pilbup-2024-jepara:pemungutan" "--json: races and phases of Jepara on voting day"
n=$(python3 -c 'import json; d = json.load(open("out")); print(len(d[3]["candidates"]), d[3]["candidates"][1]["members"][0]["name"])')
is "$n" "2 Witiarso Utomo" "--json: Jepara candidates"
run 0 netra rules list
has out "pilwalkot-2024-kota-bengkulu"
has out "pilgub-2024-bengkulu"
run 0 netra rules list --region 31
has out "pilpres-2024"
lacks out "pilgub"

# the JSON Schemas describe the same files the loader accepts
if python3 -c 'import jsonschema' 2>/dev/null; then
	schemacheck() { # SCHEMA FILES...: prints the number of violations
		python3 - "$@" <<'PY'
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
print(sum(len(list(v.iter_errors(json.load(open(f))))) for f in sys.argv[2:]))
PY
	}
	is "$(schemacheck "$NETRA_SRC/schema/elections.schema.json" \
		"$NETRA_SRC"/elections/*.json)" 0 "elections match the schema"
	is "$(schemacheck "$NETRA_SRC/schema/indicators.schema.json" \
		"$NETRA_SRC"/indicators/*.json)" 0 "indicators match the schema"
	is "$(schemacheck "$NETRA_SRC/schema/elections.schema.json" \
		"$R"/bad-kudus/elections/*.json)" 4 "bad Kudus breaks the schema"
else
	is skip skip "JSON Schema check skipped: python3-jsonschema missing"
fi

done_testing
