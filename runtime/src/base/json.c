/* The JSON string escaper (base/json.h). */
#include "base/json.h"

#include <stdio.h>

/* The length of the valid UTF-8 sequence at text[0] (2 to 4 bytes), or 0 if it is not one. The
 * second byte's range excludes overlong forms, surrogates and code points past U+10FFFF. */
static size_t utf8_sequence(const unsigned char *text, size_t left)
{
    unsigned char lead = text[0];
    size_t length;
    unsigned char low = 0x80, high = 0xBF; /* the second byte's range */
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0;
        else if (lead == 0xED)
            high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        else if (lead == 0xF4)
            high = 0x8F;
    } else {
        return 0;
    }
    if (left < length || text[1] < low || text[1] > high)
        return 0;
    for (size_t i = 2; i < length; i++)
        if ((text[i] & 0xC0) != 0x80)
            return 0;
    return length;
}

void aw__json_write_string(const char *text, size_t size, json_sink sink, void *context)
{
    const unsigned char *bytes = (const unsigned char *)text;
    sink(context, "\"", 1);
    size_t plain = 0; /* start of the run of bytes written as they are */
    size_t i = 0;
    while (i < size) {
        unsigned char c = bytes[i];
        size_t length = c < 0x80 ? 1 : utf8_sequence(bytes + i, size - i);
        if (length > 1 || (length == 1 && c >= 0x20 && c != '"' && c != '\\')) {
            i += length;
            continue;
        }
        sink(context, text + plain, i - plain);
        char escaped[8];
        int written;
        switch (c) {
        case '"': written = snprintf(escaped, sizeof escaped, "\\\""); break;
        case '\\': written = snprintf(escaped, sizeof escaped, "\\\\"); break;
        case '\n': written = snprintf(escaped, sizeof escaped, "\\n"); break;
        case '\t': written = snprintf(escaped, sizeof escaped, "\\t"); break;
        case '\r': written = snprintf(escaped, sizeof escaped, "\\r"); break;
        default:
            written = snprintf(escaped, sizeof escaped, length == 0 ? "\\ufffd" : "\\u%04x", c);
            break;
        }
        sink(context, escaped, (size_t)written);
        i++;
        plain = i;
    }
    sink(context, text + plain, size - plain);
    sink(context, "\"", 1);
}
