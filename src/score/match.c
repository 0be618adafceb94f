/* SPDX-License-Identifier: MIT */
/*
 * Aho-Corasick over the bytes of normalised text (see match.h). Patterns
 * go into a trie (children as sibling lists, since it is only built
 * once); match_build() turns it into a full transition table over byte
 * classes (bytes that appear in no pattern share class 0), with failure
 * links folded in, plus for each state the patterns that end there and
 * a link to the next shorter state with output. A run checks outputs
 * only where a token ends, and keeps those that start where one starts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "score/match.h"
#include "score/text.h"
#include "util/banned.h"

#define NONE UINT32_MAX

struct pattern {
	int id;
	size_t len;
	uint32_t next;		/* next pattern ending in the same state */
};

struct match {
	/* The trie, while adding. */
	uint32_t *child;	/* first child of each state */
	uint32_t *sibling;	/* next sibling */
	unsigned char *byte;	/* byte on the edge into the state */
	uint32_t *out;		/* first pattern ending here, or NONE */
	size_t nstates, cap;

	struct pattern *pat;
	size_t npat, pat_cap;

	/* The automaton, after match_build(). */
	int built;
	unsigned char cls[256];
	size_t nclass;
	uint32_t *delta;	/* nstates x nclass */
	uint32_t *dict;		/* next shorter state with output, or 0 */
	uint32_t *emit;		/* first state with output from here, or 0 */

	struct text_norm scratch;	/* for match_add_text() */
};

static void grow_states(struct match *m)
{
	if (m->nstates < m->cap)
		return;
	m->cap = m->cap ? 2 * m->cap : 256;
	m->child = xrealloc(m->child, m->cap * sizeof(*m->child));
	m->sibling = xrealloc(m->sibling, m->cap * sizeof(*m->sibling));
	m->byte = xrealloc(m->byte, m->cap);
	m->out = xrealloc(m->out, m->cap * sizeof(*m->out));
}

static uint32_t new_state(struct match *m, unsigned char b)
{
	uint32_t s;

	grow_states(m);
	s = (uint32_t)m->nstates++;
	m->child[s] = NONE;
	m->sibling[s] = NONE;
	m->byte[s] = b;
	m->out[s] = NONE;
	return s;
}

struct match *match_new(void)
{
	struct match *m = xcalloc(1, sizeof(*m));

	text_norm_init(&m->scratch);
	new_state(m, 0);
	return m;
}

void match_free(struct match *m)
{
	if (!m)
		return;
	free(m->child);
	free(m->sibling);
	free(m->byte);
	free(m->out);
	free(m->pat);
	free(m->delta);
	free(m->dict);
	free(m->emit);
	text_norm_release(&m->scratch);
	free(m);
}

size_t match_count(const struct match *m)
{
	return m->npat;
}

static int is_sep(char c)
{
	return c == ' ' || c == '\n';
}

int match_add(struct match *m, const char *pattern, size_t len, int id,
	      struct buf *err)
{
	uint32_t s = 0, c, p;
	size_t i;

	if (m->built) {
		buf_addf(err, "pattern added after the matcher was built");
		return -1;
	}
	if (!len || pattern[0] == ' ' || pattern[len - 1] == ' ' ||
	    memchr(pattern, '\n', len) ||
	    memmem(pattern, len, "  ", 2)) {
		buf_addf(err, "pattern '%.*s' cannot match normalised text",
			 (int)(len > 200 ? 200 : len), pattern);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char b = (unsigned char)pattern[i];

		for (c = m->child[s]; c != NONE && m->byte[c] != b;
		     c = m->sibling[c])
			;
		if (c == NONE) {
			c = new_state(m, b);
			m->sibling[c] = m->child[s];
			m->child[s] = c;
		}
		s = c;
	}
	for (p = m->out[s]; p != NONE; p = m->pat[p].next)
		if (m->pat[p].id == id)
			return 0;
	if (m->npat == m->pat_cap) {
		m->pat_cap = m->pat_cap ? 2 * m->pat_cap : 64;
		m->pat = xrealloc(m->pat, m->pat_cap * sizeof(*m->pat));
	}
	m->pat[m->npat].id = id;
	m->pat[m->npat].len = len;
	m->pat[m->npat].next = m->out[s];
	m->out[s] = (uint32_t)m->npat++;
	return 0;
}

