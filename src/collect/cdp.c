/* SPDX-License-Identifier: MIT */
/*
 * The DevTools pipe (cdp.h): start a fresh headless Chromium, exchange
 * NUL-delimited JSON messages with it on a socketpair, stop it and leave
 * nothing behind. Single-threaded: a call sends, then reads messages
 * (poll with the session's deadline) until its reply comes, handing the
 * events that arrive meanwhile to the caller's handler.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "collect/cdp.h"
#include "util/config.h"
#include "util/msg.h"
#include "util/banned.h"

extern char **environ;

#define READ_CHUNK ((size_t)1 << 20)
#define SLICE_MS 200		/* opts.stop is looked at this often */
#define LOG_TAIL 3		/* lines of the browser's stderr shown */

struct cdp {
	pid_t pid;		/* the browser, leader of its own group */
	int fd;			/* our end of the socketpair */
	char *dir;		/* the work folder, removed at the end */
	struct cdp_opts o;
	int64_t deadline;	/* monotonic ms */
	struct buf in;		/* bytes read, not yet a whole message */
	size_t scanned;		/* no NUL in in.s[0..scanned) */
	int next_id;
	int gone;		/* the pipe closed or failed */
	cdp_event_fn on_event;
	void *arg;
};

void cdp_opts_init(struct cdp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->width = 1280;
	o->height = 800;
	o->timeout_ms = 60000;
	o->max_message = (size_t)256 << 20;
	o->lang = "id-ID";
	o->stop = NULL;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long cdp_left_ms(const struct cdp *c)
{
	int64_t left = c->deadline - mono_ms();

	return left > 0 ? (long)left : 0;
}

static int is_exec_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

char *cdp_find_browser(const char *name_or_path, struct buf *err)
{
	const char *name = name_or_path && *name_or_path ? name_or_path :
		"chromium";
	const char *path, *p;
	struct buf cand = BUF_INIT;

	if (strchr(name, '/')) {
		if (is_exec_file(name))
			return xstrdup(name);
		buf_addf(err, "browser '%s' is not an executable file; install "
			 "Debian's chromium package (apt-get install chromium) "
			 "or give the path of a Chromium binary", name);
		return NULL;
	}
	path = conf_getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; ) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		buf_reset(&cand);
		if (n)
			buf_add(&cand, p, n);
		else
			buf_addch(&cand, '.');
		buf_addf(&cand, "/%s", name);
		if (is_exec_file(cand.s))
			return buf_detach(&cand, NULL);
		if (!colon)
			break;
		p = colon + 1;
	}
	buf_release(&cand);
	buf_addf(err, "no '%s' found on PATH, so no screenshot, page DOM or "
		 "PDF can be taken; install Debian's chromium package "
		 "(apt-get install chromium) or give the browser's path", name);
	return NULL;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	if (dir && *dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The last lines of the browser's stderr, cleaned, appended to err. */
static void log_tail(const struct cdp *c, struct buf *err)
{
	struct buf path = BUF_INIT, lines = BUF_INIT;
	char tail[2048];
	ssize_t n = 0;
	off_t size;
	int fd, k = 0;
	size_t i, end, start;

	buf_addf(&path, "%s/chromium.log", c->dir);
	fd = open(path.s, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_release(&path);
	if (fd < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	if (size > 0 && lseek(fd, size > (off_t)sizeof(tail) ?
			      size - (off_t)sizeof(tail) : 0, SEEK_SET) >= 0)
		n = read(fd, tail, sizeof(tail));
	close(fd);
	if (n <= 0)
		return;
	end = (size_t)n;
	while (end && (tail[end - 1] == '\n' || tail[end - 1] == '\r'))
		end--;
	start = end;
	while (start && k < LOG_TAIL) {
		start--;
		if (tail[start] == '\n')
			k++;
	}
	for (i = start; i < end; i++) {
		unsigned char ch = (unsigned char)tail[i];

		buf_addch(&lines, ch == '\n' ? '|' : ch < 0x20 || ch == 0x7f ?
			  ' ' : ch);
	}
	if (lines.len)
		buf_addf(err, " (the browser said: %s)", lines.s);
	buf_release(&lines);
}

/* A copy of environ with HOME and the XDG folders moved into dir. */
static char **make_env(const char *dir)
{
	static const char *const moved[] = {
		"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
		"XDG_RUNTIME_DIR", NULL
	};
	static const char *const sub[] = {
		"home", "home/.config", "home/.cache", "home/.local",
		"home/.run", NULL
	};
	size_t n = 0, i, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = xcalloc(n + 8, sizeof(*env));
	for (i = 0; i < n; i++) {
		size_t j;
		int skip = 0;

		for (j = 0; moved[j]; j++) {
			size_t l = strlen(moved[j]);

			if (!strncmp(environ[i], moved[j], l) &&
			    environ[i][l] == '=')
				skip = 1;
		}
		if (!skip)
			env[k++] = xstrdup(environ[i]);
	}
	for (i = 0; moved[i]; i++) {
		struct buf b = BUF_INIT, d = BUF_INIT;

		buf_addf(&d, "%s/%s", dir, sub[i]);
		mkdir(d.s, 0700);
		buf_addf(&b, "%s=%s", moved[i], d.s);
		env[k++] = buf_detach(&b, NULL);
		buf_release(&d);
	}
	env[k] = NULL;
	return env;
}

static void free_strv(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

struct cdp *cdp_start(const char *path, const struct cdp_opts *opts,
		      cdp_event_fn on_event, void *arg, struct buf *err)
{
	struct cdp *c = xcalloc(1, sizeof(*c));
	struct buf b = BUF_INIT;
	const char *tmp = conf_getenv("TMPDIR");
	char **argv = NULL, **env = NULL;
	int sv[2] = { -1, -1 }, logfd = -1, nullfd = -1, n = 0;

	if (opts)
		c->o = *opts;
	else
		cdp_opts_init(&c->o);
	c->pid = -1;
	c->fd = -1;
	c->on_event = on_event;
	c->arg = arg;
	buf_init(&c->in);
	c->deadline = mono_ms() + (c->o.timeout_ms > 0 ? c->o.timeout_ms :
				   60000);
	if (!tmp)
		tmp = "/tmp";
	buf_addf(&b, "%s/netra-chromium.XXXXXX", tmp);
	if (!mkdtemp(b.s)) {
		buf_addf(err, "cannot make a folder for the browser's profile "
			 "in %s: %s", tmp, strerror(errno));
		buf_release(&b);
		free(c);
		return NULL;
	}
	c->dir = buf_detach(&b, NULL);
	buf_addf(&b, "%s/profile", c->dir);
	mkdir(b.s, 0700);
	buf_reset(&b);
	buf_addf(&b, "%s/chromium.log", c->dir);
	logfd = open(b.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		     O_NOFOLLOW, 0600);
	nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (logfd < 0 || nullfd < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		buf_addf(err, "cannot set up the browser's pipe: %s",
			 strerror(errno));
		goto fail;
	}
	argv = xcalloc(32, sizeof(*argv));
	argv[n++] = xstrdup(path);
	argv[n++] = xstrdup("--headless");
	argv[n++] = xstrdup("--no-sandbox");
	argv[n++] = xstrdup("--disable-gpu");
	argv[n++] = xstrdup("--disable-quic");
	argv[n++] = xstrdup("--no-first-run");
	argv[n++] = xstrdup("--disable-background-networking");
	argv[n++] = xstrdup("--disable-component-update");
	argv[n++] = xstrdup("--disable-sync");
	argv[n++] = xstrdup("--disable-crash-reporter");
	argv[n++] = xstrdup("--disable-breakpad");
	argv[n++] = xstrdup("--no-default-browser-check");
	argv[n++] = xstrdup("--mute-audio");
	argv[n++] = xstrdup("--hide-scrollbars");
	/* Debian's launcher adds --load-extension=...: no extension may
	   touch the page */
	argv[n++] = xstrdup("--disable-extensions");
	argv[n++] = xstrdup("--remote-debugging-pipe");
	buf_reset(&b);
	buf_addf(&b, "--user-data-dir=%s/profile", c->dir);
	argv[n++] = buf_detach(&b, NULL);
	buf_addf(&b, "--window-size=%d,%d", c->o.width, c->o.height);
	argv[n++] = buf_detach(&b, NULL);
	if (c->o.lang && *c->o.lang) {
		buf_addf(&b, "--lang=%s", c->o.lang);
		argv[n++] = buf_detach(&b, NULL);
	}
	argv[n++] = xstrdup("about:blank");
	argv[n] = NULL;
	env = make_env(c->dir);

	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		buf_addf(err, "cannot start the browser: %s", strerror(errno));
		goto fail;
	}
	if (!c->pid) {
		/* the child: only async-signal-safe calls from here */
		int fd, lf, nf;

		setpgid(0, 0);
		/* move all three above 4 first: any of them may be 0-4 */
		fd = fcntl(sv[1], F_DUPFD, 10);
		lf = fcntl(logfd, F_DUPFD, 10);
		nf = fcntl(nullfd, F_DUPFD, 10);
		if (fd < 0 || lf < 0 || nf < 0 || dup2(fd, 3) < 0 ||
		    dup2(fd, 4) < 0 || dup2(nf, 0) < 0 || dup2(lf, 1) < 0 ||
		    dup2(lf, 2) < 0)
			_exit(126);
		closefrom(5);
		execve(path, argv, env);
		_exit(127);
	}
	setpgid(c->pid, c->pid);	/* either of us may be first */
	close(sv[1]);
	sv[1] = -1;
	c->fd = sv[0];
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	close(logfd);
	close(nullfd);
	free_strv(argv);
	free_strv(env);
	buf_release(&b);
	return c;
fail:
	if (sv[0] >= 0)
		close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	if (logfd >= 0)
		close(logfd);
	if (nullfd >= 0)
		close(nullfd);
	free_strv(argv);
	free_strv(env);
	buf_release(&b);
	c->pid = -1;
	cdp_stop(c, 0, NULL);
	return NULL;
}

static int deadline_error(struct cdp *c, struct buf *err)
{
	buf_addf(err, "the browser did not finish within %ld s (the time "
		 "limit); it was stopped", (c->o.timeout_ms + 999) / 1000);
	return -1;
}

static int gone_error(struct cdp *c, struct buf *err)
{
	c->gone = 1;
	buf_adds(err, "the browser closed its DevTools pipe (it exited or "
		 "crashed)");
	log_tail(c, err);
	return -1;
}

/*
 * Reads until one whole message is there, or until (monotonic ms).
 * Returns 1 and *msg (the caller deletes it), 0 when until came, -1
 * with a message.
 */
static int read_message(struct cdp *c, int64_t until, cJSON **msg,
			struct buf *err)
{
	for (;;) {
		char *nul = c->in.len > c->scanned ?
			memchr(c->in.s + c->scanned, '\0',
			       c->in.len - c->scanned) : NULL;
		struct pollfd pfd;
		int64_t now, wait;
		ssize_t r;

		if (nul) {
			size_t len = (size_t)(nul - c->in.s);

			*msg = cJSON_ParseWithLength(c->in.s, len);
			memmove(c->in.s, nul + 1, c->in.len - len - 1);
			buf_setlen(&c->in, c->in.len - len - 1);
			c->scanned = 0;
			if (!*msg) {
				buf_adds(err, "the browser sent a message "
					 "that is not JSON");
				return -1;
			}
			return 1;
		}
		c->scanned = c->in.len;
		if (c->in.len > c->o.max_message) {
			buf_addf(err, "the browser sent a message larger than "
				 "%zu bytes", c->o.max_message);
			return -1;
		}
		if (c->gone)
			return gone_error(c, err);
		if (c->o.stop && *c->o.stop) {
			buf_adds(err, "interrupted");
			return -1;
		}
		now = mono_ms();
		if (now >= c->deadline)
			return deadline_error(c, err);
		if (now >= until)
			return 0;
		wait = (until < c->deadline ? until : c->deadline) - now;
		if (wait > SLICE_MS)
			wait = SLICE_MS;
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)wait) < 0) {
			if (errno == EINTR)
				continue;
			buf_addf(err, "poll: %s", strerror(errno));
			return -1;
		}
		if (!pfd.revents)
			continue;
		buf_grow(&c->in, READ_CHUNK);
		r = recv(c->fd, c->in.s + c->in.len, READ_CHUNK, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			return gone_error(c, err);
		buf_setlen(&c->in, c->in.len + (size_t)r);
	}
}

static int write_all(struct cdp *c, const char *p, size_t n, struct buf *err)
{
	while (n) {
		ssize_t w;
		struct pollfd pfd;

		if (c->gone)
			return gone_error(c, err);
		w = send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return gone_error(c, err);
		if (mono_ms() >= c->deadline)
			return deadline_error(c, err);
		pfd.fd = c->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		poll(&pfd, 1, SLICE_MS);
	}
	return 0;
}

/* Sends; returns the message id, or -1 with a message. */
static int send_msg(struct cdp *c, const char *method, cJSON *params,
		    const char *session, struct buf *err)
{
	cJSON *m = cJSON_CreateObject();
	char *text;
	int id = ++c->next_id, rc;

	if (!m)
		die_oom();
	cJSON_AddNumberToObject(m, "id", id);
	cJSON_AddStringToObject(m, "method", method);
	cJSON_AddItemToObject(m, "params", params ? params :
			      cJSON_CreateObject());
	if (session)
		cJSON_AddStringToObject(m, "sessionId", session);
	text = cJSON_PrintUnformatted(m);
	cJSON_Delete(m);
	if (!text)
		die_oom();
	/* the NUL that ends the text ends the message */
	rc = write_all(c, text, strlen(text) + 1, err);
	cJSON_free(text);
	return rc ? -1 : id;
}

int cdp_send(struct cdp *c, const char *method, cJSON *params,
	     const char *session, struct buf *err)
{
	return send_msg(c, method, params, session, err) < 0 ? -1 : 0;
}

/* Hands msg to the event handler when it is an event. */
static void dispatch(struct cdp *c, const cJSON *msg)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(msg, "method");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(msg, "sessionId");

	if (!cJSON_IsString(m) || !c->on_event)
		return;
	c->on_event(c->arg, m->valuestring,
		    cJSON_GetObjectItemCaseSensitive(msg, "params"),
		    cJSON_IsString(s) ? s->valuestring : NULL);
}

