/* SPDX-License-Identifier: MIT */
/*
 * NIP parsing and validation. A NIP arrives as HR exports write it:
 * grouped by spaces, dots, hyphens or non-breaking spaces, behind Excel's
 * text apostrophe, or mangled by a spreadsheet that took it for a number
 * ("1.98501E+17", or 15 significant digits and three zeros). Each way it
 * can be wrong gets its own message saying what to do. The structure is
 * checked (dates, gender, sequence, age at appointment) but nothing that
 * needs a clock: an appointment in the future is not refused.
 */
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "registry/nip.h"
#include "util/parse.h"
#include "util/utf8.h"
#include "util/banned.h"

/*
 * Sanity bounds. Birth years: the oldest ASN still in service (professors
 * retire at 70) were born in the 1950s, and 18-digit NIPs exist only since
 * 2009, so 1940 leaves room for old records; nobody born after 2010 can
 * be 18 and appointed before 2028. Appointment years: the clock is not
 * consulted, so imports give the same result on any day; 2035 leaves room
 * for NIPs issued ahead of the appointment date. Raise both when needed.
 */
#define NIP_BIRTH_MIN 1940
#define NIP_BIRTH_MAX 2010
#define NIP_APPT_MAX 2035
#define NIP_MIN_AGE 18

/* Excel keeps 15 significant digits of a number. */
#define SHEET_DIGITS 15

/* The longest part of the raw value quoted back in a message. */
#define QUOTE_MAX 48

/*
 * Appends raw in single quotes, bytes outside printable ASCII (other than
 * valid UTF-8) as \xNN, cut at QUOTE_MAX bytes: the value came from a file
 * and ends up on a terminal.
 */
static void add_quoted(struct buf *b, const char *s, size_t len)
{
	size_t i, n = len > QUOTE_MAX ? QUOTE_MAX : len, bad;
	int utf8 = utf8_valid(s, n, &bad);

	if (!utf8)
		n = bad;
	buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\')
			buf_addf(b, "\\x%02x", c);
		else
			buf_addch(b, c);
	}
	for (; i < len && i < QUOTE_MAX; i++)
		buf_addf(b, "\\x%02x", (unsigned char)s[i]);
	if (len > QUOTE_MAX)
		buf_adds(b, "...");
	buf_addch(b, '\'');
}

/* Length of a blank at s (space, tab, CR, LF, U+00A0, U+202F), or 0. */
static size_t blank_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!len)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')
		return 1;
	if (len >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (len >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0xaf)
		return 3;
	return 0;
}

/* Length of a blank ending at s + len, or 0. */
static size_t blank_len_end(const char *s, size_t len)
{
	size_t k;

	for (k = 1; k <= 3 && k <= len; k++)
		if (blank_len(s + len - k, k) == k)
			return k;
	return 0;
}

static void trim(const char **s, size_t *len)
{
	size_t k;

	while ((k = blank_len(*s, *len))) {
		*s += k;
		*len -= k;
	}
	while ((k = blank_len_end(*s, *len)))
		*len -= k;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * 1 when s is what a spreadsheet shows for a big number in scientific
 * notation: digits, optionally a decimal point or comma and digits, then
 * E, an optional sign and digits ("1.98501E+17", "1,98501E+17", "2E17").
 */
static int is_scientific(const char *s, size_t len)
{
	size_t i = 0, n;

	for (n = 0; i < len && is_digit(s[i]); i++)
		n++;
	if (!n)
		return 0;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		for (i++, n = 0; i < len && is_digit(s[i]); i++)
			n++;
		if (!n)
			return 0;
	}
	if (i >= len || (s[i] != 'E' && s[i] != 'e'))
		return 0;
	i++;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (n = 0; i < len && is_digit(s[i]); i++)
		n++;
	return n && i == len;
}

/* 1 when s is digits with at least one thousands comma ("198,501,..."). */
static int is_thousands(const char *s, size_t len)
{
	size_t i;
	int comma = 0;

	if (!len || !is_digit(s[0]))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == ',')
			comma = 1;
		else if (!is_digit(s[i]))
			return 0;
	}
	return comma;
}

