/**
 * Independent DICOM checkers from Debian packages, used as referees in tests: dcmtk's dcmdump (does the file still
 * parse?) and dicom3tools' dciodvfy (does it still conform to its IOD?). Both must be on PATH
 * (tools/install-system-packages.sh installs dcmtk and dicom3tools).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runTool } from '../../packages/cli/src/external-tool.js';
import { dciodvfyFindings } from '../../packages/cli/src/dciodvfy.js';

// dciodvfy's normalised findings are part of the CLI (`deid-share evaluate` reports new IOD errors); tests use the same code.
export { dciodvfyFindings, newErrors, type DciodvfyFindings } from '../../packages/cli/src/dciodvfy.js';

const INSTALL_HINT = 'run tools/install-system-packages.sh (installs dcmtk)';

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
  const result = runTool('dcmdump', [...DCMDUMP_ARGS, file], INSTALL_HINT);
  const errors = result.stderr
    .split(/\r?\n/)
    .filter((line) => /^[EF]: /.test(line))
    .map((line) => line.slice(3));
  if (result.signal) errors.push(`dcmdump terminated by ${result.signal}`);
  else if (result.status !== 0 && errors.length === 0) errors.push(`dcmdump exited with status ${result.status}`);
  return { ok: errors.length === 0, errors };
}

let inflatedDir: string | undefined;

/**
 * The input to compare an output's dciodvfy findings with: dciodvfy cannot read deflated files, so those are
 * compared as dcmtk's dcmconv inflates them. Transfer syntaxes dcmtk cannot convert either (deflated image frames)
 * are compared as they are.
 */
export async function dciodvfyReadableInput(path: string): Promise<string> {
  if (!dciodvfyFindings(path).errors.some((error) => /dataset read failed/i.test(error))) return path;
  inflatedDir ??= mkdtempSync(join(tmpdir(), 'deid-inflated-'));
  const inflated = join(inflatedDir, `inflated-${Math.random().toString(36).slice(2)}.dcm`);
  return promisify(execFile)('dcmconv', ['+te', path, inflated]).then(() => inflated, () => path);
}