int cdp_call(struct cdp *c, const char *method, cJSON *params,
	     const char *session, cJSON **result, struct buf *err)
{
	int id = send_msg(c, method, params, session, err);

	if (result)
		*result = NULL;
	if (id < 0)
		return -1;
	for (;;) {
		cJSON *msg = NULL, *e;
		const cJSON *mid;
		int r = read_message(c, c->deadline, &msg, err);

		if (r <= 0) {
			if (!r)
				deadline_error(c, err);
			buf_addf(err, " (waiting for %s)", method);
			return -1;
		}
		mid = cJSON_GetObjectItemCaseSensitive(msg, "id");
		if (!cJSON_IsNumber(mid) || mid->valueint != id) {
			dispatch(c, msg);
			cJSON_Delete(msg);
			continue;
		}
		e = cJSON_GetObjectItemCaseSensitive(msg, "error");
		if (e) {
			const cJSON *em =
				cJSON_GetObjectItemCaseSensitive(e, "message");

			buf_addf(err, "the browser refused %s: %s", method,
				 cJSON_IsString(em) ? em->valuestring :
				 "no reason given");
			cJSON_Delete(msg);
			return -1;
		}
		if (result)
			*result = cJSON_DetachItemFromObjectCaseSensitive(
				msg, "result");
		cJSON_Delete(msg);
		return 0;
	}
}

