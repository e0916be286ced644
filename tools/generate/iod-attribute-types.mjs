// Generates packages/engine/src/generated/iod-attribute-types.ts from the PS3.3 module and IOD tables as data
// (data/iod/gdcm-part3.xml, GDCM's transcription of PS3.3): for each IOD, the Type (1, 2 or 3) of every attribute at
// the top level of its modules, and for each sequence, the Type of the attributes of its items, wherever the
// standard defines that sequence. The engine asks it whether an attribute may be removed, emptied or needs a value.
//
// Normalisation of the source, decided here once:
// - Types are written 1, C (1C), 2 (2 and 2C: an empty value is valid whether or not the condition holds) and 3,
//   and ranked in that order, strictest first.
// - An attribute defined in several modules of one IOD (or under one sequence in several tables) takes the
//   strictest Type.
// - "Include ... Table N" rows are expanded with the macro or module table N at the depth their ">" give;
//   includes that name no table ("Any Attribute ...", "one or more Functional Group Macros") add nothing, and
//   the functional group macros are reached because every macro table is read for its sequences.
// - Repeating groups (60xx, 50xx) are left out; an attribute the tables do not name counts as Type 3.
// - SOP classes are joined to IODs by name: data/dictionary/sops.json gives each SOP class its IOD ("CT Image"),
//   the XML names the IOD's table "CT Image IOD Modules". IODs no storage SOP class uses (print, MPPS) are left out.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedHeader, tsString, writeGenerated } from './emit.mjs';

export const IOD_SOURCE = 'data/iod/gdcm-part3.xml';
export const IOD_EDITION = '2008 (as transcribed in GDCM 3.0.21)';
export const IOD_OUTPUT = 'packages/engine/src/generated/iod-attribute-types.ts';
const SOPS_SOURCE = 'data/dictionary/sops.json';

/** The XML's short IOD names where sops.json spells them out (the join is by name, see the top). */
const IOD_NAME_ALIASES = new Map([
  ['cr image', 'computed radiography image'],
  ['nm image', 'nuclear medicine image'],
  ['us image', 'ultrasound image'],
  ['us multi frame image', 'ultrasound multi frame image'],
  ['sc image', 'secondary capture image'],
  ['multi frame single bit sc image', 'multi frame single bit secondary capture image'],
  ['multi frame grayscale byte sc image', 'multi frame grayscale byte secondary capture image'],
  ['multi frame grayscale word sc image', 'multi frame grayscale word secondary capture image'],
  ['multi frame true color sc image', 'multi frame true color secondary capture image'],
  ['xrf image', 'x ray radiofluoroscopic image'],
  ['pet image', 'positron emission tomography image'],
  ['basic voice audio', 'basic voice audio waveform'],
  ['hemodynamic', 'hemodynamic waveform'],
  ['basic cardiac ep', 'basic cardiac electrophysiology waveform'],
  ['enhanced x ray angiographic image', 'enhanced xa image'],
  ['enhanced x ray rf image', 'enhanced xrf image'],
]);

const canonicalIodName = (name) => {
  const plain = name.replace(/-/g, ' ').toLowerCase();
  return IOD_NAME_ALIASES.get(plain) ?? plain;
};

/** Type → rank, strictest first; 2C counts as 2. */
const TYPE_RANK = { '1': 0, '1C': 1, '2': 2, '2C': 2, '3': 3 };
const RANK_CODE = ['1', 'C', '2', '3'];
const TABLE_REF = /Table\s+([A-Z]?[0-9][0-9A-Za-z.\-]*[0-9A-Za-z])/;

