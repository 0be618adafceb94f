/* SPDX-License-Identifier: MIT */
/*
 * The commands: one cmd_<name>() per src/cmd_<name>.c. Each parses its own
 * options (getopt_long, reset by main), prints, and returns an enum
 * netra_exit. Keep in sync with the table in main.c and with man/netra.1.
 */
#ifndef NETRA_CMD_H
#define NETRA_CMD_H

#include "netra.h"
#include "util/opt.h"

struct buf;

int cmd_init(struct netra *ctx, int argc, char **argv);
int cmd_registry(struct netra *ctx, int argc, char **argv);
int cmd_eval(struct netra *ctx, int argc, char **argv);
int cmd_explain(struct netra *ctx, int argc, char **argv);
int cmd_findings(struct netra *ctx, int argc, char **argv);
int cmd_score(struct netra *ctx, int argc, char **argv);
int cmd_staff_check(struct netra *ctx, int argc, char **argv);
int cmd_rules(struct netra *ctx, int argc, char **argv);
int cmd_import(struct netra *ctx, int argc, char **argv);
int cmd_collect(struct netra *ctx, int argc, char **argv);
int cmd_posts(struct netra *ctx, int argc, char **argv);
int cmd_review(struct netra *ctx, int argc, char **argv);
int cmd_dossier(struct netra *ctx, int argc, char **argv);
int cmd_report(struct netra *ctx, int argc, char **argv);
int cmd_verify(struct netra *ctx, int argc, char **argv);
int cmd_run(struct netra *ctx, int argc, char **argv);

/* The command called name in main.c's table, or NULL (netra run). */
netra_cmd_fn netra_find_command(const char *name);

/*
 * Prints usage (the lines of a NULL-terminated array) to stdout and
 * returns 0 when to_stdout, else to stderr and returns NETRA_EXIT_USAGE.
 */
int cmd_usage(const char *const *usage, int to_stdout);
/*
 * Parses a command's options (util/opt.h) and leaves its operands in
 * argv[1..*nargs]. Returns -1 to go on; otherwise the command returns
 * what it returns: 0 after printing --help to standard output, or
 * NETRA_EXIT_USAGE after the error and the usage on standard error.
 */
int cmd_options(int argc, char **argv, const struct opt *opts,
		const char *const *usage, unsigned flags, int *nargs);

/*
 * The shared option kinds: --region CODE into a char[8] (NN or NN.NN),
 * --nip NIP into an int64_t, --json and --csv into ints.
 */
int cmd_check_region(const char *arg, void *value, struct buf *err);
int cmd_check_nip(const char *arg, void *value, struct buf *err);
#define OPT_REGION_(v) OPT_CB("region", v, "CODE", cmd_check_region, \
	"a kabupaten/kota (NN.NN) or a whole province (NN)")
#define OPT_NIP_(v) OPT_CB("nip", v, "NIP", cmd_check_nip, \
	"one civil servant, by NIP")
#define OPT_JSON_(v) OPT_F("json", 0, v, "one JSON document on standard output")
#define OPT_CSV_(v) OPT_F("csv", 0, v, "CSV on standard output")

/* 1 when argv has -h or --help before any "--". */
int cmd_wants_help(int argc, char **argv);

#endif
