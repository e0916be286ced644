// `npm run demo`, engine stage: de-identifies the bundled sample studies with the CLI under the TCIA-like
// profile, keeping the project secret and the linkage state apart from the outputs, and shows what changed.
// The sidecar stage replaces this with real Orthanc servers, the sidecar and the viewer.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDicom, characterSetOf, textOf, makeTag } from '@deid-share/dicom';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demoDir = join(root, '.demo');
const samples = [
  'test/corpus/pydicom/src/pydicom/data/test_files/dicomdirtests',
  'test/corpus/orthanc-tests/Database/PatientWith2studies',
  'test/corpus/pydicom/src/pydicom/data/charset_files',
].map((path) => join(root, path));

const secretFile = join(demoDir, 'keys', 'project.key');
if (!existsSync(secretFile)) {
  mkdirSync(dirname(secretFile), { recursive: true, mode: 0o700 });
  writeFileSync(secretFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
}
const outDir = join(demoDir, 'out');
rmSync(outDir, { recursive: true, force: true });
const reportFile = join(demoDir, 'report.json');

const args = [
  join(root, 'packages/cli/dist/main.js'), 'deidentify', '--profile', 'tcia', '--site', 'DEMO',
  '--secret-file', secretFile, '--state', join(demoDir, 'state', 'state.sqlite'),
  '--out', outDir, '--report', reportFile, '--mappings', join(demoDir, 'linkage'), ...samples,
];
try {
  execFileSync(process.execPath, args, { stdio: 'inherit' });
} catch {
  // Exit code 1 means some inputs were withheld or refused, which the sample data is chosen to show.
}

const report = JSON.parse(readFileSync(reportFile, 'utf8'));
const name = (file) => {
  const { dataset } = parseDicom(readFileSync(file));
  const element = dataset.get(makeTag(0x0010, 0x0010));
  return element ? textOf(element, characterSetOf(dataset)) : '(none)';
};
console.log('\nA few results (original name -> pseudonym):');
for (const entry of report.filter((e) => e.status === 'ok').slice(0, 5)) {
  console.log(`  ${relative(root, entry.input)}: "${name(entry.input)}" -> "${name(entry.output)}"`);
}
console.log('\nWithheld or refused, with the reason:');
for (const entry of report.filter((e) => e.status !== 'ok').slice(0, 6)) {
  console.log(`  ${entry.status.padEnd(8)} ${relative(root, entry.input)}: ${entry.reason}`);
}
console.log(`\noutputs: ${relative(root, outDir)}/`);
console.log(`report: ${relative(root, reportFile)}`);
console.log(`linkage (stays in the hospital): ${relative(root, join(demoDir, 'state'))}/, ${relative(root, join(demoDir, 'linkage'))}/`);
