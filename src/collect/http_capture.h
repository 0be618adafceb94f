/* SPDX-License-Identifier: MIT */
/*
 * For http.c only: what it keeps and reads for HTTP_REQ_CAPTURE requests
 * (struct http_capture in http.h is what callers see).
 */
#ifndef NETRA_COLLECT_HTTP_CAPTURE_H
#define NETRA_COLLECT_HTTP_CAPTURE_H

#include <stddef.h>

#include "util/buf.h"

struct http_capture;

/* Per transfer; http_capture fields point into these. */
struct http_capture_bufs {
	struct buf status_line;	/* the last status line */
	struct buf certs;	/* the TLS chain, PEM */
	struct buf subject;	/* the leaf's subject ... */
	struct buf issuer;	/* ... and issuer */
};

void http_capture_bufs_init(struct http_capture_bufs *b);
void http_capture_bufs_reset(struct http_capture_bufs *b);
void http_capture_bufs_release(struct http_capture_bufs *b);

/* Keeps a status line ("HTTP/1.1 302 Found\r\n", n bytes), cleaned. */
void http_capture_status_line(struct http_capture_bufs *b, const char *data,
			      size_t n);

/*
 * Fills c from the finished easy handle curl (a CURL *) and b; cut says
 * the body was cut at max_body. c points into b and into libcurl's
 * handle: valid until the handle is reset or b changes.
 */
void http_capture_fill(void *curl, struct http_capture_bufs *b,
		       struct http_capture *c, int cut);

#endif
