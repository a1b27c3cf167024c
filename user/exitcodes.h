/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Exit codes of the tunnelstat command: the one table, documented in
 * docs/tunnelstat.8 (EXIT STATUS). Never renumber; append.
 */
#ifndef TS_EXITCODES_H
#define TS_EXITCODES_H

enum ts_exit {
	TS_EXIT_OK = 0,
	TS_EXIT_FAILURE = 1,	/* unexpected system error */
	TS_EXIT_USAGE = 2,	/* bad command line */
	TS_EXIT_PERM = 3,	/* not root / missing CAP_BPF, CAP_NET_ADMIN */
	TS_EXIT_NO_IFACE = 4,	/* no such interface */
	TS_EXIT_ATTACHED = 5,	/* already attached (by us or another program) */
	TS_EXIT_NOT_ATTACHED = 6, /* nothing of ours attached there */
	TS_EXIT_CAPTURE = 7,	/* capture unreadable, truncated, corrupt, unsupported */
	TS_EXIT_VERIFIER = 8,	/* kernel refused the program */
	TS_EXIT_ATTACH = 9,	/* kernel/driver refused the attach (mode) */
	TS_EXIT_BPFFS = 10,	/* bpffs not mountable or pin dir not usable */
};

/* The exit-code table as printed in the man page (user/exitcodes.c). */
struct ts_exit_doc {
	int code;
	const char *text;
};
extern const struct ts_exit_doc ts_exit_docs[];

#endif
