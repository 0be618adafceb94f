/* SPDX-License-Identifier: MIT */
/*
 * The input formats of the platforms' own JSON, one post_format each
 * (post.h), for formats.c to list in post_formats[]. Each parses what the
 * platform's API or export returns, unchanged, so a saved response and a
 * collected one import through the same code.
 *
 * Conventions every one of them follows (the store relies on them):
 *   - ids are the platform's exact text, never through a double;
 *   - account is the handle in canonical form (ASCII lower case, no
 *     '@'), or NULL when the data holds only an id;
 *   - a like is post_id "like:<liker id>:<post id>", a follow
 *     "follow:<follower id>:<followed id>"; where the data does not say
 *     who liked or follows (an X archive), the liker part is empty
 *     ("like::123") and account/account_id are NULL: the store fills
 *     them from the archive's owner;
 *   - for a like, text is the liked post's text when the data has it;
 *   - complete() is called only where a page provably lists all of an
 *     account's posts in a window (see source_x.c).
 */
#ifndef NETRA_COLLECT_SOURCE_H
#define NETRA_COLLECT_SOURCE_H

#include "collect/post.h"

/* "x-v2": one X API v2 response (tweets, users, likes, follows). */
extern const struct post_format format_x_v2;
/* "twarc2": twarc2 output, one X API v2 response per line. */
extern const struct post_format format_twarc2;
/* "x-archive": tweets.js, like.js or following.js from an X archive. */
extern const struct post_format format_x_archive;
/* "youtube": YouTube Data API v3 list responses. */
extern const struct post_format format_youtube;
/* "meta": Instagram and Facebook Graph API responses. */
extern const struct post_format format_meta;
/* "tiktok": TikTok Research API video query responses. */
extern const struct post_format format_tiktok;

#endif
