/* SPDX-License-Identifier: MIT */
/*
 * netra import: store post files (captures) and their posts. Each file
 * is one transaction; the good files of a batch load even when others
 * are refused (exit 3). Prints a summary, or one JSON object (--json).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "evidence/audit.h"
#include "util/buf.h"
#include "evidence/capture.h"
#include "cmd.h"
#include "collect/import.h"
#include "util/msg.h"
#include "util/parse.h"
#include "store/store.h"
#include "util/banned.h"

static const char *const usage[] = {
	"usage: netra [-d DB] import [--format NAME] [--platform P "
	"[--account HANDLE]]",
	"                            [--complete] [--json] FILE...",
	"",
	"Stores each FILE ('-' is standard input) as a capture and imports",
	"its posts. The format is detected unless --format names it.",
	"",
	"  --format NAME     read every FILE as NAME (see netra-formats(5))",
	"  --platform P      platform of records that name none",
	"  --account HANDLE  author of records that name none (needs "
	"--platform)",
	"  --complete        each FILE holds every post of its authors over",
	"                    the time it spans: stored posts it lacks are",
	"                    marked deleted",
	"  --json            print one JSON object instead of a summary",
	NULL
};

static void add_int(cJSON *o, const char *k, long v)
{
	cJSON_AddNumberToObject(o, k, (double)v);
}

static int print_json(const struct import_totals *t)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	if (!o)
		die_oom();
	add_int(o, "files", t->files);
	add_int(o, "files_refused", t->files_refused);
	add_int(o, "captures_new", t->c.captures_new);
	add_int(o, "posts_seen", t->c.posts_seen);
	add_int(o, "posts_new", t->c.posts_new);
	add_int(o, "posts_changed", t->c.posts_changed);
	add_int(o, "posts_deleted", t->c.posts_deleted);
	add_int(o, "posts_restored", t->c.posts_restored);
	add_int(o, "posts_unlinked", t->c.posts_unlinked);
	add_int(o, "users_learnt", t->c.users_learnt);
	add_int(o, "gone_unknown", t->c.gone_unknown);
	add_int(o, "warnings", t->c.warnings);
	add_int(o, "rejected", t->rejected);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		die_oom();
	printf("%s\n", s);
	cJSON_free(s);
	return 0;
}

static void print_summary(const struct import_totals *t)
{
	printf("files: %ld (%ld refused)\n", t->files, t->files_refused);
	printf("captures new: %ld\n", t->c.captures_new);
	printf("posts seen: %ld, new: %ld, changed: %ld, deleted: %ld, "
	       "restored: %ld\n", t->c.posts_seen, t->c.posts_new,
	       t->c.posts_changed, t->c.posts_deleted, t->c.posts_restored);
	printf("new posts of accounts not in the registry: %ld\n",
	       t->c.posts_unlinked);
	if (t->c.users_learnt)
		printf("platform user ids learnt: %ld\n", t->c.users_learnt);
	if (t->c.gone_unknown)
		printf("reported gone but never stored: %ld\n",
		       t->c.gone_unknown);
	printf("records refused: %ld\n", t->rejected);
}

/* Prints each line of msgs as an error (or a warning). */
static void print_lines(struct buf *msgs, int as_warning)
{
	char *p = msgs->s, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p && as_warning)
			warning("%s", p);
		else if (*p)
			error("%s", p);
		if (!nl)
			break;
		p = nl + 1;
	}
	buf_reset(msgs);
}

int cmd_import(struct netra *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "platform", required_argument, NULL, 'p' },
		{ "account", required_argument, NULL, 'a' },
		{ "complete", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts o;
	struct import_totals t = IMPORT_TOTALS_INIT;
	struct buf err = BUF_INIT, dir = BUF_INIT, acct = BUF_INIT;
	const char *account = NULL;
	struct store *s;
	struct db *db;
	int json = 0, opt, i, rc = NETRA_EXIT_OK;

	if (cmd_wants_help(argc, argv))
		return cmd_usage(usage, 1);
	memset(&o, 0, sizeof(o));
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			o.format = post_format_by_name(optarg);
			if (!o.format) {
				error("unknown format '%s'; see "
				      "netra-formats(5)", optarg);
				return NETRA_EXIT_USAGE;
			}
			break;
		case 'p':
			if (!store_platform_valid(optarg)) {
				error("unknown platform '%s' (x, instagram, "
				      "facebook, tiktok, youtube)", optarg);
				return NETRA_EXIT_USAGE;
			}
			o.platform = optarg;
			break;
		case 'a':
			account = optarg;
			break;
		case 'c':
			o.complete = 1;
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cmd_usage(usage, 0);
		}
	}
	if (optind >= argc)
		return cmd_usage(usage, 0);
	if (account) {
		if (!o.platform) {
			error("--account needs --platform");
			return NETRA_EXIT_USAGE;
		}
		if (store_canon_account(o.platform, account, &acct, &err)) {
			error("--account: %s", err.s);
			buf_release(&err);
			buf_release(&acct);
			return NETRA_EXIT_USAGE;
		}
		o.account = acct.s;
	}
	db = netra_db(ctx);
	capture_dir_for(ctx->db_path, &dir);
	o.capture_dir = dir.s;
	o.now = netra_now();
	s = store_new(db, &err);
	if (!s)
		die(NETRA_EXIT_DB, "%s", err.s);
	for (i = optind; i < argc; i++) {
		int r = import_file(s, db, argv[i], &o, &t, &err);

		print_lines(&err, 0);
		if (r == IMPORT_FAILED) {
			rc = NETRA_EXIT_DB;
			break;
		}
		if (r == IMPORT_REFUSED)
			rc = NETRA_EXIT_INPUT;
	}
	store_free(s);
	if (t.files > t.files_refused) {
		struct buf d = BUF_INIT;

		audit_counts(&d, "files", (long long)t.files, "files_refused",
			     (long long)t.files_refused, "captures_new",
			     (long long)t.c.captures_new, "posts_new",
			     (long long)t.c.posts_new, "posts_changed",
			     (long long)t.c.posts_changed, "posts_deleted",
			     (long long)t.c.posts_deleted, (char *)NULL);
		if (audit_append(db, NULL, "import", argv[optind], d.s,
				 &err) < 0) {
			error("%s", err.s);
			rc = NETRA_EXIT_DB;
		}
		buf_release(&d);
	}
	print_lines(&t.warnings, 1);
	if (json)
		print_json(&t);
	else
		print_summary(&t);
	import_totals_release(&t);
	buf_release(&err);
	buf_release(&dir);
	buf_release(&acct);
	return rc;
}
