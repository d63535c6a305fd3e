/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Where limber keeps its files, following the XDG base directory specification. */

#include "util/util.h"

/* $XDG_CONFIG_HOME/limber/limber.ini (default ~/.config/limber/limber.ini). */
int paths_user_config(char **ret);
/* limber/limber.ini in each of $XDG_CONFIG_DIRS (default /etc/xdg), in reading order: the least
 * important first, so that a later file overrides an earlier one. */
int paths_system_configs(char ***ret);
/* $XDG_CONFIG_HOME/limber/exercises.d */
int paths_exercises_dropin_dir(char **ret);
/* The first readable <dir>/relative of $XDG_DATA_DIRS (default /usr/local/share:/usr/share):
 * shipped data, also where a test or a second installation puts it. Returns 0, -ENOENT when
 * no folder has it, or -ENOMEM. */
int paths_find_data(const char *relative, char **ret);
/* $XDG_STATE_HOME/limber (default ~/.local/state/limber). */
int paths_state_dir(char **ret);

/* Creates dir and its missing parents; the last component gets mode. Returns 0 or -errno. */
int mkdir_parents(const char *dir, mode_t mode);

/* Writes data to path atomically: a temporary file in the same folder, fsync, rename.
 * The file gets mode. Returns 0 or -errno. */
int write_file_atomic(const char *path, const char *data, size_t size, mode_t mode);
/* The same, but -EAGAIN (and nothing written) when path no longer is as expect says (inode,
 * size, mtime; expect->st_ino == 0: path did not exist), looked at right before the rename. */
struct stat;
int write_file_atomic_unless_changed(const char *path, const char *data, size_t size, mode_t mode,
                                     const struct stat *expect);

/* Overwrites the existing regular file path (never through a link) with data, truncates it
 * to size and syncs it: for a full disk, where write_file_atomic() has no room for a
 * temporary. Not atomic: a crash in the middle leaves a torn file. Returns 0 or -errno. */
int write_file_in_place(const char *path, const char *data, size_t size);
/* The same on the file fd has open for writing. */
int write_fd_in_place(int fd, const char *data, size_t size);

/* Removes the temporaries of write_file_atomic(path) that a crash left behind, if they were
 * last written min_age or longer ago. Returns how many, or -errno. */
int remove_stale_temporaries(const char *path, usec_t min_age);

/* Reads a whole file, NUL-terminated, refusing files over max_size (-EFBIG) and
 * anything that is not a regular file (-EISDIR, -EINVAL). */
int read_file_full(const char *path, size_t max_size, char **ret, size_t *ret_size);
/* The same, but a symbolic link is refused (-ELOOP): for the state folder, where a planted
 * link must not make limberd read, and quote, another file. */
int read_file_nofollow(const char *path, size_t max_size, char **ret, size_t *ret_size);
