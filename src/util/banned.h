/* Functions that make bugs easy to write; using one is a compile error
 * (git's banned.h). Every .c file of src/ includes it after all its other
 * includes; the test lint-banned (tools/check-banned-include.py) fails
 * otherwise. */
#ifndef FC_UTIL_BANNED_H
#define FC_UTIL_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_use_buf_or_snprintf

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gets
#define gets(x) BANNED(gets)

#endif
