/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A small streaming JSON writer: objects, arrays, strings and integers. */
#ifndef TS_JSON_H
#define TS_JSON_H

#include <stdio.h>
#include <stdint.h>

#define TS_JSON_DEPTH 16

struct ts_json {
	FILE *f;
	int depth;
	int count[TS_JSON_DEPTH];	/* members written at each depth */
};

void json_init(struct ts_json *j, FILE *f);
/* key is NULL inside arrays and at the top level */
void json_obj_open(struct ts_json *j, const char *key);
void json_obj_close(struct ts_json *j);
void json_arr_open(struct ts_json *j, const char *key);
void json_arr_close(struct ts_json *j);
void json_str(struct ts_json *j, const char *key, const char *val);
void json_u64(struct ts_json *j, const char *key, uint64_t val);
void json_null(struct ts_json *j, const char *key);
void json_bool(struct ts_json *j, const char *key, int val);
/* Finish the document with a newline. */
void json_end(struct ts_json *j);

#endif
