/** `deid-share deidentify` over the whole repo corpus under one profile, as users run it: its exit code and report. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusRoot } from './corpus.js';
import { runNodeScript } from './node-script.js';

const CLI = new URL('../../packages/cli/dist/main.js', import.meta.url).pathname;

export interface CorpusReportEntry {
  input: string;
  output: string | null;
  status: 'ok' | 'withheld' | 'refused';
  reason: string | null;
  notes?: string[];
}

/** Exit 0 or 1 (some input withheld or refused) is a run; any other exit code fails with what the CLI printed. */
export async function deidentifyCorpus(profile: string): Promise<{ code: number; report: CorpusReportEntry[] }> {
  const dir = mkdtempSync(join(tmpdir(), `deid-corpus-${profile}-`));
  const secret = join(dir, 'project.key');
  writeFileSync(secret, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const report = join(dir, 'report.json');
  const { code, stderr } = await runNodeScript(CLI, [
    'deidentify', '--profile', profile, '--site', 'CORPUS', '--secret-file', secret,
    '--state', join(dir, 'state', 'state.sqlite'), '--out', join(dir, 'out'), '--report', report, corpusRoot(),
  ]);
  if (code !== 0 && code !== 1) throw new Error(`deidentify --profile ${profile} failed with exit code ${code}: ${stderr}`);
  return { code, report: JSON.parse(readFileSync(report, 'utf8')) as CorpusReportEntry[] };
}
