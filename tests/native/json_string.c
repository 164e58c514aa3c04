/* The runtime's JSON string escaper (base/json.h), which both trace writers use: quotes,
 * backslashes and control characters escaped, valid UTF-8 kept, and each byte of an invalid
 * sequence (stray continuation, truncated, overlong, surrogate, past U+10FFFF) as \ufffd. */
#include "base/json.h"

#include <stdio.h>
#include <string.h>

static void to_stdout(void *context, const char *bytes, size_t size)
{
    (void)context;
    fwrite(bytes, 1, size, stdout);
}

static void show(const char *what, const char *text, size_t size)
{
    printf("%-22s ", what);
    aw__json_write_string(text, size, to_stdout, NULL);
    putchar('\n');
}

int main(void)
{
    static const struct {
        const char *what, *text;
    } cases[] = {
        {"plain", "hello"},
        {"quote and backslash", "say \"hi\" \\ bye"},
        {"controls", "a\nb\tc\rd\x01" "e\x1f"},
        {"valid UTF-8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"stray continuation", "a\x80" "b"},
        {"truncated", "a\xe2\x82"},
        {"overlong", "\xc0\xaf \xe0\x80\xaf"},
        {"surrogate", "\xed\xa0\x80"},
        {"past U+10FFFF", "\xf4\x90\x80\x80"},
        {"invalid lead", "\xff\xfe"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        show(cases[i].what, cases[i].text, strlen(cases[i].text));
    show("embedded NUL", "a\0b", 3);
    return 0;
}
