/**
 * The synthetic answer-keyed corpus in CI: every shipped profile scores 100% on what it promises, and a deliberately
 * broken profile's misses are pinpointed by tag. See docs/evaluate.md.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { builtinProfileIds, loadProfile } from '@deid-share/engine';
import { parseAnswerKey } from '../../packages/cli/src/evaluate/answer-key.js';
import { evaluateCorpus, type Evaluation } from '../../packages/cli/src/evaluate/evaluate-corpus.js';
import { evaluationReport } from '../../packages/cli/src/evaluate/report-text.js';
import { TEST_NOW, testEngine } from '../../packages/engine/test/support/engine.js';
import { answerKeyFor } from './answer-key.js';
import { DEFAULT_SEED, writeSyntheticCorpus } from './corpus.js';
import type { SyntheticInstance } from './instances.js';

const CLI = new URL('../../packages/cli/dist/main.js', import.meta.url).pathname;
const BROKEN_PROFILE = new URL('./broken-profile.json', import.meta.url).pathname;

let workDir: string;
let corpusDir: string;
let instances: SyntheticInstance[];

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'deid-synthetic-'));
  corpusDir = join(workDir, 'corpus');
  instances = writeSyntheticCorpus(corpusDir);
});

async function evaluate(profileSource: string, keyProfile = profileSource, outDir = mkdtempSync(join(workDir, 'out-'))): Promise<Evaluation> {
  const key = parseAnswerKey(JSON.stringify(answerKeyFor(loadProfile(keyProfile).profile, instances, TEST_NOW)), `key for ${keyProfile}`);
  const { engine, close } = await testEngine({ profile: profileSource });
  try {
    return await evaluateCorpus({ engine, key, folder: corpusDir, outDir });
  } finally {
    await close();
  }
}

const newIodErrors = (evaluation: Evaluation): string[] =>
  evaluation.files.flatMap((file) => (file.conformance && 'newErrors' in file.conformance ? file.conformance.newErrors.map((error) => `${file.file}: ${error}`) : []));

describe('the generator', () => {
  test('is deterministic: the same seed writes the same bytes, another seed other PHI', () => {
    const again = join(workDir, 'again');
    writeSyntheticCorpus(again, DEFAULT_SEED);
    const other = join(workDir, 'other');
    writeSyntheticCorpus(other, DEFAULT_SEED + 1);
    for (const { file } of instances) {
      expect(readFileSync(join(again, file))).toEqual(readFileSync(join(corpusDir, file)));
      expect(readFileSync(join(other, file))).not.toEqual(readFileSync(join(corpusDir, file)));
    }
  });

  test('plants PHI in the hard places, and the key follows the profile: PatientAge retained only where promised', () => {
    const basic = answerKeyFor(loadProfile('ps3.15-basic').profile, instances);
    const paths = basic.files.flatMap((file) => file.elements.map((element) => element.path));
    expect(paths).toEqual(expect.arrayContaining([
      '(0040,0260)[0].(0040,0440)[0].(0040,A730)[0].(0040,A160)', // three sequences deep
      '(0009,"GEMS_IDEN_01",02)', // known private creator
      '(0011,"DEID-SHARE SYNTHETIC RESEARCH 1",11)[0].(0010,0010)', // unknown creator, nested
      '(0040,A730)[2].(0040,A730)[0].(0040,A730)[0].(0040,A160)', // SR text
      '(6000,3000)', // overlay
      '(FFFA,FFFA)[0].(0400,0115)', // digital signature after the pixel data
      '(FFFC,FFFC)', // trailing padding
      '(0400,0561)[0].(0400,0550)[0].(0010,0010)', // original attributes
      '(0040,0275)[0].(0032,1060)', // sequence sent as UN
    ]));
    expect(basic.files.find((file) => file.file === 'burned-in.dcm')?.blankRegions).toHaveLength(1);
    const age = (key: typeof basic) => key.files[0]!.elements.find((element) => element.path === '(0010,1010)')?.expect;
    expect(age(basic)).toBe('removed');
    expect(age(answerKeyFor(loadProfile('eucanimage').profile, instances))).toBe('retained');
  });
});

describe('evaluate on the synthetic corpus', () => {
  test.each(builtinProfileIds())('%s scores 100%% on what it promises', async (id) => {
    const evaluation = await evaluate(id);
    expect(evaluation.failed).toBe(0);
    expect(evaluation.score).toBe(100);
    expect(evaluation.passed).toBeGreaterThan(350);
    // Whitelists included: what an IOD requires is emptied or keeps a value, never removed (docs/profiles.md).
    expect(newIodErrors(evaluation)).toEqual([]);
  });

  test('a profile that keeps names and descriptions: the report names each tag the second stage had to clean, and each miss', async () => {
    const evaluation = await evaluate(BROKEN_PROFILE, 'ps3.15-basic');
    const report = evaluationReport(evaluation, 'broken');
    expect(evaluation.score).toBeLessThan(100);
    // Study Description is Type 3: the second stage removes what the profile kept, as X would, and says so.
    expect(report).toContain('NOTE second stage cleaned patient-name in (0008,1030): removed (Type 3)');
    // The table's Z for a nested Patient's Name was not applied; the second stage removed it, which the key counts as a miss.
    expect(report).toContain('MISS (0040,0260)[0].(0040,0440)[0].(0040,A730)[0].(0010,0010) PatientName: expected present, empty, got absent');
    expect(report).toMatch(/^nested-sequences\.dcm: de-identified; /m);
  });

  test('identifiers in attributes the table keeps, and an empty Patient ID: kept, cleaned, and said so', async () => {
    const outDir = mkdtempSync(join(workDir, 'kept-'));
    const evaluation = await evaluate('ps3.15-basic', 'ps3.15-basic', outDir);
    const file = (name: string) => evaluation.files.find((evaluated) => evaluated.file === name)!;
    expect(file('kept-attributes.dcm').status).toBe('ok');
    expect(file('kept-attributes.dcm').notes).toEqual(expect.arrayContaining([
      'second stage cleaned birth-date, date-in-text in (0010,0033): removed (Type 3)',
      'second stage cleaned patient-id in (0010,2298): removed (Type 1C)',
      'second stage cleaned patient-name in (0008,0070): emptied (Type 2)',
      'second stage cleaned patient-name in (0040,0260)[0].(0008,0104): dummy (Type 1)',
    ]));
    const planted = instances.find((instance) => instance.file === 'kept-attributes.dcm')!.person;
    const output = readFileSync(join(outDir, 'kept-attributes.dcm.deidentified.dcm')).toString('latin1').toLowerCase();
    for (const value of [planted.family, planted.patientId, planted.birthDate, planted.studyDate]) expect(output).not.toContain(value.toLowerCase());
    expect(file('empty-patient-id.dcm').status).toBe('ok');
    expect(file('empty-patient-id.dcm').notes).toEqual([expect.stringContaining('patient identity unknown')]);
  });

  test('the command: exit 0, a difference report and the score', async () => {
    const keyFile = join(workDir, 'eucanimage-key.json');
    writeFileSync(keyFile, JSON.stringify(answerKeyFor(loadProfile('eucanimage').profile, instances), null, 2));
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'evaluate', '--profile', 'eucanimage', '--key', keyFile, corpusDir]);
    expect(stdout).toMatch(/^nested-sequences\.dcm: de-identified; \d+\/\d+ checks passed$/m);
    expect(stdout).toContain('new IOD errors (dciodvfy, output against input): 0');
    expect(stdout).toMatch(/score: (\d+)\/\1 checks passed \(100\.0%\)/);
  });
});
