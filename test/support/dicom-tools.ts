/**
 * Independent DICOM checkers from Debian packages, used as referees in tests: dcmtk's dcmdump (does the file still
 * parse?) and dicom3tools' dciodvfy (does it still conform to its IOD?). Both must be on PATH
 * (tools/install-system-packages.sh installs dcmtk and dicom3tools).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

const TIMEOUT_MS = 120_000;

function run(tool: string, args: readonly string[]): SpawnSyncReturns<string> {
  const result = spawnSync(tool, args, {
    encoding: 'latin1',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    timeout: TIMEOUT_MS,
  });
  // A missing tool must fail the test loudly, not look like a broken file.
  if (result.error) throw new Error(`${tool} could not be run: ${result.error.message}`);
  return result;
}

/**
 * dcmdump's parsing options, pinned so that a changed dcmtk default cannot loosen or tighten the check.
 * Strict about broken encodings: any parse error stops reading (--handle-parse-errors, --stop-on-error), so
 * values running past the end of the file, invalid tags, missing delimiters, undefined-length OB/OW outside
 * encapsulated pixel data and explicit-length encapsulated pixel data all fail. Tolerant of harmless vendor
 * quirks that every toolkit reads: odd value lengths, non-standard VRs (read as UN), undefined-length UN
 * sequences (CP-246), dcmtk's small automatic corrections; wrong group lengths only produce warnings, which are
 * not reported. Files without File Meta are read as data sets.
 * --load-all makes dcmtk read every value, pixel data included, so the whole file is checked.
 */
const DCMDUMP_ARGS = [
  '--log-level', 'error',
  '--read-file',
  '--load-all',
  '--handle-parse-errors',
  '--stop-on-error',
  '--accept-odd-length',
  '--treat-as-unknown',
  '--enable-cp246',
  '--enable-correction',
];

export interface DcmdumpResult {
  /** dcmtk read the whole file without error. */
  readonly ok: boolean;
  /** dcmtk's error messages ("E:"/"F:" prefix removed), or how the tool died. */
  readonly errors: string[];
}

export function dcmdumpReads(file: string): DcmdumpResult {
  const result = run('dcmdump', [...DCMDUMP_ARGS, file]);
  const errors = result.stderr
    .split(/\r?\n/)
    .filter((line) => /^[EF]: /.test(line))
    .map((line) => line.slice(3));
  if (result.signal) errors.push(`dcmdump terminated by ${result.signal}`);
  else if (result.status !== 0 && errors.length === 0) errors.push(`dcmdump exited with status ${result.status}`);
  return { ok: errors.length === 0, errors };
}

export interface DciodvfyFindings {
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * dciodvfy's findings in its "-new" format ("Error - </path> - message = <value> - detail"), normalised so that a
 * before/after comparison shows what de-identification broke rather than what it changed: quoted values, invalid
 * characters and byte lengths are replaced by "…", attribute paths and messages are kept.
 */
export function dciodvfyFindings(file: string): DciodvfyFindings {
  const result = run('dciodvfy', ['-new', file]);
  const findings = { errors: [] as string[], warnings: [] as string[] };
  let current: { list: string[]; text: string } | undefined;
  const close = (): void => {
    if (current) current.list.push(normaliseFinding(current.text));
    current = undefined;
  };
  // Values may end lines with CR LF; a stray CR would keep a line from matching.
  for (const line of `${result.stderr}${result.stdout}`.split(/\r?\n/)) {
    const finding = /^(Error|Warning) - (.*)$/.exec(line);
    if (finding) {
      close();
      current = { list: finding[1] === 'Error' ? findings.errors : findings.warnings, text: finding[2]! };
    } else if (/^(Abort - |dciodvfy: )/.test(line)) {
      // Aborts and failed assertions: dciodvfy could not finish.
      close();
      findings.errors.push(line);
    } else if (/^\w+$/.test(line)) {
      // The name of the IOD dciodvfy recognised (e.g. "CTImage"): not a finding.
      close();
    } else if (current) {
      // A value printed over several lines (e.g. XML in a UT), or a message dciodvfy wraps.
      current.text += `\n${line}`;
    }
  }
  close();
  if (result.signal) findings.errors.push(`dciodvfy terminated by ${result.signal}`);
  return findings;
}

function normaliseFinding(text: string): string {
  return (
    text
      // A value ends at the ">" before the next " - " or at the end: values may hold "<", ">" and newlines.
      .replace(/ = <[\s\S]*?>(?= - |$)/g, ' = <…>')
      .replace(/ = '[\s\S]*?' \(0x[0-9a-f]+\)/g, " = '…'")
      .replace(/\b(specified as|actually|actual length|specified length) 0x[0-9a-f]+/g, '$1 0x…')
      .trimEnd()
  );
}

/** Errors in `after` that `before` did not have, counted with multiplicity (one more of the same error is new). */
export function newErrors(before: DciodvfyFindings, after: DciodvfyFindings): string[] {
  const remaining = new Map<string, number>();
  for (const error of before.errors) remaining.set(error, (remaining.get(error) ?? 0) + 1);
  return after.errors.filter((error) => {
    const count = remaining.get(error) ?? 0;
    if (count > 0) remaining.set(error, count - 1);
    return count === 0;
  });
}
