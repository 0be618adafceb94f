/* SPDX-License-Identifier: MIT */
/*
 * File-system helpers. Files netra creates hold personal data (UU 27/2022
 * PDP), so they are created 0600 and folders 0700; nothing follows a
 * symlink it did not expect.
 */
#ifndef NETRA_UTIL_FSUTIL_H
#define NETRA_UTIL_FSUTIL_H

#include <stdio.h>
#include <stddef.h>

struct buf;

/* Opens path for writing, creating it 0600 (truncating when it exists). */
FILE *fs_create(const char *path, struct buf *err);
/* Like fs_create() but fails when path exists (O_EXCL). */
FILE *fs_create_excl(const char *path, struct buf *err);
/* Opens path for reading; "-" is standard input. */
FILE *fs_open_read(const char *path, struct buf *err);
/* Creates dir (and parents) with mode 0700; an existing dir is fine. */
int fs_mkdirs(const char *path, struct buf *err);
/* Reads a whole file into out (for small files: configs, data). */
int fs_read_all(const char *path, struct buf *out, struct buf *err);
/* Writes data to path atomically (tmp file, fsync, rename), mode 0600. */
int fs_write_atomic(const char *path, const void *data, size_t len,
		    struct buf *err);
/* 1 when path exists, 0 otherwise. */
int fs_exists(const char *path);

#endif
