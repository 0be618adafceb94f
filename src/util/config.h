/* SPDX-License-Identifier: MIT */
/*
 * The netra run configuration file (netra.conf(5)): one JSON object that
 * names the database, the registry files, the post files or folders to
 * import, the platforms to collect, the rules folder, the regions, the
 * phase and the output folder. Parsing validates every field; an error
 * names the file, the line and the field.
 */
#ifndef NETRA_UTIL_CONFIG_H
#define NETRA_UTIL_CONFIG_H

#include <stddef.h>

struct buf;

struct conf_list {
	char **v;		/* owned strings */
	size_t n;
};

struct netra_conf {
	char *path;		/* the file read */
	char *database;		/* NULL: the -d / $NETRA_DB database */
	struct conf_list registry;	/* registry files, in order */
	struct conf_list import;	/* post files and folders, in order */
	struct conf_list sources;	/* platforms to collect */
	char *rules;		/* NULL: --rules default ($NETRA_RULES) */
	struct conf_list regions;	/* region codes to report on */
	char *phase;		/* NULL: every phase */
	char *out;		/* the output folder */
	int has_token;		/* a "tokens" object was present */
};

/*
 * Reads and validates path into c. Relative paths in the file are taken
 * from the file's folder. Tokens in a "tokens" object are put in the
 * environment unless already set there; such a file must not be readable
 * by group or others. Returns 0, or -1 with "FILE:LINE: ..." in err.
 */
int conf_load(const char *path, struct netra_conf *c, struct buf *err);

/*
 * The environment variable name, or NULL when it is unset or empty. The
 * only reader of the environment: everything else asks here.
 */
const char *conf_getenv(const char *name);
void conf_release(struct netra_conf *c);

#endif
