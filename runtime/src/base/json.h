/* JSON strings: the one escaper of the Chrome trace writer and the playground's trace. Nothing
 * here is public. */
#ifndef AW_BASE_JSON_H
#define AW_BASE_JSON_H

#include <stddef.h>

/* Where escaped text goes: `size` bytes at `bytes`, appended to whatever `context` builds. */
typedef void (*json_sink)(void *context, const char *bytes, size_t size);

/* Writes the `size` bytes of `text` as a JSON string, quotes included: '"' and '\\' escaped,
 * control characters as \n, \t, \r or \u00XX, valid UTF-8 passed through, and every byte that
 * does not belong to a valid UTF-8 sequence (a stray continuation byte, a truncated or overlong
 * sequence, a surrogate, a code point above U+10FFFF) as \ufffd, the replacement character:
 * the result is always valid JSON in valid UTF-8. */
void aw__json_write_string(const char *text, size_t size, json_sink sink, void *context);

#endif
