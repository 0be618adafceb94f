/* SPDX-License-Identifier: MIT */
/* Strict number, date and UTF-8 parsing; see parse.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/config.h"
#include "util/parse.h"
#include "util/banned.h"

int parse_i64(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0;
	uint64_t limit;

	if (!len)
		return -1;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i = 1;
		if (len == 1)
			return -1;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

int parse_i64z(const char *s, int64_t *out)
{
	return parse_i64(s, strlen(s), out);
}

int date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int leap, max;

	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	max = mdays[m - 1] + (m == 2 && leap);
	return d <= max;
}

int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int time_parse_iso(const char *s, int64_t *out, int allow_local)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 1;
	const char *p;

	if (strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    !date_valid(y, mo, d))
		return -1;
	p = s + 10;
	if (!*p) {
		*out = days_from_civil(y, mo, d) * 86400;
		return 0;
	}
	if ((*p != 'T' && *p != 't' && *p != ' ') || digits(p + 1, 2, &h) ||
	    p[3] != ':' || digits(p + 4, 2, &mi))
		return -1;
	p += 6;
	if (*p == ':') {
		if (digits(p + 1, 2, &sec))
			return -1;
		p += 3;
		if (*p == '.' || *p == ',') {
			p++;
			if (*p < '0' || *p > '9')
				return -1;
			while (*p >= '0' && *p <= '9')
				p++;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return -1;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh))
			return -1;
		p += 3;
		if (*p == ':')
			p++;
		if (*p) {
			if (digits(p, 2, &om))
				return -1;
			p += 2;
		}
		if (oh > 14 || om > 59)
			return -1;
	} else if (!*p && allow_local) {
		;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	       sign * (oh * 3600 + om * 60);
	return 0;
}

void time_fmt_iso(int64_t t, char out[32])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t rem = t - days * 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

void time_fmt_date(int64_t t, char out[16])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

int64_t netra_now(void)
{
	const char *v = conf_getenv("NETRA_NOW");
	int64_t t;

	if (v && *v) {
		if (!parse_i64z(v, &t) || !time_parse_iso(v, &t, 1))
			return t;
	}
	v = conf_getenv("SOURCE_DATE_EPOCH");
	if (v && *v && !parse_i64z(v, &t))
		return t;
	return (int64_t)time(NULL);
}
