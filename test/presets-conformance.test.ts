/**
 * Every preset over the real corpus (test/corpus), through the CLI: what it keeps conforms to its IOD as well as the
 * input did (dciodvfy finds no new error) and carries no private element without its private creator, whichever
 * stage (first stage, whitelist, provenance) touched it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseDicom } from '@deid-share/dicom';
import { builtinProfileIds } from '@deid-share/engine';
import { corpusRoot } from './support/corpus.js';
import { orphanPrivateElements } from './support/private-elements.js';
import { dciodvfyFindings, dciodvfyReadableInput, newErrors, type DciodvfyFindings } from './support/dicom-tools.js';

const run = promisify(execFile);
const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;

interface ReportEntry {
  input: string;
  output: string | null;
  status: 'ok' | 'withheld' | 'refused';
}

const inputFindings = new Map<string, DciodvfyFindings>();
async function findingsOfInput(path: string): Promise<DciodvfyFindings> {
  let findings = inputFindings.get(path);
  if (!findings) inputFindings.set(path, (findings = dciodvfyFindings(await dciodvfyReadableInput(path))));
  return findings;
}

async function deidentifyCorpus(profile: string): Promise<ReportEntry[]> {
  const dir = mkdtempSync(join(tmpdir(), `deid-preset-${profile}-`));
  const secret = join(dir, 'project.key');
  writeFileSync(secret, `${'cd'.repeat(32)}\n`, { mode: 0o600 });
  const report = join(dir, 'report.json');
  const args = ['deidentify', '--profile', profile, '--site', 'CORPUS', '--secret-file', secret, '--state', join(dir, 'state', 'state.sqlite'), '--out', join(dir, 'out'), '--report', report, corpusRoot()];
  // Exit 1: the corpus holds files that must be withheld or refused.
  await run(process.execPath, [CLI, ...args], { maxBuffer: 1 << 26 }).catch((error: { code: number; stderr: string }) => {
    if (error.code !== 1) throw new Error(`deidentify --profile ${profile} failed with exit code ${error.code}: ${error.stderr}`);
  });
  const text = readFileSync(report, 'utf8').trim();
  return (text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line) => JSON.parse(line))) as ReportEntry[];
}

// tcia: test/engine-corpus.test.ts runs the same checks over the same corpus.
test.each(builtinProfileIds().filter((id) => id !== 'tcia'))('%s: every output conforms as well as its input, with no orphan private element', async (profile) => {
  const ok = (await deidentifyCorpus(profile)).filter((entry) => entry.status === 'ok');
  expect(ok.length).toBeGreaterThan(100);
  const problems: string[] = [];
  for (const entry of ok) {
    const introduced = newErrors(await findingsOfInput(entry.input), dciodvfyFindings(entry.output!));
    if (introduced.length > 0) problems.push(`${entry.input}: new IOD errors: ${introduced.join(' | ')}`);
    const orphans = orphanPrivateElements(parseDicom(readFileSync(entry.output!)).dataset);
    if (orphans.length > 0) problems.push(`${entry.input}: private elements without their creator: ${orphans.join(', ')}`);
  }
  expect(problems).toEqual([]);
}, 300_000);
