import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { concatChunks, parseDicom } from '@deid-share/dicom';
import { residualPhiReason, type DeidEngine, type InstanceResult, type ScanFinding } from '@deid-share/engine';
import { dciodvfyFindings, newErrors } from '../dciodvfy.js';
import type { AnswerKey, KeyedFile } from './answer-key.js';
import { checkBlankRegion, regionSubject } from './blank-regions.js';
import type { CheckResult } from './check-result.js';
import { checkElement } from './element-checks.js';

/** dciodvfy before and after: the IOD errors the output has that its input did not. */
export type Conformance = { readonly newErrors: readonly string[] } | { readonly notChecked: string };

export interface FileEvaluation {
  readonly file: string;
  /** What the pipeline would do: an output with residual PHI counts as withheld (the scan withholds it). */
  readonly status: 'ok' | 'withheld' | 'refused';
  readonly reason: string | null;
  /** The residual-PHI scan's findings in the output (it is scored all the same, to show what the first stage left). */
  readonly residualPhi: readonly ScanFinding[];
  /** What the engine did beyond the profile's table: second-stage findings it cleaned, an unknown patient. */
  readonly notes: readonly string[];
  readonly checks: readonly CheckResult[];
  /** Undefined when nothing was written (withheld or refused). */
  readonly conformance: Conformance | undefined;
}

export interface Evaluation {
  readonly files: readonly FileEvaluation[];
  readonly passed: number;
  readonly failed: number;
  readonly notScored: number;
  /** Passed checks as a percentage of scored checks. */
  readonly score: number;
}

export interface EvaluationRun {
  readonly engine: DeidEngine;
  readonly key: AnswerKey;
  /** The folder the key's file names are relative to. */
  readonly folder: string;
  /** Where outputs are written (dciodvfy reads files). */
  readonly outDir: string;
  /** Run dciodvfy before and after (default true). */
  readonly conformance?: boolean;
}

const STATUS_AS_OUTCOME = { ok: 'de-identified', withheld: 'withheld', refused: 'refused' } as const;

function conformanceOf(input: string, output: string): Conformance {
  try {
    return { newErrors: newErrors(dciodvfyFindings(input), dciodvfyFindings(output)) };
  } catch (error) {
    return { notChecked: (error as Error).message };
  }
}

async function evaluateFile(run: EvaluationRun, keyed: KeyedFile): Promise<FileEvaluation> {
  const input = join(run.folder, keyed.file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(input);
  } catch (error) {
    throw new Error(`the answer key names ${keyed.file}, which cannot be read in ${run.folder}: ${(error as Error).message}`);
  }
  // A copy: the engine may clean pixels in the buffer it is given, and the original is compared afterwards.
  // One file the engine trips over is that file's refusal, not the end of the evaluation.
  const result = await run.engine
    .deidentify(bytes.slice(), { withholdOnResidualPhi: false })
    .catch((error: unknown): InstanceResult => ({ status: 'refused', reason: `could not be de-identified: ${(error as Error).message}` }));
  const residualPhi = result.status === 'ok' ? result.residualPhi ?? [] : [];
  const status = residualPhi.length > 0 ? 'withheld' : result.status;
  const reason = result.status === 'ok' ? (residualPhi.length > 0 ? residualPhiReason(residualPhi) : null) : result.reason;
  const outcome = STATUS_AS_OUTCOME[status];
  const outcomeCheck: CheckResult = {
    subject: 'outcome',
    expected: keyed.outcome.join(' or '),
    got: outcome,
    status: (keyed.outcome as readonly string[]).includes(outcome) ? 'pass' : 'fail',
  };
  if (result.status !== 'ok') {
    const skipped = [...keyed.elements.map((element) => element.path), ...keyed.blankRegions.map(regionSubject)];
    const notScored = skipped.map((subject): CheckResult => ({ subject, expected: 'see key', got: `not scored: ${outcome}`, status: 'not scored' }));
    return { file: keyed.file, status: result.status, reason: result.reason, residualPhi, notes: [], checks: [outcomeCheck, ...notScored], conformance: undefined };
  }
  const outputBytes = concatChunks(result.output);
  const outputPath = join(run.outDir, `${keyed.file}.deidentified.dcm`);
  mkdirSync(dirname(outputPath), { recursive: true });
  writeFileSync(outputPath, outputBytes);
  const original = parseDicom(bytes).dataset;
  const output = parseDicom(outputBytes).dataset;
  const checks = [
    outcomeCheck,
    ...keyed.elements.map((element) => checkElement(element, original, output)),
    ...keyed.blankRegions.map((region) => checkBlankRegion(region, output)),
  ];
  const conformance = run.conformance === false ? undefined : conformanceOf(input, outputPath);
  return { file: keyed.file, status, reason, residualPhi, notes: result.notes ?? [], checks, conformance };
}

/** Runs the engine over every file the key names and scores each statement of the key against the output. */
export async function evaluateCorpus(run: EvaluationRun): Promise<Evaluation> {
  const files: FileEvaluation[] = [];
  for (const keyed of run.key.files) files.push(await evaluateFile(run, keyed));
  const all = files.flatMap((file) => file.checks);
  const passed = all.filter((check) => check.status === 'pass').length;
  const failed = all.filter((check) => check.status === 'fail').length;
  return { files, passed, failed, notScored: all.length - passed - failed, score: passed + failed === 0 ? 0 : (100 * passed) / (passed + failed) };
}
