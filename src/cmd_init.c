/* SPDX-License-Identifier: MIT */
/* netra init: create the database, or bring its schema up to date. */
#include <stdio.h>

#include "util/buf.h"
#include "cmd.h"
#include "store/db.h"
#include "util/msg.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra [-d DB] init",
	"",
	"Creates the database (mode 0600) or applies pending migrations.",
	NULL
};

int cmd_init(struct netra *ctx, int argc, char **argv)
{
	struct buf err = BUF_INIT;
	struct db *db = NULL;
	int before = 0, after;

	static const struct opt opts[] = {
		OPT_END_
	};
	int n, rc = cmd_options(argc, argv, opts, usage, 0, &n);

	if (rc != -1)
		return rc;
	if (n)
		return cmd_usage(usage, 0);
	if (!db_open(ctx->db_path, 0, &db, &err)) {
		before = db_schema_version(db);
		db_close(db);
	}
	buf_release(&err);
	db = netra_db(ctx);
	after = db_schema_version(db);
	if (before == after)
		note("database '%s' is up to date (schema %d)", ctx->db_path,
		     after);
	else if (!before)
		note("created database '%s' (schema %d)", ctx->db_path, after);
	else
		note("upgraded database '%s' from schema %d to %d",
		     ctx->db_path, before, after);
	return NETRA_EXIT_OK;
}
