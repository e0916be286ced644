// Counts the residual-PHI scanner's findings on the test corpus (test/corpus) under every shipped profile, for
// docs/scanner.md: in which instances the scan finds something (with the original's identifiers, as the engine runs
// it), how much of that the second stage cleans and what still withholds, and what `deid-share scan` finds in the
// outputs (without the originals). Prints paths and kinds, never values.
// Run after `npm run build`: node tools/scanner/false-positives.mjs [profile,...]

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatChunks, makeTag, parseDicom, stringValue } from '@deid-share/dicom';
import { builtinProfileIds, createEngine, effectiveOptions, loadProfile, scanExceptionsFor, scanForResidualPhi } from '@deid-share/engine';
import { openStateStore } from '@deid-share/state';

const corpus = fileURLToPath(new URL('../../test/corpus/', import.meta.url));
const files = [];
const walk = (dir) => readdirSync(dir).sort().forEach((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : files.push(join(dir, name))));
walk(corpus);

const secret = new Uint8Array(32).fill(7);
const profiles = process.argv[2] ? process.argv[2].split(',') : builtinProfileIds();
const rows = [];
const details = [];
for (const id of profiles) {
  const loaded = loadProfile(id);
  const workDir = mkdtempSync(join(tmpdir(), 'deid-fp-'));
  const store = await openStateStore(join(workDir, 'state.sqlite'));
  const engine = createEngine({ profile: loaded, secret, store: store.pseudonyms, siteId: 'FP', jobId: 'false-positives' });
  const exceptions = scanExceptionsFor(loaded.profile.scanExceptions ?? [], effectiveOptions(loaded.profile));
  const counts = { scanned: 0, cleaned: 0, cleanedAttributes: 0, withheld: 0, findings: 0, withoutOriginal: 0 };
  for (const file of files) {
    const result = await engine.deidentify(readFileSync(file), { withholdOnResidualPhi: false });
    if (result.status !== 'ok') continue;
    counts.scanned += 1;
    const cleaned = (result.notes ?? []).filter((note) => note.startsWith('second stage cleaned '));
    if (cleaned.length > 0) {
      counts.cleaned += 1;
      counts.cleanedAttributes += cleaned.length;
      details.push(`${id}\t${relative(corpus, file)}\tcleaned: ${cleaned.map((note) => note.slice('second stage cleaned '.length)).join('; ')}`);
    }
    const findings = result.residualPhi ?? [];
    if (findings.length > 0) {
      counts.withheld += 1;
      counts.findings += findings.length;
      details.push(`${id}\t${relative(corpus, file)}\twithheld: ${findings.map((finding) => `${finding.kind} in ${finding.path} (${finding.how})`).join('; ')}`);
    }
    const output = parseDicom(concatChunks(result.output)).dataset;
    const pseudonym = stringValue(output, makeTag(0x0010, 0x0020)) ?? '';
    counts.withoutOriginal += scanForResidualPhi(output, { pseudonyms: new Set([pseudonym]), exceptions }).length;
  }
  rows.push(`| \`${id}\` | ${counts.scanned} | ${counts.cleaned} (${counts.cleanedAttributes}) | ${counts.withheld} | ${counts.findings} | ${counts.withoutOriginal} |`);
  await store.close();
  rmSync(workDir, { recursive: true, force: true });
}
console.log('| profile | instances de-identified and scanned | cleaned by the second stage (attributes) | withheld by the scan | findings left | findings of `deid-share scan` on the outputs |');
console.log('|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(`\n${details.join('\n')}`);
