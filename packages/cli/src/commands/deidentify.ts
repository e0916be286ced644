import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createEngine, loadProfile, MAX_INSTANCE_BYTES, pseudonymScheme, type InstanceResult, type PixelReport } from '@deid-share/engine';
import { assertStateOutsideOutput, defaultStatePath, openStateStore, readSecretFile } from '@deid-share/state';
import { optionIds, parseCommandArgs } from '../arguments.js';
import { listInputFiles } from '../input-files.js';
import { ReportFile } from '../report-file.js';
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
  /** For ok entries: what the engine did beyond the profile's table (unknown patient, second-stage findings cleaned). */
  readonly notes?: readonly string[];
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
  'max-instance-mib': { type: 'string' },
} as const;

function instanceBudget(value: string | undefined): number {
  if (value === undefined) return MAX_INSTANCE_BYTES;
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new UsageError(`--max-instance-mib ${value} is not a whole number of MiB between 1 and 999999`);
  return Number(value) * 1024 * 1024;
}

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
  const maxInstanceBytes = instanceBudget(values['max-instance-mib']);

  const outDir = resolve(values.out);
  const statePath = resolve(values.state ?? defaultStatePath());
  assertStateOutsideOutput(statePath, outDir);
  if (values.mappings) assertStateOutsideOutput(join(resolve(values.mappings), 'uid_mapping.csv'), outDir);

  const profile = loadProfile(values.profile);
  const { secret, warning } = await readSecretFile(values['secret-file']);
  if (warning) console.error(`warning: ${warning}`);
  // Hash and random-unlinked pseudonyms keep nothing: the state file is opened (and created) only for linkage.
  const store = pseudonymScheme(profile.profile.pseudonym.scheme).keepsLinkage ? await openStateStore(statePath) : undefined;
  try {
    const engine = createEngine({
      profile,
      extraOptions,
      secret,
      ...(store ? { store: store.pseudonyms } : {}),
      ...(values.site ? { siteId: values.site } : {}),
      jobId: `cli-${randomUUID()}`,
    });
    const inputs = await listInputFiles(positionals);
    const patientIds = new Map<string, string>();
    const counts = { ok: 0, withheld: 0, refused: 0 };
    const report = values.report ? new ReportFile<ReportEntry>(values.report) : undefined;
    const record = (entry: ReportEntry): void => {
      report?.append(entry);
      counts[entry.status] += 1;
    };
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

    /**
     * One input, isolated: whatever goes wrong becomes its report entry. The output is written under a temporary
     * name, its entry is recorded, and only then is it renamed, so no output file ever lacks a report entry.
     */
    const processOne = async (input: string): Promise<void> => {
      let result: InstanceResult;
      try {
        result = await engine.deidentify(reader.read(input, maxInstanceBytes));
      } catch (error) {
        result = { status: 'refused', reason: (error as Error).message };
      }
      if (result.status !== 'ok') {
        record({ input, output: null, status: result.status, reason: result.reason });
        return;
      }
      const { studyInstanceUID, seriesInstanceUID, sopInstanceUID } = result.result;
      const output = claimOutputPath(join(outDir, studyInstanceUID, seriesInstanceUID, sopInstanceUID));
      const partial = `${output}.partial`;
      try {
        const dir = dirname(output);
        if (!createdDirs.has(dir)) {
          mkdirSync(dir, { recursive: true });
          createdDirs.add(dir);
        }
        writeOutput(partial, result.output);
      } catch (error) {
        rmSync(partial, { force: true });
        record({ input, output: null, status: 'withheld', reason: `de-identified, but the output could not be written: ${(error as Error).message}` });
        return;
      }
      // An unknown patient's pseudonym stands for one study: there is no original ID to map.
      if (result.original.patientId.trim() !== '') patientIds.set(result.original.patientId, result.result.patientId);
      const duplicate = output.endsWith(`${sopInstanceUID}.dcm`) ? null : 'another input has the same SOP Instance UID; both copies were kept';
      record({ input, output, status: 'ok', reason: duplicate, ...(result.notes ? { notes: result.notes } : {}), ...(result.pixels ? { pixels: result.pixels } : {}) });
      renameSync(partial, output);
    };

    try {
      for (const input of inputs) await processOne(input);
    } finally {
      report?.close();
    }

    if (values.mappings) {
      await mkdir(values.mappings, { recursive: true, mode: 0o700 });
      await writeMappings(values.mappings, engine.uidMappings(), patientIds);
    }
    console.error(`de-identified ${counts.ok}, withheld ${counts.withheld}, refused ${counts.refused} of ${inputs.length} file(s)`);
    return counts.ok === inputs.length ? 0 : 1;
  } finally {
    await store?.close();
  }
}
