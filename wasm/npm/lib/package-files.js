// The files this package ships in dist/ (scripts/build.mjs): read from disk in Node, fetched
// from beside this module in browsers.
const isNode = typeof process === 'object' && Boolean(process.versions?.node);
const cache = new Map();

export function packageFile(relative) {
  if (!cache.has(relative)) {
    const url = new URL(`../dist/${relative}`, import.meta.url);
    cache.set(relative, isNode
      ? import('node:fs/promises').then((fs) => fs.readFile(url)).then((data) => new Uint8Array(data))
      : fetch(url).then((response) => {
        if (!response.ok)
          throw new Error(`${url}: ${response.status} ${response.statusText}`);
        return response.arrayBuffer();
      }).then((data) => new Uint8Array(data)));
    cache.get(relative).catch(() => cache.delete(relative));
  }
  return cache.get(relative);
}
