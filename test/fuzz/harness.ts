/**
 * Runs mutants through `deid-share deidentify` in batches, as a user would, and checks what users rely on: no
 * crash, no hang (no report entry for too long), bounded peak memory, a report entry for every input, a reason for
 * every refused or withheld one, and no output for them. A crash or hang is pinned on the input after the last
 * report entry (the report is written as the batch goes); the batch then goes on from the input after it.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli-child.js';
import { mutate, seededRandom, type MutationKind } from './mutate.js';

export interface FuzzOptions {
  readonly seed: number;
  readonly mutants: number;
  /** Corpus files to mutate. */
  readonly sources: readonly string[];
  /** Empty folder for mutants, outputs and reports; crashing or hanging mutants are kept in `<workDir>/findings`. */
  readonly workDir: string;
  readonly secretFile: string;
  /** PS3.15 options added to the profile (ps3.15-basic), e.g. clean-pixel-data to decode every frame too. */
  readonly profileOptions?: readonly string[];
  readonly batchSize?: number;
  /** A batch that adds no report entry for this long is hung: it is killed and the input is counted as a hang. */
  readonly perInputTimeoutMs?: number;
  readonly bombs?: boolean;
  /** No new batch starts after this time (ms since the epoch). */
  readonly deadline?: number;
  readonly onBatch?: (done: number, result: FuzzResult) => void;
}

export interface FuzzResult {
  mutants: number;
  entries: number;
  /** Refused or withheld entries that give a reason. */
  entriesWithReason: number;
  notOk: number;
  crashes: string[];
  hangs: string[];
  /** Broken promises: an input without an entry, a refused one with output, an ok one whose output is missing. */
  violations: string[];
  peakRss: number;
  /** Peak RSS of the batch just run (its CLI processes): which batch makes the peak. */
  lastBatchPeakRss: number;
  byKind: Partial<Record<MutationKind, number>>;
  byStatus: Record<'ok' | 'withheld' | 'refused', number>;
}

interface Entry {
  readonly input: string;
  readonly output: string | null;
  readonly status: 'ok' | 'withheld' | 'refused';
  readonly reason: string | null;
}

function readReport(path: string): Entry[] {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Entry[];
  } catch {
    return [];
  }
}

function outputsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.dcm'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Runs one batch of inputs to its end, restarting after a crash or hang (into a fresh output folder each time). */
async function runBatch(inputs: readonly string[], dir: string, options: FuzzOptions, result: FuzzResult): Promise<void> {
  let remaining = [...inputs];
  result.lastBatchPeakRss = 0;
  for (let attempt = 0; remaining.length > 0; attempt++) {
    const report = join(dir, `report-${attempt}.json`);
    let hung = false;
    const run = await runCli(
      [
        'deidentify', '--profile', 'ps3.15-basic', ...(options.profileOptions ?? []).flatMap((option) => ['--option', option]),
        '--secret-file', options.secretFile, '--out', join(dir, `out-${attempt}`), '--report', report, ...remaining,
      ],
      (child) => {
        let seen = 0;
        let since = Date.now();
        const watch = setInterval(() => {
          const count = readReport(report).length;
          if (count !== seen) [seen, since] = [count, Date.now()];
          else if (Date.now() - since > (options.perInputTimeoutMs ?? 20_000)) {
            hung = true;
            child.kill('SIGKILL');
          }
        }, 100);
        child.on('close', () => clearInterval(watch));
      },
    );
    result.peakRss = Math.max(result.peakRss, run.peakRss ?? 0);
    result.lastBatchPeakRss = Math.max(result.lastBatchPeakRss, run.peakRss ?? 0);
    const done = readReport(report);
    checkEntries(done, join(dir, `out-${attempt}`), result);
    remaining = remaining.slice(done.length);
    if (!hung && (run.code === 0 || run.code === 1)) {
      if (remaining.length > 0) result.violations.push(`${remaining.length} input(s) have no report entry after a normal exit`);
      break;
    }
    const culprit = remaining.shift();
    const kept = join(options.workDir, 'findings');
    mkdirSync(kept, { recursive: true });
    if (culprit) copyFileSync(culprit, join(kept, culprit.split('/').at(-1)!));
    const what = `${culprit ?? '(after the last input)'}: ${hung ? 'no report entry for too long' : `exit ${run.code ?? run.signal}: ${run.stderr.slice(-400)}`}`;
    (hung ? result.hangs : result.crashes).push(what);
  }
}

function checkEntries(entries: readonly Entry[], outDir: string, result: FuzzResult): void {
  const outputs = new Set(outputsUnder(outDir));
  for (const entry of entries) {
    result.entries += 1;
    result.byStatus[entry.status] += 1;
    if (entry.status === 'ok') {
      if (!entry.output || !outputs.delete(entry.output)) result.violations.push(`${entry.input}: ok, but its output ${entry.output} is missing`);
      continue;
    }
    result.notOk += 1;
    if (entry.reason && entry.reason.length > 0) result.entriesWithReason += 1;
    else result.violations.push(`${entry.input}: ${entry.status} without a reason`);
    if (entry.output !== null) result.violations.push(`${entry.input}: ${entry.status}, yet an output is named`);
  }
  for (const extra of outputs) result.violations.push(`${extra}: an output file without a report entry`);
}

export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const random = seededRandom(options.seed);
  const batchSize = options.batchSize ?? 250;
  const result: FuzzResult = {
    mutants: 0, entries: 0, entriesWithReason: 0, notOk: 0, crashes: [], hangs: [], violations: [], peakRss: 0, lastBatchPeakRss: 0,
    byKind: {}, byStatus: { ok: 0, withheld: 0, refused: 0 },
  };
  const sources = options.sources.map((path) => readFileSync(path));
  for (let start = 0; start < options.mutants && Date.now() < (options.deadline ?? Infinity); start += batchSize) {
    const dir = join(options.workDir, `batch-${start}`);
    mkdirSync(dir, { recursive: true });
    const inputs: string[] = [];
    for (let i = start; i < Math.min(options.mutants, start + batchSize); i++) {
      const mutant = mutate(sources[Math.floor(random() * sources.length)]!, random, options.bombs ?? true);
      result.byKind[mutant.kind] = (result.byKind[mutant.kind] ?? 0) + 1;
      const path = join(dir, `mutant-${String(i).padStart(6, '0')}-${mutant.kind}.dcm`);
      writeFileSync(path, mutant.bytes);
      inputs.push(path);
    }
    result.mutants += inputs.length;
    await runBatch(inputs, dir, options, result);
    rmSync(dir, { recursive: true, force: true });
    options.onBatch?.(result.mutants, result);
  }
  return result;
}
