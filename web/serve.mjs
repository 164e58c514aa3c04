// A small static server for the playground, with no dependencies: serves this folder (web/) on
// 127.0.0.1 and refuses every path that would leave it.
//
//     node web/serve.mjs [port]        (or PORT=8000; default 8000; 0 picks a free port)
//
// It prints the URL to open. Imported as a module, startServer() returns the http.Server.
// No request can stop it: a file it may not read is 403, one that vanished 404, any other
// failure 500; the file is opened before the answer starts, and closed when the answer ends,
// however it ends (a client that aborts a download included).

import { createServer } from 'node:http';
import { open, stat, realpath } from 'node:fs/promises';
import { pipeline } from 'node:stream';
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
  } catch (error) {
    return error.code === 'EACCES' ? null : undefined; // not allowed to look, or does not exist
  }
}

/** The status that answers a failed open or read of a file the request named. */
function statusOf(error) {
  if (error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'EISDIR') return [403, 'forbidden'];
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [404, 'not found'];
  return [500, 'internal error'];
}

async function answer(request, response, root) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method not allowed');
  const raw = request.url || '/';
  if (!raw.startsWith('/')) return refuse(response, 400, 'bad request');
  const file = await resolveRequestPath(root, raw);
  if (file === null) return refuse(response, 403, 'forbidden');
  if (file === undefined) return refuse(response, 404, 'not found');
  let handle;
  try {
    handle = await open(file, 'r'); // now: it may have gone, or be unreadable, since the check
    const info = await handle.stat();
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
  } catch (error) {
    await handle?.close();
    return refuse(response, ...statusOf(error));
  }
  if (request.method === 'HEAD') {
    await handle.close();
    return response.end();
  }
  // pipeline closes the file however the answer ends: sent, aborted by the client, or failed
  // (then the connection is cut: the status has gone out already).
  pipeline(handle.createReadStream(), response, () => {});
}

export function startServer({ port = 8000, host = '127.0.0.1', root = ROOT, quiet = false } = {}) {
  const server = createServer((request, response) => {
    answer(request, response, root).catch(() => {
      if (!response.headersSent) refuse(response, 500, 'internal error');
      else response.destroy();
    });
  });
  server.on('clientError', (error, socket) => {
    // A request line or header too long, or malformed: answer if the socket still can.
    if (socket.writable) socket.end(`HTTP/1.1 ${error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
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
