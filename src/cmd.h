/* SPDX-License-Identifier: MIT */
/*
 * The commands: one cmd_<name>() per src/cmd_<name>.c. Each parses its own
 * options (getopt_long, reset by main), prints, and returns an enum
 * netra_exit. Keep in sync with the table in main.c and with man/netra.1.
 */
#ifndef NETRA_CMD_H
#define NETRA_CMD_H

#include "netra.h"

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
/* 1 when argv has -h or --help before any "--". */
int cmd_wants_help(int argc, char **argv);

#endif
