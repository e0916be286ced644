import { readFileSync, writeFileSync } from 'node:fs';
import { DicomParseError, makeTag, parseDicom, stringValue } from '@deid-share/dicom';
import { effectiveOptions, loadProfile, scanExceptionsFor, scanForResidualPhi, type ScanExceptions, type ScanFinding } from '@deid-share/engine';
import { parseCommandArgs } from '../arguments.js';
import { listInputFiles } from '../input-files.js';
import { UsageError } from '../usage.js';

export interface ScanReportEntry {
  readonly input: string;
  readonly status: 'clean' | 'findings' | 'refused';
  /** Why a file could not be scanned; null otherwise. */
  readonly reason: string | null;
  /** Where and what kind, never the value. */
  readonly findings: readonly ScanFinding[];
}

const PATIENT_ID = makeTag(0x0010, 0x0020);

/**
 * Without the original, the scan looks for patterns and for names that are no pseudonym: the Patient ID of a
 * de-identified file is its pseudonym, so a Patient's Name equal to it is one too.
 */
function scanFile(input: string, exceptions: ScanExceptions): ScanReportEntry {
  let dataset;
  try {
    dataset = parseDicom(readFileSync(input)).dataset;
  } catch (error) {
    if (!(error instanceof DicomParseError)) throw error;
    return { input, status: 'refused', reason: `not readable as DICOM: ${error.message}`, findings: [] };
  }
  const pseudonym = stringValue(dataset, PATIENT_ID) ?? '';
  const findings = scanForResidualPhi(dataset, { pseudonyms: new Set(pseudonym ? [pseudonym] : []), exceptions });
  return { input, status: findings.length > 0 ? 'findings' : 'clean', reason: null, findings };
}

export async function runScan(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { profile: { type: 'string' }, report: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('name at least one file or folder to scan');
  const profile = values.profile ? loadProfile(values.profile).profile : undefined;
  const exceptions = scanExceptionsFor(profile?.scanExceptions ?? [], profile ? effectiveOptions(profile) : []);
  const report = (await listInputFiles(positionals)).map((input) => scanFile(input, exceptions));
  for (const entry of report) {
    if (entry.status === 'refused') console.log(`${entry.input}: not scanned: ${entry.reason}`);
    for (const finding of entry.findings) console.log(`${entry.input}: ${finding.kind} in ${finding.path} (${finding.how})`);
  }
  if (values.report) writeFileSync(values.report, JSON.stringify(report, null, 2) + '\n');
  const withFindings = report.filter((entry) => entry.status === 'findings').length;
  const refused = report.filter((entry) => entry.status === 'refused').length;
  console.error(`scanned ${report.length} file(s): ${report.length - withFindings - refused} clean, ${withFindings} with findings, ${refused} not DICOM`);
  return withFindings + refused === 0 ? 0 : 1;
}
