// Compiler and linker diagnostics: the text as clang and wasm-ld print it, and the same as a
// list of { file, line, column, severity, message } for an editor.

const pattern = /^(.+?):(\d+):(\d+): (error|warning|note|fatal error): (.*)$/;

export function parseDiagnostics(text) {
  return text.split('\n').flatMap((line) => {
    const match = pattern.exec(line);
    if (!match)
      return [];
    const [, file, lineNumber, column, severity, message] = match;
    return [{ file, line: Number(lineNumber), column: Number(column),
      severity: severity === 'fatal error' ? 'error' : severity, message }];
  });
}

// A program that did not compile, link or instrument. `stage` is 'compile', 'link' or
// 'asyncify'; `diagnostics` the tool's text; `messages` the parsed diagnostics.
export class CompileError extends Error {
  constructor(stage, diagnostics) {
    super(`${stage} failed:\n${diagnostics}`);
    this.name = 'CompileError';
    this.stage = stage;
    this.diagnostics = diagnostics;
    this.messages = parseDiagnostics(diagnostics);
  }
}
