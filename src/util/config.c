/* SPDX-License-Identifier: MIT */
/*
 * Reading netra.conf(5) for netra run. The file is small, so it is read
 * whole and parsed with cJSON; a field's line is found by looking for its
 * quoted key in the raw text (the first occurrence, good enough for a flat
 * object). Unknown keys are refused, so that a misspelt "regoins" does not
 * silently run without reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "util/buf.h"
#include "util/config.h"
#include "util/fsutil.h"
#include "util/banned.h"

static const char *const platforms[] = {
	"x", "youtube", "instagram", "facebook", "tiktok", NULL
};

/* The tokens a config file may carry, and the variable each one sets. */
static const struct {
	const char *key;
	const char *env;
} tokens[] = {
	{ "x", "NETRA_X_BEARER" },
	{ "youtube", "NETRA_YOUTUBE_KEY" },
	{ "meta", "NETRA_META_TOKEN" },
	{ "tiktok", "NETRA_TIKTOK_TOKEN" },
	{ NULL, NULL }
};

static int line_of_offset(const char *text, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* The line of the first "key" followed by a colon, else 1. */
static int line_of_key(const char *text, const char *key)
{
	struct buf q = BUF_INIT;
	const char *p = text;
	int line = 1;

	buf_addf(&q, "\"%s\"", key);
	while ((p = strstr(p, q.s))) {
		const char *e = p + q.len;

		while (*e == ' ' || *e == '\t' || *e == '\r' || *e == '\n')
			e++;
		if (*e == ':') {
			line = line_of_offset(text, (size_t)(p - text));
			break;
		}
		p++;
	}
	buf_release(&q);
	return line;
}

struct ctx {
	const char *path;
	const char *text;
	const char *dir;	/* the file's folder, with a trailing '/' */
	unsigned mode;		/* the file's permission bits */
	struct buf *err;
};

static int field_error(struct ctx *x, const char *key, const char *what)
{
	buf_addf(x->err, "%s:%d: field '%s': %s", x->path,
		 line_of_key(x->text, key), key, what);
	return -1;
}

static char *resolve(struct ctx *x, const char *p)
{
	struct buf b = BUF_INIT;

	if (p[0] != '/')
		buf_adds(&b, x->dir);
	buf_adds(&b, p);
	return buf_detach(&b, NULL);
}

static int get_string(struct ctx *x, const cJSON *v, const char *key,
		      int is_path, char **out)
{
	if (!cJSON_IsString(v))
		return field_error(x, key, "must be a string");
	if (!*v->valuestring)
		return field_error(x, key, "must not be empty");
	*out = is_path ? resolve(x, v->valuestring) : xstrdup(v->valuestring);
	return 0;
}

static int get_list(struct ctx *x, const cJSON *v, const char *key,
		    int is_path, struct conf_list *l)
{
	const cJSON *e;
	int n;

	if (!cJSON_IsArray(v))
		return field_error(x, key, "must be a list of strings");
	n = cJSON_GetArraySize(v);
	l->v = xcalloc((size_t)n + 1, sizeof(*l->v));
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || !*e->valuestring)
			return field_error(x, key,
					   "must be a list of non-empty "
					   "strings");
		l->v[l->n++] = is_path ? resolve(x, e->valuestring) :
			xstrdup(e->valuestring);
	}
	return 0;
}

static int get_tokens(struct ctx *x, const cJSON *v, struct netra_conf *c)
{
	const cJSON *e;
	int i;

	if (!cJSON_IsObject(v))
		return field_error(x, "tokens", "must be an object");
	c->has_token = 1;
	if (x->mode & 077) {
		buf_addf(x->err, "%s:%d: field 'tokens': the file holds "
			 "tokens, so it must be mode 0600 (it is %04o); or put "
			 "them in the environment", x->path,
			 line_of_key(x->text, "tokens"), x->mode);
		return -1;
	}
	cJSON_ArrayForEach(e, v) {
		for (i = 0; tokens[i].key; i++)
			if (!strcmp(e->string, tokens[i].key))
				break;
		if (!tokens[i].key)
			return field_error(x, e->string,
					   "unknown token (x, youtube, meta, "
					   "tiktok)");
		if (!cJSON_IsString(e) || !*e->valuestring)
			return field_error(x, e->string,
					   "must be a non-empty string");
		/* the environment wins over the file */
		if (!getenv(tokens[i].env) || !*getenv(tokens[i].env))
			setenv(tokens[i].env, e->valuestring, 1);
	}
	return 0;
}

