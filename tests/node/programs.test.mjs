// Every program of tests/core (and the WebAssembly-only tests/wasm, and the playground's
// examples) under node:wasi and under the Emscripten build, each at -O0 and -O2: exit status and
// exact stdout must match tests/<group>/expected/<name>.out, the files the native tests use.
// The native-only programs (tests/native, tests/net) show as skipped, each with its reason.
//   scripts/test-wasm        builds build/wasi and build/emscripten, then runs node --test tests/node/
//   AW_WASI_BUILD=... AW_EMSCRIPTEN_BUILD=... node --test tests/node/    other build directories
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import {
  targets, groups, nativeGroups, notApplicable, nativeOnly, expectedFailures, programs, programPath,
  expectedPath, buildExists, run, inputOf,
} from './targets.mjs';

const concurrency = Math.max(2, os.cpus().length);

test('every native-only program listed in nativeOnly exists', () => {
  const found = new Set(nativeGroups.flatMap((group) => programs(group).map((name) => `${group.name}/${name}`)));
  assert.deepEqual(Object.keys(nativeOnly).filter((key) => !found.has(key)), []);
});

for (const target of targets) {
  describe(target.name, { concurrency }, () => {
    test('build exists', () => {
      assert.ok(buildExists(target),
        `${target.build} is missing: run scripts/test-wasm (or cmake --preset ${target.platform})`);
    });
    for (const group of nativeGroups) {
      for (const name of programs(group)) {
        const key = `${group.name}/${name}`;
        if (nativeOnly[key]) {
          test(key, { skip: `native only: ${nativeOnly[key]}` }, () => {});
        } else {
          test(key, () => assert.fail(`tests/${key}.c is built natively only: give the reason in nativeOnly `
            + '(tests/node/targets.mjs), or make it run here'));
        }
      }
    }
    for (const group of groups) {
      for (const name of programs(group)) {
        const key = `${group.name}/${name}`;
        const reason = notApplicable[key]?.[target.name] ?? notApplicable[key]?.[target.platform];
        if (reason) {
          test(key, { skip: `not applicable: ${reason}` }, () => {});
          continue;
        }
        test(key, async () => {
          const { status, stdout, stderr } = await run(target, programPath(target, group, name),
            inputOf(group, name));
          const expected = readFileSync(expectedPath(group, name), 'utf8');
          const failure = expectedFailures[key];
          if (failure) {
            assert.notEqual(status, 0, `expected a failure\nstdout:\n${stdout}`);
            assert.match(stderr, failure);
          } else {
            assert.equal(status, 0, `exit status ${status}\nstderr:\n${stderr}`);
          }
          assert.equal(stdout, expected);
        });
      }
    }
  });
}
