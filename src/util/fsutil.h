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
/* Removes path and everything under it (never following a symlink). */
int fs_rm_tree(const char *path);

/*
 * A folder written beside its final place and moved there whole, so that
 * a reader never sees half of it and the previous one survives a failure
 * (dossiers, reports). The new folder is "<parent>/.<name>.new-<pid>";
 * during the swap the old one is "<parent>/.<name>.old-<pid>". Leftovers
 * of such names from a process that no longer runs (killed mid-write)
 * are removed by staged_begin(): they hold personal data and are never
 * results.
 *
 *   staged_begin()    creates the new folder (0700), parents too
 *   staged_swap()     moves the old folder aside and the new into place
 *   staged_finish()   removes the old one: the swap is final
 *   staged_undo()     after staged_swap(): puts the old one back
 *   staged_abort()    before staged_swap(): removes the new one
 */
struct staged_dir {
	char *final;		/* the folder's place */
	char *tmp;		/* the new folder while it is written */
	char *old;		/* the previous folder during the swap */
	int swapped;		/* staged_swap() done, not finished */
	int had_old;		/* a previous folder was moved aside */
};
#define STAGED_DIR_INIT { NULL, NULL, NULL, 0, 0 }

int staged_begin(struct staged_dir *sd, const char *final, struct buf *err);
int staged_swap(struct staged_dir *sd, struct buf *err);
void staged_finish(struct staged_dir *sd);
int staged_undo(struct staged_dir *sd, struct buf *err);
void staged_abort(struct staged_dir *sd);
/* Frees the names (and aborts or finishes what is pending first). */
void staged_release(struct staged_dir *sd);

#endif
