/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for nip.c: every written form a valid NIP arrives in, and
 * every way one can be wrong, with the message naming the problem. The
 * NIPs are invented.
 */
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "registry/nip.h"
#include "tap.h"

/* raw with control bytes escaped, for test names (one static buffer) */
static const char *show(const char *raw)
{
	static char out[256];
	size_t i, o = 0;

	if (!raw)
		return "(null)";
	for (i = 0; raw[i] && o + 5 < sizeof(out); i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c < 0x20) {
			snprintf(out + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

/* Parses raw as type; expects success with the given digits and form. */
static void good(const char *raw, enum nip_type type, const char *digits,
		 enum nip_type form)
{
	struct nip n;
	struct buf err = BUF_INIT;
	int r;

	memset(&n, 0, sizeof(n));
	r = nip_parse(raw, type, &n, &err);
	if (!ok(!r, "accepted: '%s'", show(raw)))
		printf("#   err: %s\n", err.s);
	is_str(r ? "" : n.digits, digits, "digits of '%s'", show(raw));
	is_int(r ? -1 : (int)n.type, form, "form of '%s'", show(raw));
	buf_release(&err);
}

/*
 * Parses raw as type; expects failure with a message containing want
 * and also2 (when not NULL), without a final full stop.
 */
static void bad(const char *raw, enum nip_type type, const char *want,
		const char *also2)
{
	struct nip n;
	struct buf err = BUF_INIT;
	int r = nip_parse(raw, type, &n, &err);

	ok(r == -1, "refused: '%s'", show(raw));
	if (!ok(strstr(err.s, want) && (!also2 || strstr(err.s, also2)),
		"message for '%s' says '%s'", show(raw), want))
		printf("#   err: %s\n", err.s);
	ok(err.len && err.s[err.len - 1] != '.' && err.s[0] != ' ',
	   "message for '%s' has no full stop", show(raw));
	buf_release(&err);
}

int main(void)
{
	struct nip n;
	struct buf err = BUF_INIT;
	char f[19];

	/* The written forms. */
	good("198501012010011001", NIP_PNS, "198501012010011001", NIP_PNS);
	good("19850101 201001 1 001", NIP_PNS, "198501012010011001",
	     NIP_PNS);
	good("19850101.201001.1.001", NIP_PNS, "198501012010011001",
	     NIP_PNS);
	good("19850101-201001-1-001", NIP_PNS, "198501012010011001",
	     NIP_PNS);
	good("'198501012010011001", NIP_PNS, "198501012010011001", NIP_PNS);
	good("  ' 19850101 201001 1 001 \t\r\n", NIP_UNKNOWN,
	     "198501012010011001", NIP_PNS);
	good("\xc2\xa0" "198501012010011001" "\xc2\xa0", NIP_PNS,
	     "198501012010011001", NIP_PNS);
	good("19850101\xc2\xa0" "201001\xc2\xa0" "1\xc2\xa0" "001", NIP_PNS,
	     "198501012010011001", NIP_PNS);
	good("19850101  201001  1  001", NIP_PNS, "198501012010011001",
	     NIP_PNS);

	/* The fields. */
	memset(&n, 0, sizeof(n));
	ok(!nip_parse("19920315 201903 2 002", NIP_PNS, &n, &err),
	   "PNS woman parses");
	is_int(n.value, 199203152019032002LL, "value");
	is_int(n.birth_y, 1992, "birth year");
	is_int(n.birth_m, 3, "birth month");
	is_int(n.birth_d, 15, "birth day");
	is_int(n.appt_y, 2019, "appointment year");
	is_int(n.appt_m, 3, "appointment month");
	is_int(n.gender, 2, "gender");
	is_int(n.seq, 2, "sequence");
	is_int(n.type, NIP_PNS, "type PNS");

	memset(&n, 0, sizeof(n));
	ok(!nip_parse("19910420 2024 21 2 003", NIP_PPPK, &n, &err),
	   "PPPK parses");
	is_int(n.value, 199104202024212003LL, "PPPK value");
	is_int(n.appt_y, 2024, "PPPK appointment year");
	is_int(n.appt_m, 0, "PPPK has no appointment month");
	is_int(n.gender, 2, "PPPK gender");
	is_int(n.seq, 3, "PPPK sequence");
	is_int(n.type, NIP_PPPK, "type PPPK");
	is_str(err.s, "", "no message on success");

	/* Either form when the type is not given; PNS preferred. */
	good("199104202024212003", NIP_UNKNOWN, "199104202024212003",
	     NIP_PPPK);
	good("198501012010131001", NIP_UNKNOWN, "198501012010131001",
	     NIP_PPPK);
	good("198501012010011001", NIP_UNKNOWN, "198501012010011001",
	     NIP_PNS);
	good("198501012010011001", NIP_PPPK, "198501012010011001", NIP_PPPK);

	/* The 18-year rule at its edges. */
	good("198501152003011001", NIP_PNS, "198501152003011001", NIP_PNS);
	bad("198501152002121001", NIP_PNS, "appointment 2002-12",
	    "before the holder turned 18 (born 1985-01)");
	good("198512312003241001", NIP_PPPK, "198512312003241001", NIP_PPPK);
	bad("198512312002241001", NIP_PPPK, "PPPK appointment year 2002",
	    "less than 18 years after birth year 1985");

	/* Empty. */
	bad("", NIP_PNS, "NIP is empty", "write the 18-digit NIP");
	bad("  \t ", NIP_PNS, "NIP is empty", NULL);
	bad(NULL, NIP_PNS, "NIP is empty", NULL);
	bad("'", NIP_PNS, "NIP is empty", NULL);
	bad("\xc2\xa0", NIP_UNKNOWN, "NIP is empty", NULL);

	/* What spreadsheets do to a number. */
	bad("1.98501E+17", NIP_PNS, "'1.98501E+17' is in scientific notation",
	    "format the column as Text and export again");
	bad("1,98501E+17", NIP_PNS, "'1,98501E+17' is in scientific notation",
	    "lost its last digits");
	bad(" 1.98501e17 ", NIP_UNKNOWN, "scientific notation", NULL);
	bad("2E+17", NIP_PNS, "scientific notation", NULL);
	bad("198501012010011000", NIP_PNS, "sequence 000",
	    "keeps only 15 digits: format the column as Text");
	bad("19850101 201001 1 000", NIP_UNKNOWN, "sequences start at 001",
	    NULL);
	bad("'198501012010011000", NIP_PNS, "sequence 000",
	    "001; correct the NIP");
	bad("198,501,012,010,011,000", NIP_PNS, "thousands separators",
	    "format the column as Text and export again");

	/* Length. */
	bad("19850101201001100", NIP_PNS, "has 17 digits, not 18",
	    "missing or extra digit");
	bad("1985010120100110011", NIP_PNS, "has 19 digits, not 18", NULL);
	bad("1", NIP_PNS, "has 1 digit, not 18", NULL);
	bad("131110468", NIP_PNS, "old 9-digit NIP from before 2009",
	    "write the 18-digit NIP");
	bad("131 110 468", NIP_UNKNOWN, "old 9-digit NIP", NULL);

	/* Characters. */
	bad("19850101x201001 1 001", NIP_PNS, "has 'x', which is not a digit",
	    NULL);
	bad("19850101/201001/1/001", NIP_PNS, "has '/'", NULL);
	bad("19850101_201001_1_001", NIP_PNS, "has '_'", NULL);
	bad("198501012010011001\xc3\xa9", NIP_PNS, "has '\xc3\xa9'", NULL);
	bad("19850101\xff" "201001", NIP_PNS, "the byte 0xff", "UTF-8");
	bad("1985\x01" "0101201001", NIP_PNS, "has '\\x01'", NULL);
	bad("NIP 198501012010011001", NIP_PNS, "has 'N'", NULL);
	bad("1O8501012010011001", NIP_PNS, "has 'O'", NULL);

	/* Birth date. */
	bad("198502302010011001", NIP_PNS, "birth date 1985-02-30",
	    "not a real date");
	bad("198513012010011001", NIP_UNKNOWN, "birth date 1985-13-01",
	    NULL);
	bad("198501002010011001", NIP_PPPK, "birth date 1985-01-00", NULL);
	good("198802292010011001", NIP_PNS, "198802292010011001", NIP_PNS);
	bad("198702292010011001", NIP_PNS, "birth date 1987-02-29", NULL);
	bad("193012312010011001", NIP_PNS, "birth year 1930",
	    "outside 1940-2010");
	bad("201501012035011001", NIP_PNS, "birth year 2015", NULL);

	/* Gender and sequence. */
	bad("198501012010013001", NIP_PNS, "gender digit 3",
	    "1 (man) or 2 (woman)");
	bad("198501012010010001", NIP_UNKNOWN, "gender digit 0", NULL);
	bad("199104202024219003", NIP_PPPK, "gender digit 9", NULL);
	bad("199104202024212000", NIP_PPPK, "sequence 000", NULL);

	/* The PNS appointment. */
	bad("198501012010131001", NIP_PNS, "appointment month 13",
	    "not a month");
	bad("198501012010001001", NIP_PNS, "appointment month 00", NULL);
	bad("198501012036011001", NIP_PNS, "appointment year 2036",
	    "after 2035");
	good("198501012035121001", NIP_PNS, "198501012035121001", NIP_PNS);
	bad("199104202036212003", NIP_PPPK, "PPPK appointment year 2036",
	    NULL);

	/* Neither form: the PNS problem first, then the PPPK one. */
	bad("199104202005212003", NIP_UNKNOWN, "appointment month 21",
	    "read as an NI PPPK, it has PPPK appointment year 2005");
	bad("199104202024212003", NIP_PNS, "appointment month 21", NULL);

	/* Messages are appended and quote the value. */
	buf_reset(&err);
	buf_adds(&err, "staff.csv:7:1: ");
	ok(nip_parse("1985", NIP_PNS, &n, &err), "short refused");
	is_str(err.s, "staff.csv:7:1: NIP '1985' has 4 digits, not 18; check "
	       "for a missing or extra digit", "message appended in full");
	buf_reset(&err);
	ok(nip_parse("19850101 201001 1 0O1 ", NIP_PNS, &n, &err), "O");
	is_str(err.s, "NIP '19850101 201001 1 0O1' has 'O', which is not a "
	       "digit; write the 18 digits, grouped by spaces, dots or "
	       "hyphens if you like", "message quotes the trimmed value");
	buf_reset(&err);
	ok(nip_parse("12345678901234567890123456789012345678901234567890123",
		     NIP_PNS, &n, &err), "long refused");
	ok(strstr(err.s, "...' has 53 digits") != NULL, "long value cut");

	/* nip_format. */
	nip_format(198501012010011001LL, f);
	is_str(f, "198501012010011001", "format");
	nip_format(INT64_C(1), f);
	is_str(f, "000000000000000001", "format pads with zeros");
	nip_format(INT64_C(-1), f);
	is_str(f, "??????????????????", "format of a negative");
	nip_format(INT64_C(1000000000000000000), f);
	is_str(f, "??????????????????", "format of 19 digits");
	ok(!nip_parse("199104202024212003", NIP_UNKNOWN, &n, &err),
	   "round trip parse");
	nip_format(n.value, f);
	is_str(f, n.digits, "format(value) == digits");

	buf_release(&err);
	return done_testing();
}
