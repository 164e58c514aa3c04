// The Worker of the package's browser test (tests/node/aw_wasm_package.test.mjs), as the
// package's README shows it: compile() and run() in a module Worker, the toolchain fetched from
// the page's origin beside the installed package. Message: files; reply: the run or the error.
import { compile, run } from '../node_modules/aw-wasm/lib/index.js';

onmessage = async ({ data: files }) => {
  try {
    const { wasm } = await compile(files,
      { onProgress: ({ doneLength, totalLength }) => postMessage({ progress: doneLength / totalLength }) });
    const decoder = new TextDecoder();
    let stdout = '';
    let stderr = '';
    const { status } = await run(wasm, {
      stdout: (bytes) => { stdout += decoder.decode(bytes, { stream: true }); },
      stderr: (bytes) => { stderr += decoder.decode(bytes, { stream: true }); },
    });
    postMessage({ status, stdout, stderr });
  } catch (error) {
    postMessage({ error: `${error.name}: ${error.message}`, stage: error.stage, messages: error.messages });
  }
};
