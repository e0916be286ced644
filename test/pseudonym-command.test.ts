/** `deid-share pseudonym`: the subject IDs clinical-data tooling needs, equal to what the images carry. */
import { createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { corpusRoot } from './support/corpus.js';

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;
const run = promisify(execFile);
const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
/** The vector in docs/pseudonyms.md, from `openssl dgst -sha512-256 -mac HMAC -macopt hexkey:<KEY>`. */
const VECTOR = { patientId: 'PAT-0001', subjectId: 'bfdca1b271f6d6f0dcfaf9495157cfb33d21fba054d951c17da74095ee935a79' };

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'deid-pseudonym-'));
  const secret = join(dir, 'project.key');
  writeFileSync(secret, `${KEY}\n`, { mode: 0o600 });
  return { dir, secret };
}

const cli = async (args: string[]) => (await run(process.execPath, [CLI, ...args])).stdout;

test('computes the EuCanImage subject ID of the published vector, which node:crypto alone reproduces', async () => {
  const { secret } = workspace();
  expect(createHmac('sha512-256', Buffer.from(KEY, 'hex')).update(VECTOR.patientId).digest('hex')).toBe(VECTOR.subjectId);
  const stdout = await cli(['pseudonym', '--profile', 'eucanimage', '--secret-file', secret, VECTOR.patientId, 'A,B']);
  const lines = stdout.trim().split('\n');
  expect(lines[0]).toBe('patient_id,subject_id');
  expect(lines[1]).toBe(`${VECTOR.patientId},${VECTOR.subjectId}`);
  expect(lines[2]).toMatch(/^"A,B",[0-9a-f]{64}$/);
});

test('replaces the patient ID column of a clinical CSV and keeps every other cell, quotes included', async () => {
  const { dir, secret } = workspace();
  const input = join(dir, 'clinical.csv');
  const output = join(dir, 'clinical-pseudonymised.csv');
  writeFileSync(input, 'mrn,age,note\r\nPAT-0001,54,"said ""hi"", then left"\r\n');
  await cli(['pseudonym', '--profile', 'eucanimage', '--secret-file', secret, '--csv', input, '--column', 'mrn', '--out', output]);
  expect(readFileSync(output, 'utf8')).toBe(`mrn,age,note\n${VECTOR.subjectId},54,"said ""hi"", then left"\n`);
});

test('the images and the command give the same subject ID', async () => {
  const { dir, secret } = workspace();
  const mappings = join(dir, 'linkage');
  const ct = join(corpusRoot(), 'pydicom/src/pydicom/data/test_files/CT_small.dcm');
  await cli(['deidentify', '--profile', 'eucanimage', '--secret-file', secret, '--state', join(dir, 'state.sqlite'), '--out', join(dir, 'out'), '--mappings', mappings, ct]);
  const [, patient] = readFileSync(join(mappings, 'patid_mapping.csv'), 'utf8').trim().split('\n');
  const [original, pseudonym] = patient!.split(',');
  expect(await cli(['pseudonym', '--profile', 'eucanimage', '--secret-file', secret, original!])).toBe(`patient_id,subject_id\n${original},${pseudonym}\n`);
});

test.each([
  [['pseudonym', '--profile', 'primage', '--secret-file', 'KEY', 'x'], /template scheme, whose pseudonyms are drawn when studies are shared/],
  [['pseudonym', '--profile', 'eucanimage', '--secret-file', 'KEY'], /patient IDs as arguments, or --csv/],
  [['pseudonym', '--profile', 'eucanimage', '--secret-file', 'KEY', '--csv', 'CSV', '--column', 'patient'], /no column "patient".*mrn, age/],
])('usage errors say what to do: %j', async (args, message) => {
  const { dir, secret } = workspace();
  const csv = join(dir, 'c.csv');
  writeFileSync(csv, 'mrn,age\n1,2\n');
  const resolved = args.map((arg) => (arg === 'KEY' ? secret : arg === 'CSV' ? csv : arg));
  await expect(run(process.execPath, [CLI, ...resolved])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
});
