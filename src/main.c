/* SPDX-License-Identifier: MIT */
/*
 * netra's entry point: global options, the command table, dispatch, and
 * the final check that everything written to stdout really got out (a
 * full disk must not yield a cut CSV and exit 0).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "cmd.h"
#include "store/db.h"
#include "util/msg.h"
#include "netra.h"
#include "util/banned.h"

struct command {
	const char *name;
	netra_cmd_fn fn;
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, "create or upgrade the database" },
	{ "registry", cmd_registry,
	  "import, check and list civil servants and their accounts" },
	{ "rules", cmd_rules, "check and list elections and indicators" },
	{ "eval", cmd_eval,
	  "measure the scoring against labelled posts" },
	{ "import", cmd_import, "store post files as captures and posts" },
	{ "collect", cmd_collect,
	  "fetch the accounts' posts from the platform APIs" },
	{ "posts", cmd_posts, "list stored posts, versions and deletions" },
	{ "score", cmd_score,
	  "score the civil servants' posts against the indicators" },
	{ "findings", cmd_findings, "list findings, highest first" },
	{ "explain", cmd_explain, "show why a post scored as it did" },
	{ "staff-check", cmd_staff_check,
	  "an office's staff list: NIPs, accounts, findings, dossiers" },
	{ "review", cmd_review,
	  "list pending findings; confirm or dismiss one" },
	{ "dossier", cmd_dossier,
	  "write a civil servant's evidence dossier" },
	{ "report", cmd_report,
	  "write a district's or province's audit report" },
	{ "verify", cmd_verify,
	  "check the audit log and captures, or a dossier" },
	{ "run", cmd_run,
	  "run the stages a configuration file names, in order" },
	{ NULL, NULL, NULL }
};

static const char *const main_usage[] = {
	"usage: netra [-d DB] [-q|-v] COMMAND [ARGS]",
	"       netra help [COMMAND]",
	"       netra --version",
	"",
	"global options:",
	"  -d, --db DB     the database (default $NETRA_DB, else ./netra.db)",
	"  -q, --quiet     errors only",
	"  -v, --verbose   more detail on standard error",
	"",
	NULL
};

static int print_help(int to_stdout)
{
	FILE *f = to_stdout ? stdout : stderr;
	const struct command *c;

	cmd_usage(main_usage, to_stdout);
	fputs("commands:\n", f);
	for (c = commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fputs("\n'netra COMMAND --help' shows a command's options; "
	      "netra(1) documents them all.\n", f);
	return to_stdout ? NETRA_EXIT_OK : NETRA_EXIT_USAGE;
}

int cmd_usage(const char *const *usage, int to_stdout)
{
	FILE *f = to_stdout ? stdout : stderr;

	for (; *usage; usage++)
		fprintf(f, "%s\n", *usage);
	return to_stdout ? NETRA_EXIT_OK : NETRA_EXIT_USAGE;
}

int cmd_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

static const struct command *find_command(const char *name)
{
	const struct command *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

netra_cmd_fn netra_find_command(const char *name)
{
	const struct command *c = find_command(name);

	return c ? c->fn : NULL;
}

struct db *netra_db(struct netra *ctx)
{
	struct buf err = BUF_INIT;

	if (ctx->db)
		return ctx->db;
	if (db_open(ctx->db_path, DB_CREATE | DB_MIGRATE, &ctx->db, &err))
		die(NETRA_EXIT_DB, "%s", err.s);
	return ctx->db;
}

static int finish(struct netra *ctx, int rc)
{
	if (ctx->db)
		db_close(ctx->db);
	ctx->db = NULL;
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write to standard output: %s", strerror(errno));
		return NETRA_EXIT_DB;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct netra ctx = { NULL, NULL };
	const struct command *c;
	int opt, rc;

	umask(077);
	/*
	 * netra is single-threaded (collection multiplexes with curl's multi
	 * interface): no mutexes, no allocation statistics.
	 */
	db_init();
	ctx.db_path = getenv("NETRA_DB");
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "netra.db";
	while ((opt = getopt_long(argc, argv, "+d:qvh", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			ctx.db_path = optarg;
			break;
		case 'q':
			msg_level = MSG_QUIET;
			break;
		case 'v':
			msg_level = MSG_VERBOSE;
			break;
		case 'h':
			return finish(&ctx, print_help(1));
		case 'V':
			printf("netra %s (SQLite %s)\n", NETRA_VERSION,
			       db_engine_version());
			return finish(&ctx, NETRA_EXIT_OK);
		default:
			return print_help(0);
		}
	}
	argc -= optind;
	argv += optind;
	if (!argc)
		return print_help(0);
	if (!strcmp(argv[0], "help")) {
		if (argc < 2)
			return finish(&ctx, print_help(1));
		c = find_command(argv[1]);
		if (!c) {
			error("'%s' is not a netra command; see 'netra help'",
			      argv[1]);
			return NETRA_EXIT_USAGE;
		}
		{
			char *hargv[] = { argv[1], (char *)"--help", NULL };

			optind = 0;
			return finish(&ctx, c->fn(&ctx, 2, hargv));
		}
	}
	if (!strcmp(argv[0], "version"))
		return finish(&ctx, printf("netra %s\n", NETRA_VERSION) < 0);
	c = find_command(argv[0]);
	if (!c) {
		error("'%s' is not a netra command; see 'netra help'", argv[0]);
		return NETRA_EXIT_USAGE;
	}
	optind = 0;
	rc = c->fn(&ctx, argc, argv);
	return finish(&ctx, rc);
}
