/* SPDX-License-Identifier: MIT */
/*
 * Functions netra does not use, after git's banned.h. Included last in
 * every .c file, so a use of one of these fails to compile. Strict number
 * parsing lives in parse.c; formatting goes through buf_addf().
 */
#ifndef NETRA_UTIL_BANNED_H
#define NETRA_UTIL_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_netra

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef mktemp
#define mktemp(t) BANNED(mktemp)
#undef atoi
#define atoi(s) BANNED(atoi)
#undef atol
#define atol(s) BANNED(atol)
#undef system
#define system(s) BANNED(system)
#undef popen
#define popen(c, m) BANNED(popen)

#endif
