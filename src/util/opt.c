/* SPDX-License-Identifier: MIT */
/* Table-driven option parsing; see opt.h. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/opt.h"
#include "util/parse.h"
#include "util/banned.h"

static const struct opt *find_long(const struct opt *opts, const char *name,
				   size_t len)
{
	for (; opts->kind != OPT_END; opts++)
		if (opts->name && strlen(opts->name) == len &&
		    !memcmp(opts->name, name, len))
			return opts;
	return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
	for (; opts->kind != OPT_END; opts++)
		if (opts->short_name && opts->short_name == c)
			return opts;
	return NULL;
}

static int two(const char *s, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

static int parse_day(const char *s, struct opt_day *d)
{
	struct opt_day t = OPT_DAY_INIT;
	int64_t y;
	const char *p;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    parse_i64(s, 4, &y) || two(s + 5, &t.month) ||
	    two(s + 8, &t.day) || !date_valid((int)y, t.month, t.day))
		return -1;
	t.year = (int)y;
	p = s + 10;
	if (*p) {
		if ((*p != 'T' && *p != ' ') || two(p + 1, &t.hour) ||
		    p[3] != ':' || two(p + 4, &t.minute))
			return -1;
		p += 6;
		if (*p == ':') {
			if (two(p + 1, &t.second))
				return -1;
			p += 3;
		}
		if (*p || t.hour > 23 || t.minute > 59 || t.second > 59)
			return -1;
		t.has_time = 1;
	}
	t.set = 1;
	*d = t;
	return 0;
}

static void name_of(const struct opt *o, int as_short, struct buf *b)
{
	if (as_short)
		buf_addf(b, "-%c", o->short_name);
	else
		buf_addf(b, "--%s", o->name);
}

/* Stores arg (NULL for a flag) into o's value. */
static int take(const struct opt *o, int as_short, const char *arg,
		struct buf *err)
{
	struct buf why = BUF_INIT;
	int64_t n;
	int i;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->value = 1;
		return 0;
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_LONG:
		if (parse_i64z(arg, &n) || n < o->min || n > o->max) {
			name_of(o, as_short, err);
			buf_addf(err, " '%s' is not a whole number from %ld "
				 "to %ld", arg, o->min, o->max);
			return -1;
		}
		*(long *)o->value = (long)n;
		return 0;
	case OPT_CHOICE:
		for (i = 0; o->choices[i]; i++)
			if (!strcmp(o->choices[i], arg)) {
				*(int *)o->value = i;
				return 0;
			}
		name_of(o, as_short, err);
		buf_addf(err, " takes ");
		for (i = 0; o->choices[i]; i++)
			buf_addf(err, "%s%s", i ? (o->choices[i + 1] ? ", " :
				 " or ") : "", o->choices[i]);
		buf_addf(err, ", not '%s'", arg);
		return -1;
	case OPT_CALLBACK:
		if (!o->check(arg, o->value, &why))
			return 0;
		name_of(o, as_short, err);
		buf_addf(err, " '%s': %s", arg, why.s);
		buf_release(&why);
		return -1;
	case OPT_DAY:
		if (!parse_day(arg, o->value))
			return 0;
		name_of(o, as_short, err);
		buf_addf(err, " '%s' is not a date (YYYY-MM-DD, or "
			 "YYYY-MM-DDTHH:MM for a time of day)", arg);
		return -1;
	case OPT_LIST: {
		struct opt_list *l = o->value;

		l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = arg;
		return 0;
	}
	case OPT_END:
		break;
	}
	return -1;
}

static int wants_arg(const struct opt *o)
{
	return o->kind != OPT_FLAG;
}

int opt_parse(int argc, char **argv, const struct opt *opts,
	      unsigned flags, int *nargs, struct buf *err)
{
	char **operands = xcalloc((size_t)argc + 1, sizeof(*operands));
	int i, n = 0, rc = OPT_RESULT_OK;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct opt *o;
		const char *val = NULL;

		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				operands[n++] = argv[i];
			break;
		}
		if (a[0] != '-' || !a[1]) {
			operands[n++] = argv[i];
			if (flags & OPT_PARSE_STOP_AT_OPERAND) {
				for (i++; i < argc; i++)
					operands[n++] = argv[i];
				break;
			}
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			rc = OPT_RESULT_HELP;
			goto out;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			if (!o) {
				buf_addf(err, "unknown option '--%.*s'",
					 (int)len, a + 2);
				rc = OPT_RESULT_ERROR;
				goto out;
			}
			if (eq && !wants_arg(o)) {
				buf_addf(err, "--%s takes no value", o->name);
				rc = OPT_RESULT_ERROR;
				goto out;
			}
			val = eq ? eq + 1 : NULL;
			if (wants_arg(o) && !val) {
				if (i + 1 >= argc) {
					buf_addf(err, "--%s needs a value (%s)",
						 o->name, o->arg ? o->arg :
						 "VALUE");
					rc = OPT_RESULT_ERROR;
					goto out;
				}
				val = argv[++i];
			}
			if (take(o, 0, val, err)) {
				rc = OPT_RESULT_ERROR;
				goto out;
			}
			continue;
		}
		o = find_short(opts, a[1]);
		if (!o || a[2]) {
			buf_addf(err, "unknown option '%s'", a);
			rc = OPT_RESULT_ERROR;
			goto out;
		}
		if (wants_arg(o)) {
			if (i + 1 >= argc) {
				buf_addf(err, "-%c needs a value (%s)",
					 o->short_name, o->arg ? o->arg :
					 "VALUE");
				rc = OPT_RESULT_ERROR;
				goto out;
			}
			val = argv[++i];
		}
		if (take(o, 1, val, err)) {
			rc = OPT_RESULT_ERROR;
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		argv[i + 1] = operands[i];
	argv[n + 1] = NULL;
	*nargs = n;
out:
	free(operands);
	return rc;
}

void opt_usage(const char *const *synopsis, const struct opt *opts,
	       struct buf *out)
{
	const struct opt *o;
	int listed = 0;

	for (; *synopsis; synopsis++)
		buf_addf(out, "%s\n", *synopsis);
	if (!opts)
		return;
	for (o = opts; o->kind != OPT_END; o++) {
		struct buf left = BUF_INIT;

		if (o->flags & OPT_HIDDEN)
			continue;
		if (!listed++)
			buf_adds(out, "\noptions:\n");
		if (o->short_name)
			buf_addf(&left, "-%c, ", o->short_name);
		buf_addf(&left, "--%s", o->name);
		if (wants_arg(o))
			buf_addf(&left, " %s", o->arg ? o->arg : "VALUE");
		if (left.len < 22)
			buf_addf(out, "  %-22s %s\n", left.s, o->help);
		else
			buf_addf(out, "  %s\n  %-22s %s\n", left.s, "",
				 o->help);
		buf_release(&left);
	}
}

int64_t opt_day_utc(const struct opt_day *d, long utc_offset, int end)
{
	int64_t t = days_from_civil(d->year, d->month, d->day) * 86400;

	if (d->has_time)
		t += d->hour * 3600 + d->minute * 60 + d->second;
	else if (end)
		t += 86400;
	return t - utc_offset;
}
