// Files as @yowasp/clang takes them: a tree of { name: subtree | contents }, built from a flat
// map of relative paths ('common/check.h') to contents (strings or bytes).

export function toTree(files, tree = {}) {
  for (const [file, contents] of Object.entries(files)) {
    const parts = file.split('/');
    if (file.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..'))
      throw new Error(`${file}: a file's name must be a relative path without . or .. parts`);
    let dir = tree;
    for (const part of parts.slice(0, -1)) {
      dir[part] ??= {};
      if (typeof dir[part] !== 'object' || ArrayBuffer.isView(dir[part]))
        throw new Error(`${file}: ${part} is a file`);
      dir = dir[part];
    }
    const name = parts[parts.length - 1];
    if (name in dir)
      throw new Error(`${file}: given twice`);
    dir[name] = contents;
  }
  return tree;
}
