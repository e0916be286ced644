// Generates packages/engine/src/generated/cid-7050.ts from data/ps3.16/cid-7050.csv: the codes of
// DICOM PS3.16 CID 7050 (De-identification Method) written into (0012,0064), each tied to the option it stands for.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from './csv.mjs';
import { generatedHeader, tsString, writeGenerated } from './emit.mjs';

export const CID_7050_SOURCE = 'data/ps3.16/cid-7050.csv';
export const CID_7050_OUTPUT = 'packages/engine/src/generated/cid-7050.ts';

/** @returns {{ code: string, meaning: string, option: string }[]} */
export function parseCid7050(text, fileLabel = CID_7050_SOURCE) {
  const { header, rows } = parseCsv(text, fileLabel);
  const expected = ['code_value', 'coding_scheme', 'code_meaning', 'option'];
  if (header.join(',') !== expected.join(',')) throw new Error(`${fileLabel}: the header must be ${expected.join(',')}`);
  return rows
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''))
    .map(({ line, cells }) => {
      const [code, scheme, meaning, option] = cells.map((cell) => cell.trim());
      if (!/^\d{6}$/.test(code ?? '') || scheme !== 'DCM' || !meaning || !option) {
        throw new Error(`${fileLabel} line ${line}: expected a six-digit DCM code with a meaning and the option it stands for; fix the row`);
      }
      return { code, meaning, option };
    });
}

export function renderCid7050(codes) {
  return [
    generatedHeader({
      what: 'CID 7050 De-identification Method codes (coding scheme DCM) and the option each stands for ("basic" = the basic profile itself).',
      source: CID_7050_SOURCE,
      edition: 'PS3.16 2025c',
      generator: 'tools/generate/cid-7050.mjs',
    }),
    'export const CID_7050: ReadonlyArray<readonly [code: string, meaning: string, option: string]> = [',
    ...codes.map(({ code, meaning, option }) => `  [${tsString(code)}, ${tsString(meaning)}, ${tsString(option)}],`),
    '];',
    '',
  ].join('\n');
}

export async function generateCid7050(repoRoot) {
  const codes = parseCid7050(await readFile(join(repoRoot, CID_7050_SOURCE), 'utf8'));
  await writeGenerated(repoRoot, CID_7050_OUTPUT, renderCid7050(codes));
  return { output: CID_7050_OUTPUT, rows: codes.length };
}
