/**
 * The fuzzer as a test (issue 10): a few hundred seeded mutants of the corpus through `deid-share deidentify`.
 * The long run is `npm run fuzz`; its figures are in docs/security.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFiles } from '../support/corpus.js';
import { fuzz } from './harness.js';

const MiB = 1024 * 1024;

test('300 mutants: no crash, no hang, peak RSS within 512 MiB, an entry with a reason for every refused or withheld input', async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'deid-fuzz-'));
  const secretFile = join(workDir, 'project.key');
  writeFileSync(secretFile, `${'0f'.repeat(32)}\n`, { mode: 0o600 });
  const sources = corpusFiles((file) => file.kind.startsWith('dicom') && file.bytes < 256 * 1024).map((file) => file.absolutePath);
  try {
    const result = await fuzz({ seed: 20261206, mutants: 300, sources, workDir, secretFile, batchSize: 150, perInputTimeoutMs: 15_000 });
    expect(result.crashes).toEqual([]);
    expect(result.hangs).toEqual([]);
    expect(result.violations).toEqual([]);
    expect(result.entries).toBe(300);
    expect(result.entriesWithReason).toBe(result.notOk);
    // The mix really is hostile: most mutants are refused or withheld, and every kind of mutation was made.
    expect(result.notOk).toBeGreaterThan(100);
    expect(Object.keys(result.byKind).sort()).toEqual(['bad-charset', 'deep-nesting', 'deflate-bomb', 'flip', 'huge-declared', 'length-lie', 'truncate']);
    expect(result.peakRss).toBeLessThanOrEqual(512 * MiB);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}, 120_000);
