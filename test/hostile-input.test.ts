/**
 * Hostile input through the deid-share command (issue 10): a huge text value, plain or deflated, costs bounded
 * memory and becomes a report entry with a reason; one such file does not stop a batch; a killed batch leaves a
 * valid report; an unknown transfer syntax is refused by name.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from './support/cli-child.js';
import { corpusRoot } from './support/corpus.js';
import { fileWithTransferSyntax, writeHugeTextFile } from './support/hostile-files.js';

const MiB = 1024 * 1024;
/** The bound the issue sets: 512 MiB plus the largest pixel frame decoded (none here). */
const PEAK_RSS_BOUND = 512 * MiB;
const CT = join(corpusRoot(), 'pydicom/src/pydicom/data/test_files/CT_small.dcm');

interface Entry {
  readonly input: string;
  readonly output: string | null;
  readonly status: 'ok' | 'withheld' | 'refused';
  readonly reason: string | null;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'deid-hostile-'));
  dirs.push(dir);
  const secret = join(dir, 'project.key');
  writeFileSync(secret, `${'0f'.repeat(32)}\n`, { mode: 0o600 });
  return { dir, secret, out: join(dir, 'out'), report: join(dir, 'report.json'), state: join(dir, 'state.sqlite') };
}

function deidentify(w: ReturnType<typeof workspace>, inputs: string[], onStart?: Parameters<typeof runCli>[1]): Promise<CliRun> {
  return runCli(['deidentify', '--profile', 'ps3.15-basic', '--secret-file', w.secret, '--state', w.state, '--out', w.out, '--report', w.report, ...inputs], onStart);
}

function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];
}

function reportOf(w: ReturnType<typeof workspace>): Entry[] {
  return JSON.parse(readFileSync(w.report, 'utf8')) as Entry[];
}

test('a 200 MiB UT value the profile keeps: withheld naming the tag, the batch goes on, peak RSS within 512 MiB', async () => {
  const w = workspace();
  const hostile = join(w.dir, 'huge-text.dcm');
  await writeHugeTextFile(hostile, { mebibytes: 200 });
  const result = await deidentify(w, [CT, hostile, CT]);
  expect(result.code).toBe(1);
  const [first, huge, last] = reportOf(w);
  expect(first).toMatchObject({ input: CT, status: 'ok' });
  expect(huge).toEqual({ input: hostile, output: null, status: 'withheld', reason: expect.stringMatching(/\(0040,A160\) holds 200\.0 MiB of UT.*remove it/) });
  expect(last).toMatchObject({ input: CT, status: 'ok' });
  expect(filesUnder(w.out)).toHaveLength(2);
  expect(result.peakRss).toBeLessThanOrEqual(PEAK_RSS_BOUND);
});

test('the same value deflated into a small file: refused as a possible deflate bomb, peak RSS within 512 MiB', async () => {
  const w = workspace();
  const bomb = join(w.dir, 'deflate-bomb.dcm');
  await writeHugeTextFile(bomb, { mebibytes: 200, deflated: true });
  expect(statSync(bomb).size).toBeLessThan(2 * MiB);
  const result = await deidentify(w, [bomb]);
  expect(result.code).toBe(1);
  expect(reportOf(w)).toEqual([{ input: bomb, output: null, status: 'refused', reason: expect.stringMatching(/inflates to more than 128 MiB.*deflate bomb/) }]);
  expect(filesUnder(w.out)).toEqual([]);
  expect(result.peakRss).toBeLessThanOrEqual(PEAK_RSS_BOUND);
});

test('50 MiB of UT deflated: inflated within the limit, then withheld naming the tag, peak RSS within 512 MiB', async () => {
  const w = workspace();
  const file = join(w.dir, 'deflated-50.dcm');
  await writeHugeTextFile(file, { mebibytes: 50, deflated: true });
  const result = await deidentify(w, [file]);
  expect(result.code).toBe(1);
  expect(reportOf(w)).toEqual([{ input: file, output: null, status: 'withheld', reason: expect.stringContaining('(0040,A160) holds 50.0 MiB of UT') }]);
  expect(result.peakRss).toBeLessThanOrEqual(PEAK_RSS_BOUND);
});

test('a 200 MiB UT value the profile removes is skipped, not read: the instance is de-identified without it', async () => {
  const w = workspace();
  const file = join(w.dir, 'huge-comments.dcm');
  await writeHugeTextFile(file, { mebibytes: 200, tag: 'removed' });
  const result = await deidentify(w, [file]);
  expect(result.code).toBe(0);
  const [entry] = reportOf(w);
  expect(entry).toMatchObject({ input: file, status: 'ok' });
  expect(statSync(entry!.output!).size).toBeLessThan(64 * 1024);
  expect(result.peakRss).toBeLessThanOrEqual(PEAK_RSS_BOUND);
});

test('a file beyond the per-instance budget (--max-instance-mib) is refused without being read', async () => {
  const w = workspace();
  const file = join(w.dir, 'two-mib.dcm');
  await writeHugeTextFile(file, { mebibytes: 2, tag: 'removed' });
  const result = await runCli(['deidentify', '--profile', 'ps3.15-basic', '--secret-file', w.secret, '--out', w.out, '--report', w.report, '--max-instance-mib', '1', file]);
  expect(result.code).toBe(1);
  expect(reportOf(w)).toEqual([{ input: file, output: null, status: 'refused', reason: expect.stringMatching(/^the instance is 2\.0 MiB, more than the per-instance memory budget of 1 MiB/) }]);
  expect(filesUnder(w.out)).toEqual([]);
});

test.each([
  ['9.9.9.9', 'unknown'],
  ['1.2.840.10008.1.2.4.53', 'retired (JPEG Spectral Selection, Non-Hierarchical)'],
])('Transfer Syntax UID %s (%s) is refused, naming the UID; nothing is written', async (uid) => {
  const w = workspace();
  const file = join(w.dir, 'odd-syntax.dcm');
  writeFileSync(file, fileWithTransferSyntax(uid));
  const result = await deidentify(w, [file]);
  expect(result.code).toBe(1);
  expect(reportOf(w)).toEqual([{ input: file, output: null, status: 'refused', reason: expect.stringContaining(`Transfer Syntax UID (0002,0010) is "${uid}"`) }]);
  expect(filesUnder(w.out)).toEqual([]);
});

test('a batch killed midway leaves a valid report, and no output file without an entry', async () => {
  const w = workspace();
  const inputs = join(w.dir, 'inputs');
  mkdirSync(inputs);
  for (let i = 0; i < 400; i++) copyFileSync(CT, join(inputs, `ct-${String(i).padStart(3, '0')}.dcm`));
  const result = await deidentify(w, [inputs], (child) => {
    const poll = setInterval(() => {
      const text = existsSync(w.report) ? readFileSync(w.report, 'utf8') : '';
      if (text.split('\n').length > 12) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('close', () => clearInterval(poll));
  });
  expect(result.signal).toBe('SIGKILL');
  const entries = reportOf(w);
  expect(entries.length).toBeGreaterThanOrEqual(10);
  expect(entries.length).toBeLessThan(400);
  for (const entry of entries) expect(entry).toMatchObject({ status: 'ok', output: expect.any(String) });
  const reported = new Set(entries.map((entry) => entry.output));
  const outputs = filesUnder(w.out).filter((file) => file.endsWith('.dcm'));
  expect(outputs.filter((file) => !reported.has(file))).toEqual([]);
  // The last entry's file may still carry its temporary name if the kill came between entry and rename.
  expect(outputs.length).toBeGreaterThanOrEqual(entries.length - 1);
});
