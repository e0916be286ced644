import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writevSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createPseudonymizer, DeidEngine, keepsLinkage, loadProfile, type InstanceResult, type PixelReport } from '@deid-share/engine';
import { assertStateOutsideOutput, defaultStatePath, openStateStore, readSecretFile } from '@deid-share/state';
import { optionIds, parseCommandArgs } from '../arguments.js';
import { listInputFiles } from '../input-files.js';
import { ReusableFileReader } from '../reusable-file-reader.js';
import { writeMappings } from '../mappings.js';
import { UsageError } from '../usage.js';

export interface ReportEntry {
  readonly input: string;
  readonly output: string | null;
  readonly status: 'ok' | 'withheld' | 'refused';
  readonly reason: string | null;
  /** Images: whether their pixels were screened for burned-in text, and the boxes masked (never the text). */
  readonly pixels?: PixelReport;
}

const OPTIONS = {
  profile: { type: 'string' },
  option: { type: 'string', multiple: true },
  'secret-file': { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  mappings: { type: 'string' },
  state: { type: 'string' },
  site: { type: 'string' },
} as const;

/**
 * Synchronous file I/O on purpose: the engine's work per file is shorter than a thread-pool round trip, so
 * promise-based reads and writes cost more than they overlap (measured in bench/engine.mjs).
 */
function writeOutput(path: string, chunks: readonly Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    const expected = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const written = writevSync(fd, chunks as Uint8Array[]);
    if (written !== expected) throw new Error(`only ${written} of ${expected} bytes could be written to ${path}: is the disk full?`);
  } finally {
    closeSync(fd);
  }
}

export async function runDeidentify(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (!values.profile) throw new UsageError('--profile is required');
  if (!values['secret-file']) throw new UsageError('--secret-file is required (create one with: openssl rand -hex 32 > project.key)');
  if (!values.out) throw new UsageError('--out is required');
  if (positionals.length === 0) throw new UsageError('name at least one input file or folder');
  const extraOptions = optionIds(values.option);

  const outDir = resolve(values.out);
  const statePath = resolve(values.state ?? defaultStatePath());
  assertStateOutsideOutput(statePath, outDir);
  if (values.mappings) assertStateOutsideOutput(join(resolve(values.mappings), 'uid_mapping.csv'), outDir);

  const profile = loadProfile(values.profile);
  const { secret, warning } = await readSecretFile(values['secret-file']);
  if (warning) console.error(`warning: ${warning}`);
  // Hash and random-unlinked pseudonyms keep nothing: the state file is opened (and created) only for linkage.
  const store = keepsLinkage(profile.profile.pseudonym.scheme) ? await openStateStore(statePath) : undefined;
  try {
    const pseudonymizer = createPseudonymizer(profile.profile.pseudonym, {
      secret,
      ...(store ? { store: store.pseudonyms } : {}),
      ...(values.site ? { siteId: values.site } : {}),
    });
    const engine = new DeidEngine({ profile, extraOptions, secret, pseudonymizer, jobId: `cli-${randomUUID()}` });
    const inputs = await listInputFiles(positionals);
    const patientIds = new Map<string, string>();
    const report: ReportEntry[] = new Array(inputs.length);
    const reader = new ReusableFileReader();
    const createdDirs = new Set<string>();
    const claimedPaths = new Set<string>();
    // Two inputs with one SOP Instance UID (the same image in two encodings) must not overwrite each other.
    const claimOutputPath = (base: string): string => {
      let path = `${base}.dcm`;
      for (let copy = 2; claimedPaths.has(path); copy++) path = `${base}-${copy}.dcm`;
      claimedPaths.add(path);
      return path;
    };

    const processOne = async (index: number): Promise<void> => {
      const input = inputs[index]!;
      let result: InstanceResult;
      try {
        result = await engine.deidentify(reader.read(input));
      } catch (error) {
        result = { status: 'refused', reason: (error as Error).message };
      }
      if (result.status !== 'ok') {
        report[index] = { input, output: null, status: result.status, reason: result.reason };
        return;
      }
      const { studyInstanceUID, seriesInstanceUID, sopInstanceUID } = result.result;
      const output = claimOutputPath(join(outDir, studyInstanceUID, seriesInstanceUID, sopInstanceUID));
      const dir = dirname(output);
      if (!createdDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        createdDirs.add(dir);
      }
      writeOutput(output, result.output);
      patientIds.set(result.original.patientId, result.result.patientId);
      const duplicate = output.endsWith(`${sopInstanceUID}.dcm`) ? null : 'another input has the same SOP Instance UID; both copies were kept';
      report[index] = { input, output, status: 'ok', reason: duplicate, ...(result.pixels ? { pixels: result.pixels } : {}) };
    };

    for (let index = 0; index < inputs.length; index++) await processOne(index);

    if (values.report) await writeFile(values.report, JSON.stringify(report, null, 2) + '\n');
    if (values.mappings) {
      await mkdir(values.mappings, { recursive: true, mode: 0o700 });
      await writeMappings(values.mappings, engine.uidMappings(), patientIds);
    }
    const counts = { ok: 0, withheld: 0, refused: 0 };
    for (const entry of report) counts[entry.status] += 1;
    console.error(`de-identified ${counts.ok}, withheld ${counts.withheld}, refused ${counts.refused} of ${inputs.length} file(s)`);
    return counts.ok === inputs.length ? 0 : 1;
  } finally {
    await store?.close();
  }
}
