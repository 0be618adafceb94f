/* SPDX-License-Identifier: MIT */
/*
 * Small helpers for the commands that turn database rows into JSON with
 * cJSON: a text that may be NULL, a unix time as ISO 8601, and a JSON
 * document stored in a column.
 */
#ifndef NETRA_UTIL_JSONOUT_H
#define NETRA_UTIL_JSONOUT_H

#include <cJSON.h>

struct db_stmt;

/* Adds k: v, or k: null when v is NULL. */
void jsonout_str(cJSON *o, const char *k, const char *v);
/* Adds k: column i as "YYYY-MM-DDTHH:MM:SSZ", or null. */
void jsonout_time(cJSON *o, const char *k, struct db_stmt *st, int i);
/* Parses s (JSON kept in a column); an empty array when s is NULL or bad. */
cJSON *jsonout_raw(const char *s);

#endif
