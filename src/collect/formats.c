/* SPDX-License-Identifier: MIT */
/*
 * The registry of post formats (post.h): what `netra import --format`
 * accepts and what detection tries, in order. The canonical JSONL comes
 * first because its test is the narrowest (a first line that is an object
 * naming "post_id"); the platform formats follow.
 */
#include <string.h>

#include "collect/import.h"
#include "collect/post.h"
#include "collect/source.h"
#include "util/banned.h"

const struct post_format *const post_formats[] = {
	&source_jsonl_format,
	/* Keep in sync with man/netra-formats.5. */
	&format_twarc2,
	&format_x_archive,
	&format_youtube,
	&format_meta,
	&format_tiktok,
	&format_x_v2,
	NULL
};

const struct post_format *post_format_by_name(const char *name)
{
	size_t i;

	for (i = 0; post_formats[i]; i++)
		if (!strcmp(post_formats[i]->name, name))
			return post_formats[i];
	return NULL;
}

const struct post_format *post_format_detect(const char *head, size_t len)
{
	size_t i;

	for (i = 0; post_formats[i]; i++)
		if (post_formats[i]->detect(head, len))
			return post_formats[i];
	return NULL;
}
