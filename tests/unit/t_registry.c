/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the registry's header and region rules, run through
 * registry_import() against an in-memory database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "store/db.h"
#include "registry/registry.h"
#include "tap.h"

static char path[] = "/tmp/t_registry.XXXXXX";

/* Imports text (a whole CSV file); returns the status, fills r. */
static int import(const char *text, struct registry_result *r, int *people)
{
	struct registry_opts o;
	struct buf err = BUF_INIT;
	struct db *db = NULL;
	FILE *f = fopen(path, "w");
	int rc;

	fputs(text, f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.path = path;
	o.display = "t.csv";
	memset(r, 0, sizeof(*r));
	if (db_open(":memory:", DB_MIGRATE, &db, &err))
		return -99;
	rc = registry_import(db, &o, r, &err);
	*people = (int)db_int(db, "SELECT count(*) FROM asn", -1);
	db_close(db);
	buf_release(&err);
	return rc;
}

static const char *first_reason(const struct registry_result *r)
{
	return r->n_problems ? r->problems[0].reason : "";
}

int main(void)
{
	struct registry_result r;
	char code[8];
	int n, fd;

	fd = mkstemp(path);
	close(fd);

	ok(!region_code_parse("33.19", code) && !strcmp(code, "33.19"),
	   "33.19");
	ok(!region_code_parse("3319", code) && !strcmp(code, "33.19"),
	   "3319 -> 33.19");
	ok(!region_code_parse("33", code) && !strcmp(code, "33"),
	   "province 33");
	ok(region_code_parse("33.1", code), "33.1 refused");
	ok(region_code_parse("33.00", code), "33.00 refused");
	ok(region_code_parse("ab.cd", code), "letters refused");
	ok(region_code_parse("33.19.01", code), "kecamatan code refused");

	/* header names: SIASN's, SIMPEG's, English, any case and spacing */
	is_int(import("NIP BARU;Nama Lengkap;KODE WILAYAH\n"
		      "198503122010011001;Budi Wicaksono;33.19\n", &r, &n),
	       REGISTRY_OK, "SIASN-style headers");
	is_int(n, 1, "one person");
	is_int(r.delim, ';', "';' detected");
	registry_result_release(&r);
	is_int(import("Nip_Baru,NAME,Region-Code,Agency,Unit,Position,Grade,"
		      "Employment Type\n198503122010011001,Budi,3319,"
		      "Pemkab,Dinas,Guru,III/c,PNS\n", &r, &n),
	       REGISTRY_OK, "English headers");
	is_int(n, 1, "English headers load");
	is_int(r.n_warnings, 0, "no unknown-column warning");
	registry_result_release(&r);

	is_int(import("nip\tnama\tkab_kota\tcatatan\n198503122010011001\t"
		      "Budi\tKota Bengkulu\tx\n", &r, &n), REGISTRY_OK,
	       "TAB, region by name");
	is_int(r.n_warnings, 1, "unknown column warned about");
	ok(r.n_warnings && strstr(r.warnings[0], "column 4 'catatan'"),
	   "the warning names the column");
	registry_result_release(&r);

	is_int(import("nip,nip_baru,nama\n1,2,3\n", &r, &n), REGISTRY_REFUSED,
	       "two NIP columns refused");
	registry_result_release(&r);
	is_int(import("nip,platform\n1,x\n", &r, &n), REGISTRY_REFUSED,
	       "long form without handle refused");
	registry_result_release(&r);
	is_int(import("nip,platform,handle,x\n1,x,a,b\n", &r, &n),
	       REGISTRY_REFUSED, "long and wide form mixed refused");
	registry_result_release(&r);
	is_int(import("nip,instansi\n1,2\n", &r, &n), REGISTRY_REFUSED,
	       "no name column refused");
	registry_result_release(&r);
	is_int(import("\n\nnip,nama,kode_wilayah\n,,\n198503122010011001,"
		      "Budi,33.19\n", &r, &n), REGISTRY_OK,
	       "blank lines before the header and blank rows skipped");
	is_int(r.blank_rows, 1, "blank row counted");
	is_int(n, 1, "the real row loads");
	registry_result_release(&r);

	/* regions */
	is_int(import("nip,nama,kabupaten_kota\n198503122010011001,Budi,"
		      "Magelang\n", &r, &n), REGISTRY_OK, "ambiguous name");
	is_int(r.rows_refused, 1, "Magelang (kabupaten and kota) refused");
	ok(strstr(first_reason(&r), "both a kabupaten and a kota") != NULL,
	   "the reason says why");
	registry_result_release(&r);
	is_int(import("nip,nama,kabupaten_kota\n198503122010011001,Budi,"
		      "KOTA MAGELANG\n", &r, &n), REGISTRY_OK, "typed name");
	is_int(n, 1, "'KOTA MAGELANG' resolves");
	registry_result_release(&r);
	is_int(import("nip,nama,kode_wilayah\n198503122010011001,Budi,"
		      "91.71\n", &r, &n), REGISTRY_OK, "unlisted code");
	is_int(n, 1, "a well-formed code netra does not list is kept");
	is_int(r.n_warnings, 1, "with a warning");
	registry_result_release(&r);
	is_int(import("nip,nama\n198503122010011001,Budi\n", &r, &n),
	       REGISTRY_OK, "no region at all");
	is_int(r.rows_refused, 1, "a person without a region is refused");
	registry_result_release(&r);

	unlink(path);
	return done_testing();
}
