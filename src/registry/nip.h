/* SPDX-License-Identifier: MIT */
/*
 * NIP, the civil servant's 18-digit number (Perka BKN 22/2007):
 *
 *   PNS:   YYYYMMDD birth | YYYYMM first appointment as CPNS | G | NNN
 *   PPPK:  YYYYMMDD birth | YYYY first appointment | PP | G | NNN
 *
 * G is the gender digit (1 man, 2 woman) and NNN a sequence from 001. In
 * the NI PPPK, positions 13-14 count employment contracts (21, 24 seen),
 * so they are not a month: a PNS-only check would refuse valid PPPK.
 */
#ifndef NETRA_REGISTRY_NIP_H
#define NETRA_REGISTRY_NIP_H

#include <stdint.h>

struct buf;

enum nip_type {
	NIP_UNKNOWN = 0,	/* type not given: PNS or PPPK form */
	NIP_PNS,
	NIP_PPPK
};

struct nip {
	char digits[19];	/* the canonical 18 digits, NUL-terminated */
	int64_t value;		/* the same as an integer (the database key) */
	int birth_y, birth_m, birth_d;
	int appt_y, appt_m;	/* appt_m is 0 for the PPPK form */
	int gender;		/* 1 man, 2 woman */
	int seq;
	enum nip_type type;	/* the form it validated as */
};

/*
 * Parses a NIP as HR exports write it: 18 digits, possibly grouped with
 * spaces, dots, hyphens or non-breaking spaces ("19850101 201001 1 001",
 * "19850101.201001.1.001"), possibly behind Excel's leading apostrophe,
 * surrounded by blanks. Checks the structure for the given type: a real
 * birth date (1940-2010), gender 1 or 2, sequence from 001, and an
 * appointment at least 18 years after birth (PNS: a real month, counted
 * in months; PPPK: in years), none after 2035. NIP_UNKNOWN accepts either
 * form, preferring PNS, so a PPPK number whose digits 13-14 read as a
 * month comes back as NIP_PNS. Nothing is checked against the clock.
 * Returns 0 and fills out, or -1 and appends one message without a
 * location to err ("NIP '<value>' ...": no full stop, saying what to
 * do), e.g. for "1.98501E+17": the spreadsheet turned the NIP into a
 * number and lost its last digits; format the column as Text and export
 * again.
 */
int nip_parse(const char *raw, enum nip_type type, struct nip *out,
	      struct buf *err);

/*
 * Writes the 18 digits of v (as stored) to out, zero-padded; a v outside
 * 0..10^18-1 gives 18 '?', never a valid-looking NIP.
 */
void nip_format(int64_t v, char out[19]);

#endif
