/** `deid-share scan` on folders of files that are not necessarily ours: findings by path and kind, never values. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusRoot } from './support/corpus.js';
import { runNodeScript, type ScriptRun } from './support/node-script.js';

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;
const cli = (args: string[]): Promise<ScriptRun> => runNodeScript(CLI, args);

const CT = join(corpusRoot(), 'pydicom/src/pydicom/data/test_files/dicomdirtests/77654033/CT2/17106');

test('a de-identified copy is clean, its original has findings; exit 1, report with kinds and paths only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deid-scan-'));
  writeFileSync(join(dir, 'project.key'), `${'5a'.repeat(32)}\n`, { mode: 0o600 });
  const deidentified = await cli(['deidentify', '--profile', 'tcia', '--site', 'S', '--secret-file', join(dir, 'project.key'), '--state', join(dir, 'state.sqlite'), '--out', join(dir, 'out'), '--report', join(dir, 'deid.json'), CT]);
  expect(deidentified.code).toBe(0);
  const [{ output }] = JSON.parse(readFileSync(join(dir, 'deid.json'), 'utf8'));

  const clean = await cli(['scan', join(dir, 'out')]);
  expect(clean).toMatchObject({ code: 0, stdout: '' });
  expect(clean.stderr).toContain('1 clean, 0 with findings');

  const report = join(dir, 'scan.json');
  const original = await cli(['scan', '--report', report, output, CT]);
  expect(original.code).toBe(1);
  const entries = JSON.parse(readFileSync(report, 'utf8'));
  expect(entries[0]).toEqual({ input: output, status: 'clean', reason: null, findings: [] });
  expect(entries[1]).toMatchObject({ input: CT, status: 'findings', findings: expect.arrayContaining([{ path: '(0010,0010)', kind: 'person-name', how: expect.any(String) }]) });
  // The patient is "Doe^Archibald": neither the report nor the output repeats the name.
  expect(readFileSync(report, 'utf8') + original.stdout).not.toMatch(/Doe|Archibald/);
});
