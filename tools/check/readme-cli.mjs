#!/usr/bin/env node
// Runs every `npx deid-share` line of the README's command-line section, as a reader would type it after
// `npm ci`, with its placeholders filled in. CI runs it right after `npm ci` on its fresh clone (.ci/run), so a
// command that npm did not link, or a README line that no longer parses, fails the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLE_FOLDER = 'test/corpus/pydicom/src/pydicom/data/test_files';
const SAMPLE_FILE = 'CT_small.dcm';

/** The `npx deid-share` lines of the README's "The command line" code block, continuation lines joined. */
function readmeLines() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('The command line'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md has no ```sh block under "## The command line"');
  return block[1]
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx deid-share'));
}

/** The line with optional parts dropped, the first of each `(a | b)` choice taken, each placeholder given a value. */
function filled(line, values) {
  const words = line
    .replace(/\[[^\]]*\](\.\.\.)?/g, '')
    .replace(/\(([^()|]*)\|[^()]*\)/g, '$1')
    .trim()
    .split(/\s+/)
    .slice(2);
  return words.flatMap((word, index) => {
    if (!/^<.*>(\.\.\.)?$/.test(word)) return [word];
    const value = values[`${words[index - 1] ?? ''} ${word}`] ?? values[word];
    if (value === undefined) throw new Error(`README line "${line}": no value for ${word}; teach tools/check/readme-cli.mjs one`);
    return value;
  });
}

const work = mkdtempSync(join(tmpdir(), 'readme-cli-'));
try {
  const secretFile = join(work, 'project.key');
  writeFileSync(secretFile, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const keyFile = join(work, 'answer-key.json');
  writeFileSync(keyFile, JSON.stringify({ format: 'deid-share-answer-key/1', files: [{ file: SAMPLE_FILE, elements: [{ path: '(0010,0010)', expect: 'replaced' }] }] }));
  const values = {
    '--profile <id|file>': ['eucanimage'], // keyed-hash: no site code, no state file
    '<id>': ['tcia'],
    '<id|file>...': ['tcia', 'eucanimage'],
    '--secret-file <file>': [secretFile],
    '--out <dir>': [join(work, 'out')],
    '--key <answer-key.json>': [keyFile],
    '<file-or-folder>...': [join(SAMPLE_FOLDER, SAMPLE_FILE)],
    '<folder>': [SAMPLE_FOLDER],
    '<patient-id>...': ['MRN-0001', 'MRN-0002'],
  };
  const lines = readmeLines();
  if (lines.length === 0) throw new Error('README.md lists no `npx deid-share` line');
  let failed = 0;
  for (const line of lines) {
    const args = filled(line, values);
    const result = spawnSync('npx', ['--no-install', 'deid-share', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: work } });
    // 1 is an answer about the data (something withheld, a check missed); "not found", a crash or a usage error is not.
    const ran = result.status === 0 || (result.status === 1 && /^(deidentify|scan|evaluate)$/.test(args[0] ?? '') && result.stderr.trim() === '');
    console.log(`${ran ? 'ok  ' : 'FAIL'} (exit ${result.status}) npx deid-share ${args.join(' ')}`);
    if (!ran) {
      failed++;
      console.log(`${result.stdout}${result.stderr}`.trim().split('\n').slice(0, 10).map((text) => `     ${text}`).join('\n'));
    }
  }
  console.log(failed === 0 ? `the README's ${lines.length} CLI lines run` : `${failed} of the README's ${lines.length} CLI lines failed`);
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
