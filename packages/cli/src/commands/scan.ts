import { DicomParseError, makeTag, parseDicom, stringValue } from '@deid-share/dicom';
import { effectiveOptions, loadProfile, scanExceptionsFor, scanForResidualPhi, type ScanExceptions, type ScanFinding } from '@deid-share/engine';
import { parseCommandArgs } from '../arguments.js';
import { listInputFiles } from '../input-files.js';
import { ReportFile } from '../report-file.js';
import { ReusableFileReader } from '../reusable-file-reader.js';
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
function scanFile(input: string, reader: ReusableFileReader, exceptions: ScanExceptions): ScanReportEntry {
  try {
    const { dataset } = parseDicom(reader.read(input));
    const pseudonym = stringValue(dataset, PATIENT_ID) ?? '';
    const findings = scanForResidualPhi(dataset, { pseudonyms: new Set(pseudonym ? [pseudonym] : []), exceptions });
    return { input, status: findings.length > 0 ? 'findings' : 'clean', reason: null, findings };
  } catch (error) {
    // One file that cannot be scanned (unreadable, too large, a value too large to read) stops nothing else.
    const reason = error instanceof DicomParseError ? `not readable as DICOM: ${error.message}` : `not scanned: ${(error as Error).message}`;
    return { input, status: 'refused', reason, findings: [] };
  }
}

export async function runScan(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { profile: { type: 'string' }, report: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('name at least one file or folder to scan');
  const profile = values.profile ? loadProfile(values.profile).profile : undefined;
  const exceptions = scanExceptionsFor(profile?.scanExceptions ?? [], profile ? effectiveOptions(profile) : []);
  const inputs = await listInputFiles(positionals);
  const reportFile = values.report ? new ReportFile<ScanReportEntry>(values.report) : undefined;
  const reader = new ReusableFileReader();
  const counts = { clean: 0, findings: 0, refused: 0 };
  try {
    for (const input of inputs) {
      const entry = scanFile(input, reader, exceptions);
      reportFile?.append(entry);
      counts[entry.status] += 1;
      if (entry.status === 'refused') console.log(`${entry.input}: not scanned: ${entry.reason}`);
      for (const finding of entry.findings) console.log(`${entry.input}: ${finding.kind} in ${finding.path} (${finding.how})`);
    }
  } finally {
    reportFile?.close();
  }
  console.error(`scanned ${inputs.length} file(s): ${counts.clean} clean, ${counts.findings} with findings, ${counts.refused} not scanned`);
  return counts.findings + counts.refused === 0 ? 0 : 1;
}
