/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reporting for the C test suites: one "ok - NAME" or "FAIL - NAME: why"
 * line per check, then "N passed, N failed" (tests/run.sh sums those).
 * Included by one .c file each: the state is per suite.
 */
#ifndef TS_TEST_HARNESS_H
#define TS_TEST_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "names.h"

static int npass, nfail;

static void __attribute__((format(printf, 1, 2))) ok(const char *fmt, ...)
{
	va_list ap;

	printf("ok - ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	npass++;
}

static void __attribute__((unused)) fail(const char *name, const char *why)
{
	printf("FAIL - %s: %s\n", name, why);
	nfail++;
}

/* Append to a bounded message, "; " between items. */
static void __attribute__((format(printf, 3, 4)))
add_msg(char *msg, size_t len, const char *fmt, ...)
{
	size_t n = strlen(msg);
	va_list ap;

	if (n + 3 >= len)
		return;
	if (n) {
		strcpy(msg + n, "; ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(msg + n, len - n, fmt, ap);
	va_end(ap);
}

/* A counter's name, or "#id" for one without (the names test reports it). */
static const char *cname(int id)
{
	static char buf[16];

	if (id >= 0 && id < __TS_C_MAX && ts_counter_names[id])
		return ts_counter_names[id];
	snprintf(buf, sizeof(buf), "#%d", id);
	return buf;
}

/* The closing line; the suite's exit status. */
static int __attribute__((unused)) summary(void)
{
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}

#endif
