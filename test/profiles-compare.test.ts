/** `deid-share profiles compare`: the AI4HI tables as Markdown (docs/profiles.md) and CSV. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;
const run = promisify(execFile);
const compare = async (...args: string[]): Promise<string> => (await run(process.execPath, [CLI, 'profiles', 'compare', ...args])).stdout;

test('Markdown: counts per profile, modified by all, treated differently', async () => {
  const text = await compare('ps3.15-basic', 'tcia');
  expect(text).toMatch(/- \*\*Modified by all\*\*: \d+/);
  expect(text).toContain('| profile | modified | modified only by this profile |');
  expect(text).toMatch(/\| `tcia` \| \d+ \| 0 \|/);
  expect(text).toContain("| (0010,1010) | Patient's Age | X | K |");
});

test('CSV: the summary table, and the attribute table with an action column per profile', async () => {
  const summary = (await compare('--format', 'csv', 'ps3.15-basic', 'tcia')).trim().split('\n');
  expect(summary[0]).toBe('profile,modified,modified_only_by_it');
  expect(summary[1]).toMatch(/^ps3\.15-basic,\d+,\d+$/);
  const attributes = (await compare('--format', 'csv', '--table', 'attributes', 'ps3.15-basic', 'tcia')).trim().split('\n');
  expect(attributes[0]).toBe('tag,attribute,ps3.15-basic,tcia,modified_by_all,treated_differently');
  // Tags hold a comma, so CSV quotes them.
  expect(attributes).toContain('"(0010,1010)",Patient\'s Age,X,K,no,yes');
  expect(attributes).toContain('"(0010,0010)",Patient\'s Name,Z,Z,yes,no');
});

test('--basis modify-keep counts as the AI4HI paper does: M or K over the whole dictionary', async () => {
  const text = await compare('--basis', 'modify-keep', 'eucanimage', 'procancer-i');
  expect(text).toContain('every attribute of the DICOM dictionary');
  expect(text).toContain('| (0018,0060) | KVP | K | M |');
  const rows = (await compare('--basis', 'modify-keep', '--format', 'csv', '--table', 'attributes', 'tcia')).trim().split('\n');
  expect(rows).toContain('"(0008,0020)",Study Date,M,yes,no');
  await expect(compare('--basis', 'letters', 'tcia')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--basis must be one of action, modify-keep') });
});

test('an unknown format is a usage error', async () => {
  await expect(compare('--format', 'xlsx', 'tcia')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of markdown, csv') });
});

test('docs/profiles.md shows every preset\'s sources as `profiles sources` prints them', async () => {
  const docs = readFileSync(new URL('../docs/profiles.md', import.meta.url), 'utf8');
  const ids = (await run(process.execPath, [CLI, 'profiles', 'list'])).stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]!);
  for (const id of ids) expect(docs).toContain((await run(process.execPath, [CLI, 'profiles', 'sources', id])).stdout.trim());
});
