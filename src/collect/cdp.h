/* SPDX-License-Identifier: MIT */
/*
 * A headless Chromium driven over the DevTools protocol on a pipe
 * (--remote-debugging-pipe): the browser reads commands from its fd 3
 * and writes replies and events to its fd 4, each message one JSON text
 * ended by a NUL byte. Here both fds are the same end of a socketpair,
 * so a browser that dies makes our writes fail with EPIPE (send with
 * MSG_NOSIGNAL), never a SIGPIPE. JSON is built and read with cJSON.
 *
 * Each session is a fresh browser: a new 0700 work folder (mkdtemp) with
 * the profile (--user-data-dir), HOME and the XDG folders inside it, so
 * no cookie, cache or login of anyone's reaches the page, and nothing of
 * the page stays; the folder is removed when the session ends. The
 * browser runs in its own process group; cdp_stop() asks it to close,
 * and after a grace period (or at the session's deadline, or on
 * opts.stop) kills the whole group with SIGKILL, the leader reaped only
 * after the group is killed so its id cannot be reused in between.
 *
 * Flags are those known to work headless on Debian 12 (chromium 156):
 * --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
 * --disable-background-networking --disable-component-update
 * --disable-sync, and --disable-crash-reporter --disable-breakpad so no
 * crash handler outlives the group, and --disable-extensions (Debian's
 * launcher, /usr/bin/chromium, loads the packaged extensions otherwise).
 * --no-sandbox is needed when running
 * as root (Chromium refuses its sandbox then); it means the renderer is
 * not confined by Chromium's own sandbox, so run netra as an ordinary
 * user, or in a container, when capturing untrusted pages.
 *
 * What this does not do: know what a page capture is (pagecap.c drives
 * the protocol), print, or talk to anything but the one browser.
 */
#ifndef NETRA_COLLECT_CDP_H
#define NETRA_COLLECT_CDP_H

#include <signal.h>
#include <stddef.h>

#include <cJSON.h>

struct buf;
struct cdp;

struct cdp_opts {
	int width, height;	/* --window-size (1280x800) */
	long timeout_ms;	/* the whole session, start to stop: then
				   every call fails and the browser is
				   killed (default 60000) */
	size_t max_message;	/* a longer message from the browser is an
				   error (default 256 MiB) */
	const char *lang;	/* --lang (default "id-ID") */
	const volatile sig_atomic_t *stop; /* set: calls fail at once */
};

void cdp_opts_init(struct cdp_opts *o);

/*
 * The browser to run: name_or_path when it holds a '/' (it must be an
 * executable file), else that name looked up in PATH ("chromium" when
 * NULL or empty). Returns the path (the caller frees it), or NULL with a
 * message saying what to install or configure.
 */
char *cdp_find_browser(const char *name_or_path, struct buf *err);

/*
 * An event: method ("Page.loadEventFired"), its params (borrowed, for
 * the call only) and the session it came from, or NULL for the browser.
 * May call cdp_send() (not cdp_call()).
 */
typedef void (*cdp_event_fn)(void *arg, const char *method,
			     const cJSON *params, const char *session);

/*
 * Starts the browser at path. Returns the session, or NULL with a
 * message (the last lines of the browser's own error output included).
 */
struct cdp *cdp_start(const char *path, const struct cdp_opts *o,
		      cdp_event_fn on_event, void *arg, struct buf *err);

/*
 * Sends method with params (consumed; NULL: {}) to session (NULL: the
 * browser) and waits for its reply, handing events to on_event
 * meanwhile. Returns 0 and *result (the reply's "result", the caller
 * deletes it; result may be NULL), or -1 with a message: the protocol's
 * error, the browser gone, the deadline passed.
 */
int cdp_call(struct cdp *c, const char *method, cJSON *params,
	     const char *session, cJSON **result, struct buf *err);

/* Sends without waiting; the reply is dropped. 0, or -1 with a message. */
int cdp_send(struct cdp *c, const char *method, cJSON *params,
	     const char *session, struct buf *err);

/*
 * Handles events for up to ms, or until done(arg) returns non-zero
 * (checked after each event; NULL: wait the whole time). Returns 1 when
 * done, 0 when the time ran out, -1 with a message when the browser went
 * away or the session's deadline passed.
 */
int cdp_wait(struct cdp *c, long ms, int (*done)(void *arg), void *arg,
	     struct buf *err);

/* Milliseconds left before the session's deadline (0 when past). */
long cdp_left_ms(const struct cdp *c);

/*
 * Ends the session: Browser.close, at most grace_ms for the browser to
 * exit, then SIGKILL to its process group; reaps it; removes the work
 * folder. Appends to why (may be NULL) how it ended when that was not a
 * clean exit ("killed after the time limit"). Frees c.
 */
void cdp_stop(struct cdp *c, long grace_ms, struct buf *why);

#endif
