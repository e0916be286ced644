import type { Evaluation, FileEvaluation } from './evaluate-corpus.js';

function fileLines(file: FileEvaluation): string[] {
  const scored = file.checks.filter((check) => check.status !== 'not scored');
  const passed = scored.filter((check) => check.status === 'pass').length;
  const notScored = file.checks.length - scored.length;
  const status = file.status === 'ok' ? 'de-identified' : `${file.status}${file.residualPhi.length > 0 ? ' by the residual-PHI scan (its output is scored below)' : `: ${file.reason}`}`;
  const lines = [`${file.file}: ${status}; ${passed}/${scored.length} checks passed${notScored ? `, ${notScored} not scored` : ''}`];
  const hasOutput = file.status === 'ok' || file.residualPhi.length > 0;
  for (const finding of file.residualPhi) lines.push(`  RESIDUAL PHI ${finding.kind} in ${finding.path} (${finding.how})`);
  // A profile that leaves identifiers is still shown up when the second stage cleans them.
  for (const note of file.notes) lines.push(`  NOTE ${note}`);
  for (const check of file.checks) {
    if (check.status === 'fail') lines.push(`  MISS ${check.subject}: expected ${check.expected}, got ${check.got}`);
    else if (check.status === 'not scored' && hasOutput) lines.push(`  not scored ${check.subject}: ${check.got}`);
  }
  if (file.conformance && 'notChecked' in file.conformance) lines.push(`  dciodvfy: not checked: ${file.conformance.notChecked}`);
  else for (const error of file.conformance?.newErrors ?? []) lines.push(`  NEW IOD ERROR ${error}`);
  return lines;
}

/** The difference report: per file the misses (path, expected, got), new IOD errors, and the score. */
export function evaluationReport(evaluation: Evaluation, heading: string): string {
  const newIodErrors = evaluation.files.reduce((sum, file) => sum + (file.conformance && 'newErrors' in file.conformance ? file.conformance.newErrors.length : 0), 0);
  return [
    heading,
    '',
    ...evaluation.files.flatMap(fileLines),
    '',
    `new IOD errors (dciodvfy, output against input): ${newIodErrors}`,
    `score: ${evaluation.passed}/${evaluation.passed + evaluation.failed} checks passed (${evaluation.score.toFixed(1)}%)` +
      (evaluation.notScored ? `, ${evaluation.notScored} not scored` : ''),
  ].join('\n');
}
