/**
 * Lets a forked benchmark worker load TypeScript when the suite itself runs from source (the
 * smoke test under jest). `npm run bench` compiles first and never needs this.
 */
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: false,
    },
  });
  module._compile(outputText, filename);
};
