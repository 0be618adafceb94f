/* SPDX-License-Identifier: MIT */
/*
 * The registry: civil servants and their accounts, from the CSV files HR
 * systems export (SIASN, SIMPEG, spreadsheets). One code path serves
 * `registry import`, `--dry-run` and `registry check` (which runs it
 * against an in-memory database), so the three never disagree.
 *
 * A file is one transaction. Rows are validated whole; a refused row
 * writes nothing, and unless opts.partial a file with any refused row
 * changes nothing at all.
 */
#ifndef NETRA_REGISTRY_REGISTRY_H
#define NETRA_REGISTRY_REGISTRY_H

#include <stdio.h>

struct db;

struct buf;

enum registry_kind {	/* what is wrong; keep in sync with kind_names[] */
	RK_FIELDS,		/* wrong number of fields */
	RK_NIP,			/* NIP malformed or impossible */
	RK_NIP_EXCEL,		/* NIP mangled by a spreadsheet (1.98E+17) */
	RK_NAME,		/* name missing or unusable */
	RK_EMPLOYMENT,		/* jenis_pegawai not PNS/PPPK */
	RK_REGION,		/* region code/name unknown or ambiguous */
	RK_PLATFORM,		/* long form: platform unknown */
	RK_HANDLE,		/* a handle the platform could not have */
	RK_DUP_NIP,		/* the NIP is on an earlier line too */
	RK_DUP_HANDLE,		/* the account is given to two people */
	RK_UNKNOWN_NIP,		/* long form: NIP neither in file nor db */
	RK_COUNT
};

/* "fields", "nip", "nip-excel", ... (stable: used in --json output). */
const char *registry_kind_name(enum registry_kind k);

struct registry_problem {
	long line;		/* line of the file where the row starts */
	int column;		/* 1-based field number; 0 for the whole row */
	char *field;		/* the column's header as written, or NULL */
	char *value;		/* the offending value, or NULL */
	enum registry_kind kind;
	char *reason;		/* one sentence, no location */
};

struct registry_opts {
	const char *path;	/* the file, or "-" for standard input */
	const char *display;	/* its name in messages */
	const char *encoding;	/* NULL or "utf-8", or "cp1252" */
	const char *region;	/* region for rows without one, or NULL */
	int partial;		/* commit the good rows despite refusals */
	int dry_run;		/* validate, then roll everything back */
};

struct registry_result {
	long rows;		/* data rows read (no header, no blank) */
	long blank_rows;	/* rows with every field empty, skipped */
	long rows_ok;
	long rows_refused;
	long people_new;
	long people_changed;	/* values changed; old values in history */
	long people_unchanged;
	long accounts_new;
	long accounts_ended;	/* dropped from this roster */
	long accounts_moved;	/* given to another person than before */
	int committed;		/* the database was changed */
	int long_form;		/* one account per row (nip,platform,handle) */
	char delim;		/* the detected delimiter */
	char sha256[65];	/* of the file's bytes */
	struct registry_problem *problems;	/* at most 1,000,000 */
	size_t n_problems;
	size_t problems_cap;
	char **warnings;	/* file-level notes: unused columns, ... */
	size_t n_warnings;
};

#define REGISTRY_RESULT_INIT { 0 }

enum registry_status {
	REGISTRY_OK = 0,	/* read through; see rows_refused */
	REGISTRY_REFUSED = -1,	/* the file as a whole is refused (err) */
	REGISTRY_DB = -2	/* database or file-system failure (err) */
};

/*
 * Imports o->path into db (which must be migrated). Returns an enum
 * registry_status; res holds counts, problems and warnings either way
 * (free with registry_result_release()).
 */
int registry_import(struct db *db, const struct registry_opts *o,
		    struct registry_result *res, struct buf *err);
void registry_result_release(struct registry_result *res);

/*
 * Parses a region code as users write it ("33.19", "3319", "33") into
 * canonical "33.19" / "33". Returns 0, or -1 when it is not one.
 */
int region_code_parse(const char *s, char out[8]);

#endif
