/* SPDX-License-Identifier: MIT */
/* JSON output helpers shared by the commands; see jsonout.h. */
#include "util/jsonout.h"
#include "store/db.h"
#include "util/parse.h"
#include "util/banned.h"

void jsonout_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

void jsonout_time(cJSON *o, const char *k, struct db_stmt *st, int i)
{
	char t[32];

	if (db_col_null(st, i)) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	time_fmt_iso(db_col_int(st, i), t);
	cJSON_AddStringToObject(o, k, t);
}

cJSON *jsonout_raw(const char *s)
{
	cJSON *j = s ? cJSON_Parse(s) : NULL;

	return j ? j : cJSON_CreateArray();
}