static int check_platforms(struct ctx *x, const struct conf_list *l)
{
	size_t i;
	int j;

	for (i = 0; i < l->n; i++) {
		for (j = 0; platforms[j]; j++)
			if (!strcmp(l->v[i], platforms[j]))
				break;
		if (!platforms[j]) {
			struct buf m = BUF_INIT;
			int rc;

			buf_addf(&m, "'%s' is not a platform (x, youtube, "
				 "instagram, facebook, tiktok)", l->v[i]);
			rc = field_error(x, "sources", m.s);
			buf_release(&m);
			return rc;
		}
	}
	return 0;
}

static int fill(struct ctx *x, const cJSON *root, struct netra_conf *c)
{
	const cJSON *v;

	if (!cJSON_IsObject(root)) {
		buf_addf(x->err, "%s:1: the file must hold one JSON object",
			 x->path);
		return -1;
	}
	cJSON_ArrayForEach(v, root) {
		const char *k = v->string;
		int rc;

		if (!strcmp(k, "database"))
			rc = get_string(x, v, k, 1, &c->database);
		else if (!strcmp(k, "registry"))
			rc = get_list(x, v, k, 1, &c->registry);
		else if (!strcmp(k, "import"))
			rc = get_list(x, v, k, 1, &c->import);
		else if (!strcmp(k, "sources"))
			rc = get_list(x, v, k, 0, &c->sources) ||
				check_platforms(x, &c->sources) ? -1 : 0;
		else if (!strcmp(k, "rules"))
			rc = get_string(x, v, k, 1, &c->rules);
		else if (!strcmp(k, "regions"))
			rc = get_list(x, v, k, 0, &c->regions);
		else if (!strcmp(k, "phase"))
			rc = get_string(x, v, k, 0, &c->phase);
		else if (!strcmp(k, "out"))
			rc = get_string(x, v, k, 1, &c->out);
		else if (!strcmp(k, "tokens"))
			rc = get_tokens(x, v, c);
		else
			rc = field_error(x, k, "unknown key");
		if (rc)
			return -1;
	}
	if (!c->out && c->regions.n)
		return field_error(x, "regions", "needs \"out\", the output "
				   "folder");
	return 0;
}

int conf_load(const char *path, struct netra_conf *c, struct buf *err)
{
	struct buf text = BUF_INIT;
	struct buf dir = BUF_INIT;
	struct ctx x;
	struct stat st;
	const char *end = NULL, *slash;
	cJSON *root;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	if (fs_read_all(path, &text, err))
		goto out;
	if (stat(path, &st)) {
		buf_addf(err, "cannot stat '%s'", path);
		goto out;
	}
	slash = strrchr(path, '/');
	if (slash)
		buf_add(&dir, path, (size_t)(slash - path) + 1);
	x.path = path;
	x.text = text.s;
	x.dir = dir.s;
	x.mode = (unsigned)(st.st_mode & 07777);
	x.err = err;
	root = cJSON_ParseWithLengthOpts(text.s, text.len + 1, &end, 1);
	if (!root) {
		size_t off = end ? (size_t)(end - text.s) : 0;

		if (!end && cJSON_GetErrorPtr())
			off = (size_t)(cJSON_GetErrorPtr() - text.s);
		buf_addf(err, "%s:%d: not valid JSON", path,
			 line_of_offset(text.s, off));
		goto out;
	}
	rc = fill(&x, root, c);
	cJSON_Delete(root);
out:
	buf_release(&text);
	buf_release(&dir);
	return rc;
}

static void list_release(struct conf_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void conf_release(struct netra_conf *c)
{
	free(c->path);
	free(c->database);
	list_release(&c->registry);
	list_release(&c->import);
	list_release(&c->sources);
	free(c->rules);
	list_release(&c->regions);
	free(c->phase);
	free(c->out);
	memset(c, 0, sizeof(*c));
}

const char *conf_getenv(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}
