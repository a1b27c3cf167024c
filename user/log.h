/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* One logging module: diagnostics to stderr, data to stdout. */
#ifndef TS_LOG_H
#define TS_LOG_H

enum ts_log_level { TS_LOG_ERR, TS_LOG_WARN, TS_LOG_INFO, TS_LOG_DEBUG };

void ts_log_init(int verbose);
void ts_log(enum ts_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The last lines libbpf logged (the verifier's), for a failed load. */
void ts_log_print_libbpf_tail(int lines);

#define pr_err(...)   ts_log(TS_LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  ts_log(TS_LOG_WARN, __VA_ARGS__)
#define pr_info(...)  ts_log(TS_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) ts_log(TS_LOG_DEBUG, __VA_ARGS__)

#endif
