#!/usr/bin/env node
// The command npm links as `deid-share`. It is committed, not built: npm links a workspace's bin while installing,
// before `prepare` has built dist/, and skips a bin whose file is missing, so after `npm ci` on a fresh clone the
// command would be "not found". This file is always there and runs the built entry point.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('deid-share is not built yet: run `npm run build` in the repository (`npm ci` runs it as `prepare`).');
  process.exit(1);
}
await import(entry.href);
