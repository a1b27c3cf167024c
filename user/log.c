// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE	/* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "log.h"

static int log_verbose;

/*
 * libbpf's output is kept in a ring of recent lines even when not shown,
 * so a refused program can still print the verifier's last words.
 */
#define TAIL_LINES 64
static char *tail[TAIL_LINES];
static unsigned int tail_next;

static void tail_add(const char *line, size_t len)
{
	unsigned int i = tail_next++ % TAIL_LINES;

	free(tail[i]);
	tail[i] = strndup(line, len);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	const char *s, *nl;
	char *buf;
	int n;

	/* one call can carry the whole verifier log: no fixed buffer */
	n = vasprintf(&buf, fmt, ap);
	if (n < 0)
		return n;
	for (s = buf; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl) {
			tail_add(s, strlen(s));
			break;
		}
		tail_add(s, nl - s);
	}
	(void)level;	/* everything is kept; -v shows everything */
	if (log_verbose)
		fputs(buf, stderr);
	free(buf);
	return n;
}

void ts_log_init(int verbose)
{
	log_verbose = verbose;
	libbpf_set_print(libbpf_print);
}

void ts_log_print_libbpf_tail(int lines)
{
	unsigned int n = tail_next < TAIL_LINES ? tail_next : TAIL_LINES;
	unsigned int end = tail_next, start, i;

	/* end at the verifier's log, before libbpf's own closing lines */
	for (i = 0; i < n; i++) {
		const char *l = tail[(tail_next - 1 - i) % TAIL_LINES];

		if (l && strstr(l, "END PROG LOAD LOG")) {
			end = tail_next - 1 - i;
			break;
		}
	}
	if (lines > (int)(end - (tail_next - n)))
		lines = end - (tail_next - n);
	start = end - lines;
	for (i = start; i < end; i++)
		if (tail[i % TAIL_LINES])
			fprintf(stderr, "  %s\n", tail[i % TAIL_LINES]);
}

void ts_log(enum ts_log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (lvl == TS_LOG_DEBUG && !log_verbose)
		return;
	if (lvl == TS_LOG_ERR)
		fputs("tunnelstat: ", stderr);
	else if (lvl == TS_LOG_WARN)
		fputs("tunnelstat: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
