#!/usr/bin/env node
// The `launchplan` command: runs the built code in dist/ (`npm run build`, which `npm install`
// runs in a clone through `prepare`).
const entry = new URL('../dist/cli/main.js', import.meta.url);
const cli = await import(entry.href).catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(entry.pathname)) {
    process.stderr.write('launchplan: dist/ is missing: run `npm run build` in the launchplan folder\n');
    process.exit(2);
  }
  throw error;
});
process.exitCode = await cli.main(process.argv.slice(2));
