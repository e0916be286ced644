import { formatTag, type Tag } from '@deid-share/dicom';
import { IOD_ATTRIBUTE_TYPES, SEQUENCE_ITEM_TYPES } from '../generated/iod-attribute-types.js';

/**
 * PS3.5 §7.4: 1 needs a value, 1C needs one when its condition holds (and may be absent otherwise), 2 must be present
 * but may be empty (2C counts as 2: empty is valid whether or not its condition holds), 3 may be left out.
 */
export type AttributeType = '1' | '1C' | '2' | '3';

const BY_CODE: Record<string, AttributeType> = { '1': '1', C: '1C', '2': '2' };
const RANK: Record<AttributeType, number> = { '1': 0, '1C': 1, '2': 2, '3': 3 };
const stricter = (a: AttributeType | undefined, b: AttributeType): AttributeType => (a !== undefined && RANK[a] <= RANK[b] ? a : b);

const key = (tag: Tag): string => formatTag(tag).replace(/[(),]/g, '');

function readTypes(encoded: string, keyLength: number): Map<string, AttributeType> {
  const types = new Map<string, AttributeType>();
  for (const entry of encoded.split(' ')) if (entry) types.set(entry.slice(0, keyLength), BY_CODE[entry[keyLength]!] ?? '3');
  return types;
}

interface Tables {
  readonly bySopClass: ReadonlyMap<string, ReadonlyMap<string, AttributeType>>;
  /** The strictest Type over every IOD, for SOP classes the tables do not know. */
  readonly anyIod: ReadonlyMap<string, AttributeType>;
  readonly itemTypes: ReadonlyMap<string, AttributeType>;
}

let loaded: Tables | undefined;

/** Read on first use: most instances never need them. */
function tables(): Tables {
  if (loaded) return loaded;
  const bySopClass = new Map<string, Map<string, AttributeType>>();
  const anyIod = new Map<string, AttributeType>();
  for (const [, sopClasses, encoded] of IOD_ATTRIBUTE_TYPES) {
    const types = readTypes(encoded, 8);
    for (const sopClass of sopClasses) bySopClass.set(sopClass, types);
    for (const [tag, type] of types) anyIod.set(tag, stricter(anyIod.get(tag), type));
  }
  loaded = { bySopClass, anyIod, itemTypes: readTypes(SEQUENCE_ITEM_TYPES, 16) };
  return loaded;
}

/**
 * The Type of an attribute in an instance of a SOP class, from the standard's module tables (generated from
 * data/iod/): `sequences` are the tags of the sequences it sits in, outermost first (empty at the top level).
 * At the top level it is the strictest Type any module of the SOP class's IOD gives the attribute; for a SOP
 * class the tables do not know, the strictest Type of any IOD. In an item it is the strictest Type any table gives
 * the attribute in that sequence. Private attributes, and attributes the tables do not name there, are Type 3.
 */
export function attributeType(sopClassUID: string, sequences: readonly Tag[], tag: Tag): AttributeType {
  const { bySopClass, anyIod, itemTypes } = tables();
  if (sequences.length === 0) return (bySopClass.get(sopClassUID) ?? anyIod).get(key(tag)) ?? '3';
  return itemTypes.get(`${key(sequences[sequences.length - 1]!)}${key(tag)}`) ?? '3';
}

/**
 * The Type the tables give an attribute of a known SOP class's IOD at the top level, or undefined where they do not
 * list it (an attribute newer than the tables' edition, or one the macro expansion does not reach): then nothing is
 * known about whether it may be left out.
 */
export function listedTopLevelType(sopClassUID: string, tag: Tag): AttributeType | undefined {
  return tables().bySopClass.get(sopClassUID)?.get(key(tag));
}

/** Whether the SOP class's IOD is one the tables know (otherwise attributeType answers for every IOD at once). */
export function isKnownSopClass(sopClassUID: string): boolean {
  return tables().bySopClass.has(sopClassUID);
}
