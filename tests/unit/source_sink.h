/* SPDX-License-Identifier: MIT */
/*
 * A post_sink for the parser tests that writes every callback as text,
 * one event per line, so a test compares a whole parse with one
 * expected string. NULL fields print as "-", times as ISO 8601 UTC,
 * texts quoted with newlines as \n. Also reads fixtures from
 * $NETRA_SRC/fixtures/posts/ (or ./fixtures/posts/).
 */
#ifndef NETRA_TEST_SOURCE_SINK_H
#define NETRA_TEST_SOURCE_SINK_H

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/parse.h"
#include "collect/post.h"

struct rec_sink {
	struct buf out;		/* the events */
	int fail_post;		/* refuse the post with this 1-based no. */
	int n_post;
};

static inline const char *nz(const char *s)
{
	return s ? s : "-";
}

static inline void rec_time(struct buf *b, int64_t t)
{
	char s[32];

	if (t == POST_TIME_UNKNOWN) {
		buf_adds(b, "-");
		return;
	}
	time_fmt_iso(t, s);
	buf_adds(b, s);
}

static inline void rec_text(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "-");
		return;
	}
	buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\n')
			buf_adds(b, "\\n");
		else
			buf_addch(b, *s);
	}
	buf_addch(b, '\'');
}

static inline int rec_post(void *arg, const struct post_rec *r,
			   struct buf *err)
{
	struct rec_sink *s = arg;
	size_t i;

	if (++s->n_post == s->fail_post) {
		buf_adds(err, "refused by sink");
		return -1;
	}
	buf_addf(&s->out, "post %s %s %s %s/%s ", nz(r->platform),
		 nz(r->post_id), nz(r->kind), nz(r->account),
		 nz(r->account_id));
	rec_time(&s->out, r->posted_at);
	buf_addf(&s->out, " ref=%s/%s/%s edit=%s line=%ld del=%d\n",
		 nz(r->ref_account), nz(r->ref_account_id),
		 nz(r->ref_post_id), nz(r->edit_of), r->line, r->deleted);
	buf_addf(&s->out, "  url %s\n  text ", nz(r->url));
	rec_text(&s->out, r->text);
	buf_addch(&s->out, '\n');
	for (i = 0; i < r->n_media; i++) {
		buf_addf(&s->out, "  media %s %s ", nz(r->media[i].type),
			 nz(r->media[i].url));
		rec_text(&s->out, r->media[i].alt);
		buf_addch(&s->out, '\n');
	}
	return 0;
}

static inline int rec_user(void *arg, const char *platform,
			   const char *account, const char *account_id,
			   struct buf *err)
{
	struct rec_sink *s = arg;

	(void)err;
	buf_addf(&s->out, "user %s %s %s\n", platform, nz(account),
		 nz(account_id));
	return 0;
}

static inline int rec_gone(void *arg, const char *platform,
			   const char *post_id, const char *reason,
			   struct buf *err)
{
	struct rec_sink *s = arg;

	(void)err;
	buf_addf(&s->out, "gone %s %s %s\n", platform, post_id, nz(reason));
	return 0;
}

static inline int rec_complete(void *arg, const char *platform,
			       const char *account, const char *account_id,
			       int64_t from, int64_t to, struct buf *err)
{
	struct rec_sink *s = arg;

	(void)err;
	buf_addf(&s->out, "complete %s %s/%s ", platform, nz(account),
		 nz(account_id));
	rec_time(&s->out, from);
	buf_addch(&s->out, ' ');
	rec_time(&s->out, to);
	buf_addch(&s->out, '\n');
	return 0;
}

static inline void rec_warn(void *arg, const char *msg)
{
	struct rec_sink *s = arg;

	buf_addf(&s->out, "warn %s\n", msg);
}

static inline void rec_sink_init(struct rec_sink *s,
				 struct post_sink *sink)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->out);
	sink->arg = s;
	sink->post = rec_post;
	sink->user = rec_user;
	sink->gone = rec_gone;
	sink->complete = rec_complete;
	sink->warn = rec_warn;
}

/* Reads fixtures/posts/<name> into out; aborts the test when missing. */
static inline void read_fixture(const char *name, struct buf *out)
{
	const char *src = getenv("NETRA_SRC");
	struct buf path = BUF_INIT, err = BUF_INIT;

	buf_reset(out);
	buf_addf(&path, "%s/fixtures/posts/%s", src ? src : ".", name);
	if (fs_read_all(path.s, out, &err)) {
		printf("Bail out! %s\n", err.s);
		exit(1);
	}
	buf_release(&path);
	buf_release(&err);
}

/*
 * Parses fixture name with fmt (line by line when fmt is line-based)
 * into s->out; returns parse's result, with its message in err.
 */
static inline int parse_fixture(const struct post_format *fmt,
				const char *name, struct rec_sink *s,
				const struct post_sink *sink,
				struct buf *err)
{
	struct buf data = BUF_INIT;
	int rc = 0;

	read_fixture(name, &data);
	buf_reset(&s->out);
	buf_reset(err);
	if (!fmt->line_based) {
		rc = fmt->parse(sink, data.s, data.len, 0, err);
	} else {
		size_t start = 0;
		long line = 1;

		while (start < data.len && !rc) {
			const char *nl = memchr(data.s + start, '\n',
						data.len - start);
			size_t end = nl ? (size_t)(nl - data.s) : data.len;

			rc = fmt->parse(sink, data.s + start, end - start,
					line, err);
			if (rc)
				break;
			start = end + 1;
			line++;
		}
		if (rc) {
			struct buf m = BUF_INIT;

			buf_addf(&m, "%ld: %s", line, err->s);
			buf_reset(err);
			buf_add(err, m.s, m.len);
			buf_release(&m);
		}
	}
	buf_release(&data);
	return rc;
}

#endif