int match_add_text(struct match *m, const char *text, size_t len, int id,
		   struct buf *err)
{
	struct text_norm *t = &m->scratch;
	const struct text_tok *tag;
	size_t k, pieces = 0;

	text_normalize(text, len, t);
	if (!t->len) {
		buf_addf(err, "pattern '%.*s' is empty once normalised",
			 (int)(len > 200 ? 200 : len), text ? text : "");
		return -1;
	}
	/* One hashtag and nothing else: its joined form. */
	for (k = 0; k < t->ntok; k++)
		if (t->tok[k].kind != TEXT_HASHTAG &&
		    (t->tok[k].flags & TEXT_F_HASHTAG))
			pieces++;
	tag = t->ntok ? &t->tok[t->ntok - 1] : NULL;
	if (tag && tag->kind == TEXT_HASHTAG && pieces == t->ntok - 1 &&
	    tag->start == t->main_len + 1)
		return match_add(m, t->s + tag->start, tag->len, id, err);
	return match_add(m, t->s, t->main_len, id, err);
}

int match_build(struct match *m, struct buf *err)
{
	uint32_t *queue = NULL, *fail = NULL, u, v, c;
	size_t i, head = 0, tail = 0, k, n = m->nstates;

	if (m->built)
		return 0;
	memset(m->cls, 0, sizeof(m->cls));
	m->nclass = 1;
	for (i = 1; i < n; i++)
		if (!m->cls[m->byte[i]])
			m->cls[m->byte[i]] = (unsigned char)0xff;
	for (i = 0; i < 256; i++)
		if (m->cls[i])
			m->cls[i] = (unsigned char)m->nclass++;
	k = m->nclass;
	if (n > SIZE_MAX / sizeof(uint32_t) / k || n * k > UINT32_MAX) {
		buf_addf(err, "too many patterns: %zu states x %zu classes",
			 n, k);
		return -1;
	}
	m->delta = xmalloc(n * k * sizeof(uint32_t));
	m->dict = xcalloc(n, sizeof(uint32_t));
	m->emit = xcalloc(n, sizeof(uint32_t));
	queue = xmalloc(n * sizeof(uint32_t));
	fail = xcalloc(n, sizeof(uint32_t));

	/* Breadth first, so a state's failure state is done before it. */
	memset(m->delta, 0, k * sizeof(uint32_t));
	queue[tail++] = 0;
	while (head < tail) {
		u = queue[head++];
		if (u)
			memcpy(m->delta + (size_t)u * k,
			       m->delta + (size_t)fail[u] * k,
			       k * sizeof(uint32_t));
		for (v = m->child[u]; v != NONE; v = m->sibling[v]) {
			c = m->cls[m->byte[v]];
			fail[v] = u ? m->delta[(size_t)fail[u] * k + c] : 0;
			m->dict[v] = m->out[fail[v]] != NONE ? fail[v] :
				     m->dict[fail[v]];
			m->emit[v] = m->out[v] != NONE ? v : m->dict[v];
			queue[tail++] = v;
		}
		for (v = m->child[u]; v != NONE; v = m->sibling[v])
			m->delta[(size_t)u * k + m->cls[m->byte[v]]] = v;
	}
	free(queue);
	free(fail);
	free(m->child);
	free(m->sibling);
	m->child = m->sibling = NULL;
	m->built = 1;
	return 0;
}

int match_run_str(const struct match *m, const char *s, size_t len,
		  match_fn fn, void *arg)
{
	const uint32_t *delta = m->delta;
	const unsigned char *cls = m->cls;
	size_t k = m->nclass, i, start;
	uint32_t st = 0, u, p;
	int rc;

	if (!m->built)
		return -1;
	for (i = 0; i < len; i++) {
		st = delta[(size_t)st * k + cls[(unsigned char)s[i]]];
		if (!m->emit[st] || (i + 1 < len && !is_sep(s[i + 1])))
			continue;
		for (u = m->emit[st]; u; u = m->dict[u]) {
			for (p = m->out[u]; p != NONE; p = m->pat[p].next) {
				start = i + 1 - m->pat[p].len;
				if (start && !is_sep(s[start - 1]))
					continue;
				rc = fn(m->pat[p].id, start, i + 1, arg);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

int match_run(const struct match *m, const struct text_norm *t,
	      match_fn fn, void *arg)
{
	return match_run_str(m, t->s, t->len, fn, arg);
}
