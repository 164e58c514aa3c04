// web/serve.mjs under bad luck and bad requests: a file it may not read (403), one that is
// gone (404), downloads aborted by the client (no file descriptor left open), other methods
// (405), URLs too long for the request line (431) and 1,000 requests at once, after each of
// which it still serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startServer } from '../../web/serve.mjs';

const servePath = new URL('../../web/serve.mjs', import.meta.url).pathname;

function makeRoot(t) {
  const root = mkdtempSync(join(tmpdir(), 'aw-serve-'));
  chmodSync(root, 0o755);
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'index.html'), '<p>index</p>');
  return root;
}

function get(port, path, { method = 'GET' } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const openFds = () => readdirSync('/proc/self/fd').length;

test('a file the server may not read is 403, and it goes on serving', async (t) => {
  const root = makeRoot(t);
  writeFileSync(join(root, 'secret.txt'), 'secret');
  chmodSync(join(root, 'secret.txt'), 0o000);
  // Root reads any file: then the server runs as nobody, as a user would run it.
  const asRoot = process.getuid() === 0;
  const child = spawn(process.execPath, ['--input-type=module', '-e',
    `import { startServer } from ${JSON.stringify(servePath)};
     const s = await startServer({ port: 0, root: ${JSON.stringify(root)}, quiet: true });
     console.log(s.address().port);`],
  { stdio: ['ignore', 'pipe', 'inherit'], ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  t.after(() => child.kill());
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d)))));
  assert.equal((await get(port, '/secret.txt')).status, 403);
  assert.equal((await get(port, '/secret.txt')).status, 403);
  assert.deepEqual(await get(port, '/index.html'), { status: 200, body: '<p>index</p>' });
});

test('a file removed before it is read is 404; the server stays up', async (t) => {
  const root = makeRoot(t);
  const server = await startServer({ port: 0, root, quiet: true });
  t.after(() => server.close());
  const { port } = server.address();
  writeFileSync(join(root, 'gone.txt'), 'here');
  // Removed as the request arrives, before the server looks at the path.
  server.prependListener('request', (req) => { if (req.url === '/gone.txt') rmSync(join(root, 'gone.txt')); });
  assert.equal((await get(port, '/gone.txt')).status, 404);
  assert.equal((await get(port, '/index.html')).status, 200);
});

test('downloads aborted by the client leave no file open', async (t) => {
  const root = makeRoot(t);
  writeFileSync(join(root, 'big.bin'), Buffer.alloc(8 << 20, 7));
  const server = await startServer({ port: 0, root, quiet: true });
  t.after(() => server.close());
  const { port } = server.address();
  await get(port, '/index.html');
  const before = openFds();
  for (let round = 0; round < 10; round++) {
    await Promise.all(Array.from({ length: 20 }, () => new Promise((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/big.bin', agent: false }, (res) => {
        res.once('data', () => { req.destroy(); resolve(); });
      });
      req.on('error', resolve);
      req.end();
    })));
  }
  let after = openFds();
  for (let i = 0; i < 100 && after > before; i++) {
    await new Promise((r) => setTimeout(r, 20));
    after = openFds();
  }
  assert.ok(after <= before, `open fds: ${before} before 200 aborted downloads, ${after} after`);
  const whole = await get(port, '/big.bin');
  assert.equal(whole.status, 200);
  assert.equal(whole.body.length, 8 << 20);
});

test('other methods are 405, HEAD has no body, long URLs are refused, and it stays up', async (t) => {
  const root = makeRoot(t);
  const server = await startServer({ port: 0, root, quiet: true });
  t.after(() => server.close());
  const { port } = server.address();
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']) {
    assert.equal((await get(port, '/index.html', { method })).status, 405, method);
  }
  assert.deepEqual(await get(port, '/index.html', { method: 'HEAD' }), { status: 200, body: '' });
  assert.equal((await get(port, '/' + 'a'.repeat(4000))).status, 404);
  // Longer than Node's header limit (16 KiB): refused by the parser, answered 431.
  const reply = await new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET /${'a'.repeat(100000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  assert.match(reply, /^HTTP\/1\.1 431 /);
  assert.equal((await get(port, '/%')).status, 403); // a bad escape
  assert.equal((await get(port, '/index.html')).status, 200);
});

test('1,000 concurrent requests are all answered', async (t) => {
  const root = makeRoot(t);
  const server = await startServer({ port: 0, root, quiet: true });
  t.after(() => server.close());
  const { port } = server.address();
  const paths = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? '/missing' : '/index.html'));
  const replies = await Promise.all(paths.map((path) => get(port, path)));
  for (let i = 0; i < replies.length; i++) {
    assert.deepEqual(replies[i], paths[i] === '/missing' ? { status: 404, body: 'not found\n' } : { status: 200, body: '<p>index</p>' });
  }
});
