import { readFileSync, writeFileSync } from 'node:fs';
import { createPseudonymizer, loadProfile, pseudonymScheme } from '@deid-share/engine';
import { readSecretFile } from '@deid-share/state';
import { parseCommandArgs } from '../arguments.js';
import { parseCsv } from '../csv-text.js';
import { csvRow } from '../table-text.js';
import { UsageError } from '../usage.js';

const OPTIONS = {
  profile: { type: 'string' },
  'secret-file': { type: 'string' },
  site: { type: 'string' },
  issuer: { type: 'string', default: '' },
  csv: { type: 'string' },
  column: { type: 'string', default: 'patient_id' },
  out: { type: 'string' },
} as const;

/**
 * `pseudonym`: the subject IDs a profile gives, computed without DICOM, so clinical data joins the images (EuCanImage
 * D4.1: "the same hashing system as for images"). Only schemes that need no linkage table qualify: the others'
 * pseudonyms are drawn at share time and live in the state store.
 */
export async function runPseudonym(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (!values.profile) throw new UsageError('--profile is required');
  if (!values['secret-file']) throw new UsageError('--secret-file is required (the project key the images were pseudonymised with)');
  if ((values.csv === undefined) === (positionals.length === 0)) throw new UsageError('give patient IDs as arguments, or --csv <file>, not both');

  const { profile } = loadProfile(values.profile);
  const scheme = profile.pseudonym.scheme;
  const { keepsLinkage, stableAcrossRuns } = pseudonymScheme(scheme);
  // Computable: the same patient gets the same pseudonym from the secret alone.
  if (keepsLinkage || !stableAcrossRuns) {
    throw new UsageError(
      `profile ${profile.id} uses the ${scheme} scheme, whose pseudonyms are drawn when studies are shared, not computed; ` +
        'look them up in the linkage table, or use a profile with keyed-hash or site-prefixed-hash',
    );
  }
  const { secret } = await readSecretFile(values['secret-file']);
  const pseudonymizer = createPseudonymizer(profile.pseudonym, { secret, ...(values.site ? { siteId: values.site } : {}) });
  const pseudonymOf = async (patientId: string): Promise<string> => (await pseudonymizer.pseudonymFor({ issuer: values.issuer, patientId })).patientId;

  const text = values.csv === undefined
    ? await idsAsCsv(positionals, pseudonymOf)
    : await replaceCsvColumn(values.csv, values.column, pseudonymOf);
  if (values.out) writeFileSync(values.out, text, { mode: 0o600 });
  else process.stdout.write(text);
  return 0;
}

async function idsAsCsv(patientIds: readonly string[], pseudonymOf: (id: string) => Promise<string>): Promise<string> {
  const rows = [csvRow(['patient_id', 'subject_id'])];
  for (const patientId of patientIds) rows.push(csvRow([patientId, await pseudonymOf(patientId)]));
  return rows.join('\n') + '\n';
}

/** The same CSV with the patient ID column replaced by the subject ID: clinical records ready to leave with the images. */
async function replaceCsvColumn(path: string, column: string, pseudonymOf: (id: string) => Promise<string>): Promise<string> {
  const [header, ...records] = parseCsv(readFileSync(path, 'utf8'), path);
  const at = header?.indexOf(column) ?? -1;
  if (header === undefined || at < 0) {
    throw new UsageError(`${path} has no column "${column}" in its header row${header ? ` (it has: ${header.join(', ')})` : ''}; name the patient ID column with --column`);
  }
  const rows = [csvRow(header)];
  for (const [index, record] of records.entries()) {
    const patientId = record[at];
    if (patientId === undefined || patientId.trim() === '') {
      throw new Error(`${path}, row ${index + 2}: the "${column}" cell is empty; every clinical record needs its patient ID`);
    }
    const replaced = [...record];
    replaced[at] = await pseudonymOf(patientId);
    rows.push(csvRow(replaced));
  }
  return rows.join('\n') + '\n';
}
