/* SPDX-License-Identifier: MIT */
/* The parsed-post record; see post.h. */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "collect/post.h"
#include "util/banned.h"

void post_rec_init(struct post_rec *r)
{
	memset(r, 0, sizeof(*r));
	r->posted_at = POST_TIME_UNKNOWN;
}

void post_rec_release(struct post_rec *r)
{
	size_t i;

	free(r->platform);
	free(r->post_id);
	free(r->account);
	free(r->account_id);
	free(r->kind);
	free(r->text);
	free(r->url);
	free(r->ref_account);
	free(r->ref_account_id);
	free(r->ref_post_id);
	free(r->edit_of);
	for (i = 0; i < r->n_media; i++) {
		free(r->media[i].type);
		free(r->media[i].url);
		free(r->media[i].alt);
	}
	free(r->media);
	post_rec_init(r);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void post_rec_add_media(struct post_rec *r, const char *type,
			const char *url, const char *alt)
{
	struct post_media *m;

	r->media = xrealloc(r->media, (r->n_media + 1) * sizeof(*r->media));
	m = &r->media[r->n_media++];
	m->type = dup_or_null(type);
	m->url = dup_or_null(url);
	m->alt = dup_or_null(alt);
}
