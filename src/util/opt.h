/* SPDX-License-Identifier: MIT */
/*
 * Table-driven option parsing for the commands (a much smaller git
 * parse-options). A command declares its options once, in a table of
 * struct opt; opt_parse() reads argv against it, checks each value by its
 * kind (a region code, a NIP, a day, a number in a range, one of a list
 * of words) and stores it; the usage text of --help is the command's
 * synopsis lines followed by a list built from the same table, so an
 * option is written in one place in the code (and once in netra(1), which
 * tests/t0004-help.sh compares with the synopsis).
 *
 * Long options take "--name VALUE" or "--name=VALUE"; the few short ones
 * take "-x VALUE". "--" ends the options; options and operands may mix
 * (GNU style) unless OPT_PARSE_STOP_AT_OPERAND is given. Nothing here
 * prints: errors come back in err, and --help is reported as
 * OPT_RESULT_HELP for the command to print opt_usage().
 */
#ifndef NETRA_UTIL_OPT_H
#define NETRA_UTIL_OPT_H

#include <stdint.h>

struct buf;

enum opt_kind {
	OPT_END = 0,	/* ends a table */
	OPT_FLAG,	/* int *: set to 1 */
	OPT_STRING,	/* const char **: the argument itself (borrowed) */
	OPT_LONG,	/* long *: a whole number in [min, max] */
	OPT_CHOICE,	/* int *: the index of the argument in choices[] */
	OPT_CALLBACK,	/* check() reads the argument into value */
	OPT_DAY,	/* struct opt_day *: YYYY-MM-DD[THH:MM[:SS]] */
	OPT_LIST	/* struct opt_list *: repeatable, every value kept */
};

enum opt_flags {
	OPT_HIDDEN = 1 << 0	/* accepted, not listed in --help */
};

struct opt {
	enum opt_kind kind;
	const char *name;	/* long name, without "--" */
	char short_name;	/* 0 when none */
	void *value;		/* where the value goes (see the kinds) */
	const char *arg;	/* the argument's name in --help: CODE */
	const char *help;	/* one line for --help */
	const char *const *choices; /* OPT_CHOICE: NULL-terminated */
	long min, max;		/* OPT_LONG: the range */
	unsigned flags;
	/*
	 * OPT_CALLBACK: reads arg into value; 0, or -1 with the reason in
	 * err (without the option's name, which opt_parse() puts first).
	 */
	int (*check)(const char *arg, void *value, struct buf *err);
};

/*
 * A day, or a day and time, as the user wrote it: local to a zone that
 * is known only once every option is read (the civil servant's region,
 * else WIB), so it is kept as fields and turned into a UTC instant by
 * opt_day_utc().
 */
struct opt_day {
	int set;		/* given on the command line */
	int year, month, day;
	int has_time;		/* a time of day was given */
	int hour, minute, second;
};

/* The values of a repeatable option, in order (borrowed from argv). */
struct opt_list {
	const char **v;
	int n;
};

#define OPT_DAY_INIT { 0, 0, 0, 0, 0, 0, 0, 0 }
#define OPT_LIST_INIT { NULL, 0 }

/*
 * Table-entry helpers, so a table reads as one line per option. The
 * shared kinds of the commands (a region, a NIP, --json) are in cmd.h.
 */
#define OPT_F(n, s, v, h) { OPT_FLAG, n, s, v, NULL, h, NULL, 0, 0, 0, NULL }
#define OPT_S(n, s, v, a, h) \
	{ OPT_STRING, n, s, v, a, h, NULL, 0, 0, 0, NULL }
#define OPT_N(n, v, a, lo, hi, h) \
	{ OPT_LONG, n, 0, v, a, h, NULL, lo, hi, 0, NULL }
#define OPT_C(n, v, a, ch, h) \
	{ OPT_CHOICE, n, 0, v, a, h, ch, 0, 0, 0, NULL }
#define OPT_CB(n, v, a, cb, h) \
	{ OPT_CALLBACK, n, 0, v, a, h, NULL, 0, 0, 0, cb }
#define OPT_D(n, v, h) { OPT_DAY, n, 0, v, "DATE", h, NULL, 0, 0, 0, NULL }
#define OPT_L(n, v, a, h) { OPT_LIST, n, 0, v, a, h, NULL, 0, 0, 0, NULL }
#define OPT_END_ { OPT_END, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, 0, NULL }

enum opt_parse_flags {
	OPT_PARSE_STOP_AT_OPERAND = 1 << 0	/* the first operand ends */
};

enum opt_result {
	OPT_RESULT_OK = 0,
	OPT_RESULT_HELP = 1,	/* -h or --help was given */
	OPT_RESULT_ERROR = -1	/* a message is in err */
};

/*
 * Parses argv[1..argc-1] (argv[0] is the command's name) against opts.
 * The operands are moved, in order, to argv[1..*nargs]; argv[0] stays.
 * Returns an enum opt_result; on error, err says which option and why,
 * in the form "--region '3319' is not a region code such as 33 or 33.19".
 */
int opt_parse(int argc, char **argv, const struct opt *opts,
	      unsigned flags, int *nargs, struct buf *err);

/*
 * The usage text: the synopsis lines (NULL-terminated, as written in
 * netra(1)), then, when opts is not NULL, "options:" and one line per
 * listed option. Appended to out.
 */
void opt_usage(const char *const *synopsis, const struct opt *opts,
	       struct buf *out);

/*
 * The UTC instant of d read in the zone utc_offset seconds east of UTC:
 * the start of the day (or the given time). With end set, a day without
 * a time means the end of that day (the start of the next), so that
 * [from, to) covers --from and --to whole.
 */
int64_t opt_day_utc(const struct opt_day *d, long utc_offset, int end);

#endif
