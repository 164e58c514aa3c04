/* The fixed batch of the differential tests (docs/difftest.md): the programs of
 * `difftest.py source --ci`, generated into the build tree, run on every target. Their output
 * must be tests/difftest/expected/ci_batch.out, which CPython 3.13's asyncio printed for the
 * same programs (`difftest.py expected --write`). */
#include "ci_programs.c"
