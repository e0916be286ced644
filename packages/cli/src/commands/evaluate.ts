import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEngine, loadProfile } from '@deid-share/engine';
import { openStateStore, readSecretFile } from '@deid-share/state';
import { optionIds, parseCommandArgs } from '../arguments.js';
import { loadAnswerKey } from '../evaluate/answer-key.js';
import { evaluateCorpus } from '../evaluate/evaluate-corpus.js';
import { evaluationReport } from '../evaluate/report-text.js';
import { UsageError } from '../usage.js';

/**
 * `evaluate --profile <id> --key <answer-key> <folder>`: de-identifies the files the key names and scores the
 * outputs element by element (docs/evaluate.md). Pseudonym state lives in a temporary folder; without
 * --secret-file a random secret is used, since an evaluation needs no stable pseudonyms.
 */
export async function runEvaluate(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    profile: { type: 'string' },
    key: { type: 'string' },
    option: { type: 'string', multiple: true },
    'secret-file': { type: 'string' },
    site: { type: 'string', default: 'EVAL' },
    out: { type: 'string' },
    report: { type: 'string' },
  });
  if (!values.profile) throw new UsageError('--profile is required');
  if (!values.key) throw new UsageError('--key is required (the answer key, see docs/evaluate.md)');
  if (positionals.length !== 1) throw new UsageError('name exactly one folder: the one the answer key\'s file names are relative to');
  const extraOptions = optionIds(values.option);

  const profile = loadProfile(values.profile);
  const key = loadAnswerKey(values.key);
  const secret = values['secret-file'] ? (await readSecretFile(values['secret-file'])).secret : new Uint8Array(randomBytes(32));
  const workDir = mkdtempSync(join(tmpdir(), 'deid-evaluate-'));
  const store = await openStateStore(join(workDir, 'state.sqlite'));
  try {
    const engine = createEngine({ profile, extraOptions, secret, store: store.pseudonyms, siteId: values.site, jobId: `evaluate-${randomUUID()}` });
    const evaluation = await evaluateCorpus({ engine, key, folder: resolve(positionals[0]!), outDir: values.out ? resolve(values.out) : join(workDir, 'out') });
    const heading = `evaluation of profile ${profile.profile.id} ${profile.profile.version} against ${values.key}${key.description ? ` (${key.description})` : ''}: ${key.files.length} file(s)`;
    console.log(evaluationReport(evaluation, heading));
    if (values.report) writeFileSync(values.report, JSON.stringify(evaluation, null, 2) + '\n');
    const newIodErrors = evaluation.files.some((file) => file.conformance && 'newErrors' in file.conformance && file.conformance.newErrors.length > 0);
    return evaluation.failed === 0 && !newIodErrors ? 0 : 1;
  } finally {
    await store.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
