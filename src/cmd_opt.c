/* SPDX-License-Identifier: MIT */
/*
 * The option kinds the commands share (cmd.h): a region code and a NIP,
 * checked the same way, with the same messages, wherever they are taken.
 */
#include <string.h>

#include "cmd.h"
#include "registry/nip.h"
#include "registry/registry.h"
#include "util/buf.h"
#include "util/banned.h"

int cmd_check_region(const char *arg, void *value, struct buf *err)
{
	if (region_code_parse(arg, value)) {
		buf_adds(err, "not a region code such as 33 (a province) or "
			 "33.19 (a kabupaten/kota)");
		return -1;
	}
	return 0;
}

int cmd_check_nip(const char *arg, void *value, struct buf *err)
{
	struct nip nip;

	if (nip_parse(arg, NIP_UNKNOWN, &nip, err))
		return -1;
	*(int64_t *)value = nip.value;
	return 0;
}