static int is_separator(const char *s, size_t len, size_t *k)
{
	if (*s == '.' || *s == '-') {
		*k = 1;
		return 1;
	}
	*k = blank_len(s, len);
	return *k != 0;
}

static int num(const char *d, int from, int n)
{
	int v = 0, i;

	for (i = from; i < from + n; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

/*
 * The checks every NIP shares: the birth date, the gender digit, the
 * sequence. Appends the problem (without the subject) to why.
 */
static int check_common(const char *d, struct nip *n, int text,
			struct buf *why)
{
	n->birth_y = num(d, 0, 4);
	n->birth_m = num(d, 4, 2);
	n->birth_d = num(d, 6, 2);
	n->gender = num(d, 14, 1);
	n->seq = num(d, 15, 3);

	if (!date_valid(n->birth_y, n->birth_m, n->birth_d)) {
		buf_addf(why, "begins with birth date %.4s-%.2s-%.2s "
			 "(digits 1-8), which is not a real date; check the "
			 "first 8 digits (YYYYMMDD)", d, d + 4, d + 6);
		return -1;
	}
	if (n->birth_y < NIP_BIRTH_MIN || n->birth_y > NIP_BIRTH_MAX) {
		buf_addf(why, "has birth year %d (digits 1-4), outside "
			 "%d-%d; check the first 8 digits (YYYYMMDD)",
			 n->birth_y, NIP_BIRTH_MIN, NIP_BIRTH_MAX);
		return -1;
	}
	if (n->gender != 1 && n->gender != 2) {
		buf_addf(why, "has gender digit %d (digit 15), which must be "
			 "1 (man) or 2 (woman); check the NIP", n->gender);
		return -1;
	}
	if (n->seq == 0) {
		/*
		 * No NIP has sequence 000, and it is exactly what a column
		 * stored as a number shows: 15 digits kept, zeros after.
		 * An apostrophe means the cell was text, so no hint then.
		 */
		buf_adds(why, "ends in sequence 000 (digits 16-18), but "
			 "sequences start at 001; ");
		if (text)
			buf_adds(why, "correct the NIP");
		else
			buf_adds(why, "if it came from a spreadsheet, the "
				 "column was stored as a number, which keeps "
				 "only 15 digits: format the column as Text "
				 "and export again, otherwise correct the NIP");
		return -1;
	}
	return 0;
}

/* The appointment part as a PNS NIP: YYYYMM, 18 years after birth. */
static int check_pns(const char *d, struct nip *n, struct buf *why)
{
	int y = num(d, 8, 4), m = num(d, 12, 2);

	if (m < 1 || m > 12) {
		buf_addf(why, "has appointment month %.2s (digits 13-14), "
			 "which is not a month; check digits 9-14 (year and "
			 "month of appointment as CPNS)", d + 12);
		return -1;
	}
	if (y > NIP_APPT_MAX) {
		buf_addf(why, "has appointment year %d (digits 9-12), after "
			 "%d; check digits 9-14 (year and month of "
			 "appointment as CPNS)", y, NIP_APPT_MAX);
		return -1;
	}
	if (y * 12 + m < (n->birth_y + NIP_MIN_AGE) * 12 + n->birth_m) {
		buf_addf(why, "has appointment %04d-%02d (digits 9-14), "
			 "before the holder turned %d (born %04d-%02d); "
			 "check digits 1-14", y, m, NIP_MIN_AGE, n->birth_y,
			 n->birth_m);
		return -1;
	}
	n->appt_y = y;
	n->appt_m = m;
	n->type = NIP_PNS;
	return 0;
}

/* The appointment part as an NI PPPK: YYYY, 18 years after birth year. */
static int check_pppk(const char *d, struct nip *n, struct buf *why)
{
	int y = num(d, 8, 4);

	if (y > NIP_APPT_MAX) {
		buf_addf(why, "has PPPK appointment year %d (digits 9-12), "
			 "after %d; check digits 9-12", y, NIP_APPT_MAX);
		return -1;
	}
	if (y < n->birth_y + NIP_MIN_AGE) {
		buf_addf(why, "has PPPK appointment year %d (digits 9-12), "
			 "less than %d years after birth year %d; check "
			 "digits 1-12", y, NIP_MIN_AGE, n->birth_y);
		return -1;
	}
	n->appt_y = y;
	n->appt_m = 0;
	n->type = NIP_PPPK;
	return 0;
}

static int fail(struct buf *err, const char *raw, size_t len,
		const struct buf *why)
{
	buf_adds(err, "NIP ");
	add_quoted(err, raw, len);
	buf_addch(err, ' ');
	buf_add(err, why->s, why->len);
	return -1;
}

int nip_parse(const char *raw, enum nip_type type, struct nip *out,
	      struct buf *err)
{
	const char *s = raw ? raw : "";
	size_t len = strlen(s), i, k, nd = 0;
	char d[19];
	int text = 0, ret = -1;
	struct nip n;
	struct buf why = BUF_INIT, why2 = BUF_INIT;

	memset(&n, 0, sizeof(n));
	trim(&s, &len);
	if (len && s[0] == '\'') {
		text = 1;
		s++;
		len--;
		trim(&s, &len);
	}
	if (!len) {
		buf_adds(err, "NIP is empty; write the 18-digit NIP");
		return -1;
	}
	if (is_scientific(s, len)) {
		buf_adds(&why, "is in scientific notation: the spreadsheet "
			 "turned the NIP into a number and lost its last "
			 "digits; format the column as Text and export again");
		goto out;
	}
	if (is_thousands(s, len)) {
		buf_adds(&why, "has thousands separators: the spreadsheet "
			 "turned the NIP into a number and lost its last "
			 "digits; format the column as Text and export again");
		goto out;
	}
	for (i = 0; i < len; i += k) {
		uint32_t cp;

		if (is_digit(s[i])) {
			if (nd < 18)
				d[nd] = s[i];
			nd++;
			k = 1;
			continue;
		}
		if (is_separator(s + i, len - i, &k))
			continue;
		if (!utf8_valid(s + i, len - i < 4 ? len - i : 4, &k) &&
		    k == 0) {
			buf_addf(&why, "has the byte 0x%02x, which is not a "
				 "digit; save the file as UTF-8 and write "
				 "the 18 digits", (unsigned char)s[i]);
			goto out;
		}
		k = utf8_decode(s + i, len - i, &cp);
		buf_adds(&why, "has '");
		if (cp < 0x20 || cp == 0x7f)
			buf_addf(&why, "\\x%02x", (unsigned)cp);
		else
			buf_add(&why, s + i, k);
		buf_adds(&why, "', which is not a digit; write the 18 "
			 "digits, grouped by spaces, dots or hyphens if "
			 "you like");
		goto out;
	}
	if (nd == 9) {
		buf_adds(&why, "is an old 9-digit NIP from before 2009; "
			 "write the 18-digit NIP used since then");
		goto out;
	}
	if (nd != 18) {
		buf_addf(&why, "has %zu digit%s, not 18; check for a missing "
			 "or extra digit", nd, nd == 1 ? "" : "s");
		goto out;
	}
	d[18] = '\0';
	if (check_common(d, &n, text, &why))
		goto out;
	switch (type) {
	case NIP_PNS:
		if (check_pns(d, &n, &why))
			goto out;
		break;
	case NIP_PPPK:
		if (check_pppk(d, &n, &why))
			goto out;
		break;
	default:
		if (!check_pns(d, &n, &why))
			break;
		if (!check_pppk(d, &n, &why2)) {
			buf_reset(&why);
			break;
		}
		/* Neither: the PNS problem, and the PPPK one for PPPK. */
		buf_adds(&why, "; read as an NI PPPK, it ");
		buf_add(&why, why2.s, why2.len);
		goto out;
	}
	memcpy(n.digits, d, sizeof(n.digits));
	if (parse_i64(d, 18, &n.value)) {
		buf_adds(&why, "cannot be read as a number");
		goto out;
	}
	*out = n;
	ret = 0;
out:
	if (ret)
		fail(err, s, len, &why);
	buf_release(&why);
	buf_release(&why2);
	return ret;
}

void nip_format(int64_t v, char out[19])
{
	int i;

	if (v < 0 || v > INT64_C(999999999999999999)) {
		/* Never a valid-looking NIP for a value that is not one. */
		memset(out, '?', 18);
		out[18] = '\0';
		return;
	}
	for (i = 17; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[18] = '\0';
}