function decode(text) {
  return text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function attributesOf(tagText) {
  const attributes = {};
  for (const match of tagText.matchAll(/([a-z-]+)="([^"]*)"/g)) attributes[match[1]] = decode(match[2]);
  return attributes;
}

const depthOf = (text) => (text.match(/^[>\s]*/)[0].match(/>/g) ?? []).length;

/**
 * @param {string} xml
 * @returns {{ tables: Map<string, { kind: string, ref?: string, name: string, rows: object[] }>, iods: object[] }}
 */
export function parsePart3(xml, fileLabel = IOD_SOURCE) {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  const tables = new Map();
  const iods = [];
  for (const block of body.matchAll(/<(macro|module|iod)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    const [, kind, head, content] = block;
    const { table, name, ref } = attributesOf(head);
    if (!table || !name) throw new Error(`${fileLabel}: a <${kind}> without table or name (${head.trim().slice(0, 80)}); fix the data`);
    const rows = [];
    for (const row of content.matchAll(/<(entry|include)\b([^>]*?)\/?>/g)) {
      const attributes = attributesOf(row[2]);
      if (row[1] === 'include') {
        const target = TABLE_REF.exec(attributes.ref ?? '');
        if (target) rows.push({ include: target[1], depth: depthOf(attributes.ref) });
      } else if (kind === 'iod') {
        if (attributes.ref) rows.push({ module: attributes.ref, usage: attributes.usage });
      } else if (/^[0-9A-F]{4}$/.test(attributes.group ?? '') && /^[0-9A-F]{4}$/.test(attributes.element ?? '') && TYPE_RANK[attributes.type] !== undefined) {
        rows.push({ tag: `${attributes.group}${attributes.element}`, type: TYPE_RANK[attributes.type], depth: depthOf(attributes.name ?? '') });
      }
    }
    if (kind === 'iod') iods.push({ name, rows });
    else if (!tables.has(table)) tables.set(table, { kind, ref, name, rows });
  }
  return { tables, iods };
}

/** The attribute rows of a table with its includes expanded, each at its depth below the table's top level. */
function flatten(tables, table, base = 0, open = new Set()) {
  if (open.has(table.name)) return [];
  open.add(table.name);
  const flat = [];
  for (const row of table.rows) {
    if (row.include) {
      const included = tables.get(row.include);
      if (included) flat.push(...flatten(tables, included, base + row.depth, open));
    } else {
      flat.push({ tag: row.tag, type: row.type, depth: base + row.depth });
    }
  }
  open.delete(table.name);
  return flat;
}

const strictest = (map, key, rank) => map.set(key, Math.min(map.get(key) ?? 3, rank));

/** Top-level Types per module ref, and item Types per sequence tag, over every table. */
export function attributeTypes(tables) {
  const topLevel = new Map();
  const items = new Map();
  for (const table of tables.values()) {
    const top = new Map();
    const parents = [];
    for (const row of flatten(tables, table)) {
      parents[row.depth] = row.tag;
      parents.length = row.depth + 1;
      if (row.depth === 0) strictest(top, row.tag, row.type);
      else if (parents[row.depth - 1]) strictest(items, `${parents[row.depth - 1]}${row.tag}`, row.type);
    }
    if (table.kind === 'module' && table.ref) topLevel.set(table.ref, top);
  }
  return { topLevel, items };
}

const encode = (map) => [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, rank]) => `${key}${RANK_CODE[rank]}`).join(' ');

export function renderIodTypes({ iods, items, sopCount }) {
  return [
    generatedHeader({
      what: `Types (1, C for 1C, 2 for 2 and 2C, 3) of the attributes the tables name per IOD and per sequence item, so that an attribute they do not name is told apart from an optional one; ${sopCount} SOP classes joined to their IOD.`,
      source: `${IOD_SOURCE} and ${SOPS_SOURCE}`,
      edition: IOD_EDITION,
      generator: 'tools/generate/iod-attribute-types.mjs',
    }),
    `export const IOD_EDITION = ${tsString(IOD_EDITION)};`,
    '',
    '/** [IOD name, its SOP Class UIDs, "ggggeeeeT ..." for the Type 1, 1C and 2 attributes at the top level of its modules]. */',
    'export const IOD_ATTRIBUTE_TYPES: ReadonlyArray<readonly [iod: string, sopClasses: readonly string[], types: string]> = [',
    ...iods.map((iod) => `  [${tsString(iod.name)}, [${iod.sopClasses.map(tsString).join(', ')}], ${tsString(iod.types)}],`),
    '];',
    '',
    '/** "ssssssssggggeeeeT ...": Type 1, 1C and 2 attributes of the items of sequence ssssssss, over every table that defines it. */',
    `export const SEQUENCE_ITEM_TYPES = ${tsString(encode(items))};`,
    '',
  ].join('\n');
}

export async function generateIodAttributeTypes(repoRoot) {
  const { tables, iods } = parsePart3(await readFile(join(repoRoot, IOD_SOURCE), 'utf8'));
  const sops = JSON.parse(await readFile(join(repoRoot, SOPS_SOURCE), 'utf8'));
  const { topLevel, items } = attributeTypes(tables);
  let sopCount = 0;
  const rendered = iods.map((iod) => {
    const name = iod.name.replace(/ IOD Modules$/, '');
    const types = new Map();
    for (const row of iod.rows) for (const [tag, type] of topLevel.get(row.module) ?? []) strictest(types, tag, type);
    const sopClasses = sops.filter((sop) => typeof sop.ciod === 'string' && canonicalIodName(sop.ciod) === canonicalIodName(name)).map((sop) => sop.id);
    sopCount += sopClasses.length;
    return { name, sopClasses, types: encode(types) };
  }).filter((iod) => iod.types !== '' && iod.sopClasses.length > 0);
  if (rendered.length < 60) throw new Error(`${IOD_SOURCE}: only ${rendered.length} IODs with module tables were read; the format changed, fix the generator`);
  await writeGenerated(repoRoot, IOD_OUTPUT, renderIodTypes({ iods: rendered, items, sopCount }));
  return { output: IOD_OUTPUT, rows: rendered.length };
}
