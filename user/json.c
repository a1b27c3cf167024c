// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <inttypes.h>
#include "json.h"

void json_init(struct ts_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Comma, newline and indent before a member; then "key": if any. */
static void member(struct ts_json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputc(',', j->f);
	if (j->depth)
		fprintf(j->f, "\n%*s", j->depth * 2, "");
	if (key) {
		put_string(j->f, key);
		fputs(": ", j->f);
	}
}

static void open_(struct ts_json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->f);
	if (j->depth < TS_JSON_DEPTH - 1)
		j->depth++;
	j->count[j->depth] = 0;
}

static void close_(struct ts_json *j, char c)
{
	int had = j->count[j->depth];

	if (j->depth)
		j->depth--;
	if (had)
		fprintf(j->f, "\n%*s", j->depth * 2, "");
	fputc(c, j->f);
}

void json_obj_open(struct ts_json *j, const char *key) { open_(j, key, '{'); }
void json_obj_close(struct ts_json *j) { close_(j, '}'); }
void json_arr_open(struct ts_json *j, const char *key) { open_(j, key, '['); }
void json_arr_close(struct ts_json *j) { close_(j, ']'); }

void json_str(struct ts_json *j, const char *key, const char *val)
{
	member(j, key);
	put_string(j->f, val);
}

void json_u64(struct ts_json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void json_null(struct ts_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}

void json_bool(struct ts_json *j, const char *key, int val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void json_end(struct ts_json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}
