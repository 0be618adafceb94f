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
#include "store/lock.h"
#include "util/config.h"
#include "util/opt.h"
#include "util/msg.h"
#include "netra.h"
#include "util/banned.h"

struct command {
	const char *name;
	netra_cmd_fn fn;
	unsigned setup;		/* enum netra_setup */
	const char *summary;
};

/*
 * Keep in sync with cmd.h and man/netra.1 (tests/t0002-doc.sh checks the
 * manual documents every command listed here). Commands with subcommands
 * (registry, review) set ctx->setup per subcommand.
 */
static const struct command commands[] = {
	{ "init", cmd_init, SETUP_DB_CREATE,
	  "create or upgrade the database" },
	{ "registry", cmd_registry, SETUP_NONE,
	  "import, check and list civil servants and their accounts" },
	{ "rules", cmd_rules, SETUP_NONE,
	  "check and list elections and indicators" },
	{ "eval", cmd_eval, SETUP_NONE,
	  "measure the scoring against labelled posts" },
	{ "import", cmd_import, SETUP_DB_CREATE,
	  "store post files as captures and posts" },
	{ "collect", cmd_collect, SETUP_DB_CREATE,
	  "fetch the accounts' posts from the platform APIs" },
	{ "posts", cmd_posts, SETUP_DB,
	  "list stored posts, versions and deletions" },
	{ "score", cmd_score, SETUP_DB,
	  "score the civil servants' posts against the indicators" },
	{ "findings", cmd_findings, SETUP_DB,
	  "list findings, highest first" },
	{ "explain", cmd_explain, SETUP_DB,
	  "show why a post scored as it did" },
	{ "staff-check", cmd_staff_check, SETUP_DB,
	  "an office's staff list: NIPs, accounts, findings, dossiers" },
	{ "review", cmd_review, SETUP_DB,
	  "list pending findings; confirm or dismiss one" },
	{ "dossier", cmd_dossier, SETUP_DB,
	  "write a civil servant's evidence dossier" },
	{ "report", cmd_report, SETUP_DB,
	  "write a district's or province's audit report" },
	{ "verify", cmd_verify, SETUP_DB,
	  "check the audit log and captures, or a dossier" },
	{ "run", cmd_run, SETUP_DB_CREATE,
	  "run the stages a configuration file names, in order" },
	{ NULL, NULL, 0, NULL }
};

static const char *const main_usage[] = {
	"usage: netra [-d DB] [-q|-v] COMMAND [ARGS]",
	"       netra help [COMMAND]",
	"       netra --version",
	NULL
};

static const char *db_opt;
static int quiet_opt, verbose_opt, version_opt;

static const struct opt main_opts[] = {
	OPT_S("db", 'd', &db_opt, "DB",
	      "the database (default $NETRA_DB, else ./netra.db)"),
	OPT_F("quiet", 'q', &quiet_opt, "errors only"),
	OPT_F("verbose", 'v', &verbose_opt, "more detail on standard error"),
	OPT_F("version", 0, &version_opt, "netra's version"),
	OPT_END_
};

static int print_help(int to_stdout)
{
	const struct command *c;
	struct buf b = BUF_INIT;

	opt_usage(main_usage, main_opts, &b);
	buf_adds(&b, "\ncommands:\n");
	for (c = commands; c->name; c++)
		if (!(c->setup & SETUP_HIDDEN))
			buf_addf(&b, "  %-11s %s\n", c->name, c->summary);
	buf_adds(&b, "\n'netra COMMAND --help' shows a command's options; "
		 "netra(1) documents them all.\n");
	msg_print(to_stdout, b.s);
	buf_release(&b);
	return to_stdout ? NETRA_EXIT_OK : NETRA_EXIT_USAGE;
}

int cmd_usage(const char *const *usage, int to_stdout)
{
	struct buf b = BUF_INIT;

	opt_usage(usage, NULL, &b);
	msg_print(to_stdout, b.s);
	buf_release(&b);
	return to_stdout ? NETRA_EXIT_OK : NETRA_EXIT_USAGE;
}

int cmd_options(int argc, char **argv, const struct opt *opts,
		const char *const *usage, unsigned flags, int *nargs)
{
	struct buf err = BUF_INIT, b = BUF_INIT;
	int rc = opt_parse(argc, argv, opts, flags, nargs, &err);

	if (rc == OPT_RESULT_OK)
		return -1;
	if (rc == OPT_RESULT_ERROR)
		error("%s", err.s);
	opt_usage(usage, opts, &b);
	msg_print(rc == OPT_RESULT_HELP, b.s);
	buf_release(&b);
	buf_release(&err);
	return rc == OPT_RESULT_HELP ? NETRA_EXIT_OK : NETRA_EXIT_USAGE;
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
	unsigned flags = DB_MIGRATE;

	if (ctx->db)
		return ctx->db;
	if (!(ctx->setup & (SETUP_DB | SETUP_DB_CREATE)))
		BUG("netra_db() called by a command set up without a database");
	if (ctx->setup & SETUP_DB_CREATE)
		flags |= DB_CREATE;
	if (db_open(ctx->db_path, flags, &ctx->db, &err))
		die(NETRA_EXIT_DB, "%s", err.s);
	return ctx->db;
}

int netra_lock(struct netra *ctx, const char *command)
{
	struct buf err = BUF_INIT;

	if (ctx->lock_fd != -1)
		return 0;
	ctx->lock_fd = db_lock(ctx->db_path, command, 0, &err);
	if (ctx->lock_fd == -1) {
		error("%s", err.s);
		buf_release(&err);
		return -1;
	}
	return 0;
}

static int finish(struct netra *ctx, int rc)
{
	if (ctx->db)
		db_close(ctx->db);
	ctx->db = NULL;
	db_unlock(ctx->lock_fd);
	ctx->lock_fd = -1;
	if (fflush(stdout) || ferror(stdout)) {
		error("cannot write to standard output: %s", strerror(errno));
		return NETRA_EXIT_DB;
	}
	return rc;
}

/*
 * Runs command c: its setup first (the lock when the table asks for it;
 * the database itself is opened on first use by netra_db()), then c.
 */
static int run_command(struct netra *ctx, const struct command *c, int argc,
		       char **argv)
{
	ctx->setup = c->setup;
	if ((c->setup & SETUP_LOCK) && !cmd_wants_help(argc, argv) &&
	    netra_lock(ctx, c->name))
		return NETRA_EXIT_DB;
	return c->fn(ctx, argc, argv);
}

int main(int argc, char **argv)
{
	struct netra ctx = { NULL, NULL, SETUP_NONE, -1 };
	const struct command *c;
	int n, rc;

	umask(077);
	db_init();
	ctx.db_path = conf_getenv("NETRA_DB");
	if (!ctx.db_path)
		ctx.db_path = "netra.db";
	rc = cmd_options(argc, argv, main_opts, main_usage,
			 OPT_PARSE_STOP_AT_OPERAND, &n);
	if (rc == NETRA_EXIT_OK)
		return print_help(1);
	if (rc != -1)
		return rc;
	if (db_opt)
		ctx.db_path = db_opt;
	if (quiet_opt)
		msg_level = MSG_QUIET;
	if (verbose_opt)
		msg_level = MSG_VERBOSE;
	if (version_opt) {
		printf("netra %s (SQLite %s)\n", NETRA_VERSION,
		       db_engine_version());
		return finish(&ctx, NETRA_EXIT_OK);
	}
	argc = n;
	argv++;
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
	rc = run_command(&ctx, c, argc, argv);
	return finish(&ctx, rc);
}
