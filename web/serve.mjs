// A small static server for the playground, with no dependencies: serves this folder (web/) on
// 127.0.0.1 and refuses every path that would leave it.
//
//     node web/serve.mjs [port]        (or PORT=8000; default 8000; 0 picks a free port)
//
// It prints the URL to open. Imported as a module, startServer() returns the http.Server.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, realpath } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.wasm': 'application/wasm',
  '.c': 'text/plain; charset=utf-8',
  '.h': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function refuse(response, code, text) {
  response.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(`${text}\n`);
}

/** The file under root that a request path names, or null if it is outside root or invalid. */
export async function resolveRequestPath(root, rawPath) {
  let path;
  try {
    path = decodeURIComponent(rawPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  // Any "." or ".." segment is refused outright, before and after decoding.
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const full = resolve(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    const real = await realpath(full); // no way out through a symbolic link either
    if (real !== root && !real.startsWith(root + sep)) return null;
    const info = await stat(real);
    if (info.isDirectory()) return resolveRequestPath(root, `${path.replace(/\/$/, '')}/index.html`);
    return info.isFile() ? real : null;
  } catch {
    return undefined; // does not exist
  }
}

export function startServer({ port = 8000, host = '127.0.0.1', root = ROOT, quiet = false } = {}) {
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method not allowed');
    const raw = request.url || '/';
    if (!raw.startsWith('/')) return refuse(response, 400, 'bad request');
    const file = await resolveRequestPath(root, raw);
    if (file === null) return refuse(response, 403, 'forbidden');
    if (file === undefined) return refuse(response, 404, 'not found');
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      if (!quiet) {
        const { port: bound } = server.address();
        console.log(`aw playground: http://${host}:${bound}/`);
        console.log('(serving ' + root + '; Ctrl-C stops)');
      }
      resolvePromise(server);
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: bad port "${process.argv[2] ?? process.env.PORT}"`);
    process.exit(2);
  }
  startServer({ port }).catch((error) => {
    console.error(`serve.mjs: ${error.message}`);
    process.exit(1);
  });
}
