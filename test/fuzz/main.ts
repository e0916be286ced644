/**
 * `npm run fuzz`: the long fuzzing run. Prints crashes, hangs, peak RSS and entries with a reason; exits 1 on any
 * crash, hang or broken promise. Options: --mutants N (default 10000), --seed S, --minutes M (stops starting new
 * batches after M minutes, default 30), --option <PS3.15 option> (repeatable; clean-pixel-data decodes every frame),
 * --batch N (mutants per CLI process, default 500; a smaller batch shows which mutants make the peak RSS).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles } from '../support/corpus.js';
import { fuzz, type FuzzResult } from './harness.js';

const MiB = 1024 * 1024;
const { values } = parseArgs({
  options: { mutants: { type: 'string' }, seed: { type: 'string' }, minutes: { type: 'string' }, option: { type: 'string', multiple: true }, batch: { type: 'string' } },
});
const mutants = Number(values.mutants ?? 10_000);
const seed = Number(values.seed ?? 20261206);
const deadline = Date.now() + Number(values.minutes ?? 30) * 60_000;

function summary(result: FuzzResult, seconds: number): string {
  return [
    `mutants ${result.mutants} (seed ${seed}, ps3.15-basic${(values.option ?? []).map((option) => ` + ${option}`).join('')}) in ${seconds.toFixed(0)} s: ${JSON.stringify(result.byKind)}`,
    `report entries ${result.entries}: ok ${result.byStatus.ok}, withheld ${result.byStatus.withheld}, refused ${result.byStatus.refused}`,
    `refused or withheld with a reason: ${result.entriesWithReason} of ${result.notOk}`,
    `crashes ${result.crashes.length}, hangs ${result.hangs.length}, broken promises ${result.violations.length}`,
    `peak RSS of one CLI batch: ${(result.peakRss / MiB).toFixed(0)} MiB`,
  ].join('\n');
}

const workDir = mkdtempSync(join(tmpdir(), 'deid-fuzz-'));
const secretFile = join(workDir, 'project.key');
writeFileSync(secretFile, `${'0f'.repeat(32)}\n`, { mode: 0o600 });
const sources = corpusFiles((file) => file.kind.startsWith('dicom') && file.bytes < 4 * MiB).map((file) => file.absolutePath);
const started = Date.now();
const result = await fuzz({
  seed,
  mutants,
  sources,
  workDir,
  secretFile,
  batchSize: Number(values.batch ?? 500),
  deadline,
  profileOptions: values.option ?? [],
  onBatch: (done, partial) => {
    console.error(`${done}/${mutants}: ${partial.crashes.length} crash(es), ${partial.hangs.length} hang(s), peak RSS ${(partial.peakRss / MiB).toFixed(0)} MiB (this batch ${(partial.lastBatchPeakRss / MiB).toFixed(0)} MiB)`);
  },
});
console.log(summary(result, (Date.now() - started) / 1000));
for (const line of [...result.crashes, ...result.hangs, ...result.violations]) console.log(`  ${line}`);
const failed = result.mutants < mutants || result.crashes.length + result.hangs.length + result.violations.length > 0 || result.entriesWithReason !== result.notOk;
if (result.mutants < mutants) console.log(`time ran out after ${result.mutants} of ${mutants} mutants`);
if (failed) console.log(`failing mutants are kept in ${join(workDir, 'findings')}`);
else rmSync(workDir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
