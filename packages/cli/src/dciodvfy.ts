/**
 * dicom3tools' dciodvfy: does a file conform to its IOD? Its findings are normalised so that a comparison of an
 * input with its de-identified output shows what de-identification broke, not what it changed.
 */
import { runTool } from './external-tool.js';

/** dciodvfy is in Debian's dicom3tools package (tools/install-system-packages.sh installs it). */
const INSTALL_HINT = 'install dicom3tools (apt-get install dicom3tools), which provides dciodvfy';

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
  const result = runTool('dciodvfy', ['-new', file], INSTALL_HINT);
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