int cdp_wait(struct cdp *c, long ms, int (*done)(void *arg), void *arg,
	     struct buf *err)
{
	int64_t until = mono_ms() + (ms > 0 ? ms : 0);

	for (;;) {
		cJSON *msg = NULL;
		int r;

		if (done && done(arg))
			return 1;
		r = read_message(c, until, &msg, err);
		if (r < 0)
			return -1;
		if (!r)
			return 0;
		dispatch(c, msg);
		cJSON_Delete(msg);
	}
}

/* 1 when the browser process has exited (not reaped: its group stays). */
static int exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT))
		return 1;	/* no such child: nothing to wait for */
	return si.si_pid == pid;
}

void cdp_stop(struct cdp *c, long grace_ms, struct buf *why)
{
	int64_t until;
	int st, was_up;

	if (!c)
		return;
	if (c->pid > 0) {
		struct buf ignore = BUF_INIT;

		if (!c->gone && mono_ms() < c->deadline)
			cdp_send(c, "Browser.close", NULL, NULL, &ignore);
		buf_release(&ignore);
		if (mono_ms() >= c->deadline)
			grace_ms = 0;
		until = mono_ms() + (grace_ms > 0 ? grace_ms : 0);
		while (!exited(c->pid) && mono_ms() < until)
			poll(NULL, 0, 20);
		was_up = !exited(c->pid);
		/* the leader is not reaped yet, so the group id is ours */
		kill(-c->pid, SIGKILL);
		while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
			;
		if (was_up && why)
			buf_adds(why, mono_ms() >= c->deadline ?
				 "the browser was killed at the time limit" :
				 "the browser did not close and was killed");
	}
	if (c->fd >= 0)
		close(c->fd);
	remove_tree(c->dir);
	free(c->dir);
	buf_release(&c->in);
	free(c);
}
