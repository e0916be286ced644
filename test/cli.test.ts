/** The deid-share command as other tools call it: exit codes, report, mapping files, where linkage may live. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusRoot } from './support/corpus.js';
import { runNodeScript, type ScriptRun } from './support/node-script.js';

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;
const cli = (args: string[]): Promise<ScriptRun> => runNodeScript(CLI, args);

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'deid-cli-'));
  const secret = join(dir, 'project.key');
  writeFileSync(secret, `${'0f'.repeat(32)}\n`, { mode: 0o600 });
  return { dir, secret, state: join(dir, 'state', 'state.sqlite'), out: join(dir, 'out') };
}

const CT = join(corpusRoot(), 'pydicom/src/pydicom/data/test_files/CT_small.dcm');
const NOT_DICOM = join(corpusRoot(), 'pydicom/src/pydicom/data/test_files/README.txt');

test('exit 0, one output and an ok report entry when every input is de-identified', async () => {
  const w = workspace();
  const report = join(w.dir, 'report.json');
  const result = await cli(['deidentify', '--profile', 'ps3.15-basic', '--secret-file', w.secret, '--state', w.state, '--out', w.out, '--report', report, CT]);
  expect(result.code).toBe(0);
  const entries = JSON.parse(readFileSync(report, 'utf8'));
  // The CT's pixels were screened for burned-in text (no option needed) and nothing was found.
  expect(entries).toEqual([{ input: CT, output: expect.stringMatching(/\/2\.25\.\d+\/2\.25\.\d+\/2\.25\.\d+\.dcm$/), status: 'ok', reason: null, pixels: { screened: true, masked: [] } }]);
  expect(readFileSync(entries[0].output).subarray(128, 132).toString()).toBe('DICM');
});

test('opens the state file only for a profile whose pseudonyms keep linkage (template), not for keyed hashes', async () => {
  const hashed = workspace();
  expect((await cli(['deidentify', '--profile', 'ps3.15-basic', '--secret-file', hashed.secret, '--state', hashed.state, '--out', hashed.out, CT])).code).toBe(0);
  expect(existsSync(hashed.state)).toBe(false);
  const numbered = workspace();
  expect((await cli(['deidentify', '--profile', 'tcia', '--site', 'SITE1', '--secret-file', numbered.secret, '--state', numbered.state, '--out', numbered.out, CT])).code).toBe(0);
  expect(existsSync(numbered.state)).toBe(true);
});

test('a study with an empty Patient ID is written, and its report entry says the patient identity was unknown', async () => {
  const w = workspace();
  const report = join(w.dir, 'report.json');
  const mappings = join(w.dir, 'linkage');
  const unknown = join(corpusRoot(), 'fo-dicom/Tests/FO-DICOM.Tests/Test Data/GH220.dcm');
  const result = await cli(['deidentify', '--profile', 'ps3.15-basic', '--secret-file', w.secret, '--out', w.out, '--report', report, '--mappings', mappings, unknown]);
  expect(result.code).toBe(0);
  const [entry] = JSON.parse(readFileSync(report, 'utf8'));
  expect(entry).toMatchObject({ status: 'ok', notes: [expect.stringMatching(/^patient identity unknown \(empty Patient ID\)/)] });
  expect(existsSync(entry.output)).toBe(true);
  // No original ID to map: the patient mapping has its header only.
  expect(readFileSync(join(mappings, 'patid_mapping.csv'), 'utf8').trim()).toBe('id_old,id_new');
});

test('exit 1 and a refused entry with the reason when an input is not DICOM; the other input is still written', async () => {
  const w = workspace();
  const report = join(w.dir, 'report.json');
  const result = await cli(['deidentify', '--profile', 'ps3.15-basic', '--secret-file', w.secret, '--state', w.state, '--out', w.out, '--report', report, CT, NOT_DICOM]);
  expect(result.code).toBe(1);
  const [ok, refused] = JSON.parse(readFileSync(report, 'utf8'));
  expect(ok.status).toBe('ok');
  expect(refused).toEqual({ input: NOT_DICOM, output: null, status: 'refused', reason: expect.stringContaining('not a DICOM file') });
});

test.each([
  [['deidentify', '--secret-file', 'x', '--out', 'y', 'z'], /--profile is required/],
  [['deidentify', '--profile', 'tcia', '--secret-file', 'x', '--out', 'y', '--option', 'retain-everything', 'z'], /retain-everything/],
  [['frobnicate'], /unknown command/],
])('exit 2 with the usage on a usage error: %j', async (args, message) => {
  const result = await cli(args as string[]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain('Usage:');
});

test('writes MIDI-B mapping files and refuses to keep linkage inside the output folder', async () => {
  const w = workspace();
  const mappings = join(w.dir, 'linkage');
  const ok = await cli(['deidentify', '--profile', 'eucanimage', '--secret-file', w.secret, '--state', w.state, '--out', w.out, '--mappings', mappings, CT]);
  expect(ok.code).toBe(0);
  const uids = readFileSync(join(mappings, 'uid_mapping.csv'), 'utf8').trim().split('\n');
  expect(uids[0]).toBe('id_old,id_new');
  expect(uids).toContainEqual(expect.stringMatching(/^1\.3\.6\.1\.4\.1\.5962\.1\.1\.1\.1\.1\.20040119072730\.12322,2\.25\.\d+$/));
  const patients = readFileSync(join(mappings, 'patid_mapping.csv'), 'utf8').trim().split('\n');
  expect(patients).toEqual(['id_old,id_new', expect.stringMatching(/^1CT1,[0-9a-f]{64}$/)]);

  mkdirSync(w.out, { recursive: true });
  const inside = await cli(['deidentify', '--profile', 'eucanimage', '--secret-file', w.secret, '--state', join(w.out, 'state.sqlite'), '--out', w.out, CT]);
  expect(inside.code).not.toBe(0);
  expect(inside.stderr).toMatch(/state|linkage/i);
});

test('a missing secret file is explained with how to create one', async () => {
  const w = workspace();
  const result = await cli(['deidentify', '--profile', 'tcia', '--secret-file', join(w.dir, 'missing.key'), '--state', w.state, '--out', w.out, CT]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/missing\.key.*openssl rand -hex 32/);
});
