/* SPDX-License-Identifier: MIT */
/*
 * Starts a test server (a Python script under tests/) as a child process
 * on 127.0.0.1: the script prints its port alone on its first line and
 * exits when our end of its stdin closes, so a crashed test leaves no
 * server behind. Also: a port nothing listens on, a temporary folder,
 * and fetching a server's /__log. For t_tsa.c and t_pagecap.c.
 */
#ifndef NETRA_TESTS_CHILD_SERVER_H
#define NETRA_TESTS_CHILD_SERVER_H

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "collect/http.h"

struct child_server {
	pid_t pid;
	int stdin_fd;
	int port;
	char base[64];		/* "http://127.0.0.1:PORT" */
};

/*
 * Runs python3 NETRA_SRC/tests/<script> with args (NULL-terminated, at
 * most 16) and --watch-stdin; bails out when it prints no port.
 */
static void child_server_start(struct child_server *s, const char *script,
			       const char *const *args, const char *scheme)
{
	const char *src = getenv("NETRA_SRC");
	const char *argv[24];
	struct buf path = BUF_INIT;
	int out[2], in[2], n = 0, i;
	char line[32];
	size_t got = 0;

	buf_addf(&path, "%s/tests/%s", src ? src : ".", script);
	argv[n++] = "python3";
	argv[n++] = path.s;
	argv[n++] = "--watch-stdin";
	for (i = 0; args && args[i] && n < 22; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(out) || pipe(in)) {
		printf("Bail out! pipe: %s\n", strerror(errno));
		exit(1);
	}
	fflush(stdout);
	s->pid = fork();
	if (s->pid < 0) {
		printf("Bail out! fork: %s\n", strerror(errno));
		exit(1);
	}
	if (!s->pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->stdin_fd = in[1];
	while (got < sizeof(line) - 1) {
		ssize_t r = read(out[0], line + got, 1);

		if (r <= 0 || line[got] == '\n')
			break;
		got++;
	}
	line[got] = '\0';
	close(out[0]);
	buf_release(&path);
	if (!got) {
		printf("Bail out! %s did not start\n", script);
		exit(1);
	}
	s->port = (int)strtol(line, NULL, 10);
	snprintf(s->base, sizeof(s->base), "%s://127.0.0.1:%d",
		 scheme ? scheme : "http", s->port);
}

static void child_server_stop(struct child_server *s)
{
	int st;

	if (s->pid <= 0)
		return;
	close(s->stdin_fd);
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &st, 0);
	s->pid = 0;
}

/* A loopback port nothing listens on (bound, then closed again). */
static int closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(fd, (struct sockaddr *)&a, &len)) {
		printf("Bail out! socket: %s\n", strerror(errno));
		exit(1);
	}
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* A fresh 0700 folder under TMPDIR; the caller removes it. */
static char *temp_dir(const char *name)
{
	const char *t = getenv("TMPDIR");
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/netra-%s.XXXXXX", t && *t ? t : "/tmp", name);
	if (!mkdtemp(b.s)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		exit(1);
	}
	return buf_detach(&b, NULL);
}

/*
 * Runs argv (NULL-terminated), its output thrown away when quiet; its
 * exit status, or -1.
 */
static int run_cmd_q(const char *const *argv, int quiet)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = quiet ? open("/dev/null", O_WRONLY) : -1;

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		} else if (!quiet) {
			/* TAP is on stdout: a command's output goes to stderr */
			dup2(2, 1);
		}
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run_cmd(const char *const *argv)
{
	return run_cmd_q(argv, 0);
}

static void remove_tree(const char *dir)
{
	const char *argv[] = { "rm", "-rf", dir, NULL };

	if (dir && *dir)
		run_cmd(argv);
}

static int fetch_cb(void *arg, const struct http_response *r,
		    struct http_verdict *v, struct buf *err)
{
	(void)arg;
	(void)v;
	(void)err;
	buf_add(r->arg, r->body, r->len);
	return 0;
}

/* GET url through the engine; the body appended to out. 0 or -1. */
static int fetch_text(const char *url, struct buf *out)
{
	struct buf err = BUF_INIT;
	struct http_engine *e = http_new(NULL, &err);
	int rc = -1;

	if (e && !http_get(e, url, NULL, out, &err) &&
	    !http_run(e, fetch_cb, NULL, NULL, &err))
		rc = 0;
	http_free(e);
	buf_release(&err);
	return rc;
}

#endif
