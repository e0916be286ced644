import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvRow } from './table-text.js';

function csv(pairs: Iterable<readonly [string, string]>): string {
  return ['id_old,id_new', ...[...pairs].map((pair) => csvRow(pair))].join('\n') + '\n';
}

/**
 * MIDI-B style mapping files (uid_mapping.csv, patid_mapping.csv). They re-identify the data: write them only
 * where the linkage may live, never beside the outputs that leave the hospital.
 */
export async function writeMappings(dir: string, uids: ReadonlyMap<string, string>, patientIds: ReadonlyMap<string, string>): Promise<void> {
  await writeFile(join(dir, 'uid_mapping.csv'), csv(uids), { mode: 0o600 });
  await writeFile(join(dir, 'patid_mapping.csv'), csv(patientIds), { mode: 0o600 });
}
