// Reference for `npm run bench`: what a Node program pays to read and write the series the way the CLI does (one
// reused buffer, synchronous reads, one writev per output), with nothing done in between.
//   node bench/node-copy.mjs <input folder> <output folder>
import { closeSync, mkdirSync, openSync, readdirSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { ReusableFileReader } from 'deid-share/dist/reusable-file-reader.js';

const [input, output] = process.argv.slice(2);
mkdirSync(output, { recursive: true });
const reader = new ReusableFileReader();
for (const name of readdirSync(input)) {
  const bytes = reader.read(join(input, name));
  const fd = openSync(join(output, name), 'w');
  try {
    writevSync(fd, [bytes]);
  } finally {
    closeSync(fd);
  }
}
