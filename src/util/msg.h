/* SPDX-License-Identifier: MIT */
/*
 * The one place that writes diagnostics to standard error (curl's
 * errorf/warnf). Every message is prefixed "netra: " and passed through
 * msg_redact(), so a bearer token or access_token that found its way into
 * a URL or an error string never reaches a terminal or a log.
 */
#ifndef NETRA_UTIL_MSG_H
#define NETRA_UTIL_MSG_H

#include <stddef.h>

struct buf;

enum msg_level {
	MSG_QUIET = 0,	/* errors only */
	MSG_NORMAL = 1,	/* errors, warnings, summaries */
	MSG_VERBOSE = 2	/* and progress notes */
};

extern enum msg_level msg_level;

void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "netra: fatal: ..." and exits with code (an enum netra_exit). */
void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void die_oom(void) __attribute__((noreturn));
/* A broken invariant: "netra: BUG: file:line: ..." and abort(). */
#define BUG(...) msg_bug(__FILE__, __LINE__, __VA_ARGS__)
void msg_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));
/*
 * Writes text as it is (usage, help) to standard output, or to standard
 * error when to_stdout is 0.
 */
void msg_print(int to_stdout, const char *text);

/*
 * Replaces secrets in b in place: the value after "Bearer ", and the
 * values of query parameters access_token, key, token, client_secret,
 * bearer_token. Used for every message and every stored URL.
 */
void msg_redact(struct buf *b);

/* Writes a progress line to stderr when it is a terminal (\r-style). */
void msg_progress(const char *label, unsigned long long done,
		  unsigned long long total);
void msg_progress_end(void);

#endif
