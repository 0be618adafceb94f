/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer, always NUL-terminated (git's strbuf). The
 * bytes may themselves contain NULs; len is authoritative.
 */
#ifndef NETRA_UTIL_BUF_H
#define NETRA_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;	/* NUL-terminated; never NULL after buf_init() */
	size_t len;	/* bytes used, not counting the NUL */
	size_t cap;	/* bytes allocated */
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(struct buf *b);
/* Frees the contents; the buffer is empty and usable again. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its allocation. */
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void buf_setlen(struct buf *b, size_t len);
/* Hands the string over to the caller, who frees it; b is empty after. */
char *buf_detach(struct buf *b, size_t *len);

/* Allocation that never returns NULL: on OOM it prints and exits 5. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
