/* SPDX-License-Identifier: MIT */
/*
 * The checks the platform parser tests share: parse a fixture through the
 * text sink and compare records and message; run a format's detect() on
 * a fixture's first 64 KiB. Include after tap.h.
 */
#ifndef NETRA_TEST_SOURCE_CHECK_H
#define NETRA_TEST_SOURCE_CHECK_H

#include "source_sink.h"

static struct rec_sink rs;
static struct post_sink sink;

__attribute__((unused))
static void check(const struct post_format *fmt, const char *fixture,
		  int want_rc, const char *want_out, const char *want_err)
{
	struct buf err = BUF_INIT;
	int rc = parse_fixture(fmt, fixture, &rs, &sink, &err);

	is_int(rc, want_rc, "%s: %s returns %d", fmt->name, fixture, want_rc);
	is_str(rs.out.s, want_out, "%s: %s records", fmt->name, fixture);
	is_str(want_err ? err.s : NULL, want_err, "%s: %s message",
	       fmt->name, fixture);
	buf_release(&err);
}

__attribute__((unused))
static int detect_fixture(const struct post_format *fmt, const char *name)
{
	struct buf data = BUF_INIT;
	int r;

	read_fixture(name, &data);
	r = fmt->detect(data.s, data.len < 65536 ? data.len : 65536);
	buf_release(&data);
	return r;
}

#endif
