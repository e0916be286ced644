import { readFileSync } from 'node:fs';
import { DataSet, makeTag, PIXEL_DATA } from '@deid-share/dicom';
import { cleanPixelData, ctpRegionRules, matchingRules, parseCtpScript, parseSignature, ruleFromSpec, type RegionRule, type Signature } from '@deid-share/pixels';
import { CTP_SCRIPT_PATH } from '../src/ctp-script.js';
import { setAttribute, syntheticImage } from './support/synthetic.js';

const ROWS = makeTag(0x0028, 0x0010);
const COLUMNS = makeTag(0x0028, 0x0011);

/** Writes into the header (or the file meta, for group 0002) the values that make a signature true. */
function satisfy(signature: Signature, dataset: DataSet, meta: DataSet): void {
  switch (signature.kind) {
    case 'and':
      signature.operands.forEach((operand) => satisfy(operand, dataset, meta));
      return;
    case 'or':
      satisfy(signature.operands[0]!, dataset, meta);
      return;
    case 'test':
      setAttribute(signature.tag >>> 16 === 0x0002 ? meta : dataset, signature.tag, signature.argument);
      return;
    default:
      throw new Error(`no synthetic header for a ${signature.kind} signature`);
  }
}

function headerFor(rule: RegionRule): { dataset: DataSet; meta: DataSet } {
  const dataset = new DataSet();
  const meta = new DataSet();
  satisfy(rule.signature, dataset, meta);
  return { dataset, meta };
}

const rules = ctpRegionRules();

test("CTP's script is read as it is: every rule, each named after its line, section and heading", () => {
  expect(rules).toHaveLength(52);
  expect(rules.map((rule) => rule.name)).toEqual(expect.arrayContaining(['CTP line 132: US / MINDRAY', 'CTP line 150: US / Philips / IU22', 'CTP line 328: CR / DR / Canon']));
  const atl = rules.find((rule) => rule.name.endsWith('US / ATL'))!;
  expect(atl.regions).toEqual([{ x: 40, y: 0, width: 200, height: 40 }, { x: 240, y: 0, width: 190, height: 16 }]);
  // The script's own functions, operators and element notations all occur and parse.
  const text = readFileSync(CTP_SCRIPT_PATH, 'latin1');
  for (const feature of ['containsIgnoreCase', 'equals(', '.contains(', '[0008,0070]', ' + ', ' * ']) expect(text).toContain(feature);
});

test.each(rules.map((rule) => [rule.name, rule] as const))('%s matches a synthetic header carrying its signature, and only that', (_name, rule) => {
  const { dataset, meta } = headerFor(rule);
  expect(matchingRules([rule], dataset, meta)).toEqual([rule]);
  // Changing every value the signature reads breaks the match.
  for (const tag of dataset.tags()) setAttribute(dataset, tag, tag === ROWS || tag === COLUMNS ? '1' : 'SOMETHING ELSE');
  for (const tag of meta.tags()) setAttribute(meta, tag, 'SOMETHING ELSE');
  expect(matchingRules([rule], dataset, meta)).toEqual([]);
});

test.each(['US / ATL', 'US / MINDRAY', 'CR / DR / Canon', 'OTHER / ADAC'])('%s: its rectangles, and nothing else, are blacked out in every frame', async (suffix) => {
  const rule = rules.find((candidate) => candidate.name.endsWith(suffix))!;
  const { dataset: header, meta } = headerFor(rule);
  const rows = header.has(ROWS) ? header.get(ROWS)!.value[0]! | (header.get(ROWS)!.value[1]! << 8) : 480;
  const columns = header.has(COLUMNS) ? header.get(COLUMNS)!.value[0]! | (header.get(COLUMNS)!.value[1]! << 8) : 1280;
  const file = syntheticImage({ rows, columns, frames: 2 });
  for (const tag of header.tags()) if (!file.dataset.has(tag)) file.dataset.set(header.get(tag)!);
  const before = file.dataset.get(PIXEL_DATA)!.value.slice();
  const result = await cleanPixelData({ file: { ...file, meta }, rules: matchingRules(rules, file.dataset, meta), declaredBurnedIn: true, policy: { onTextOutsideKnownRegions: 'mask', detectText: false } });
  expect(result).toMatchObject({ status: 'cleaned', transferSyntaxUID: '1.2.840.10008.1.2.1' });
  const after = file.dataset.get(PIXEL_DATA)!.value;
  const inside = (x: number, y: number): boolean => rule.regions.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height);
  let wrong = 0;
  for (let i = 0; i < before.length; i++) {
    const pixel = i % (rows * columns);
    if (after[i] !== (inside(pixel % columns, Math.floor(pixel / columns)) ? 0 : before[i])) wrong++;
  }
  expect(wrong).toBe(0);
  if (result.status === 'cleaned') expect(result.regions.every((line) => line.endsWith(`all frames: ${rule.name}`))).toBe(true);
});

test('signatures: precedence of * over +, negation, constants, and errors that say what is wrong', () => {
  const dataset = new DataSet();
  setAttribute(dataset, makeTag(0x0008, 0x0060), 'US');
  const meta = new DataSet();
  const matches = (text: string): boolean => matchingRules([{ name: 't', signature: parseSignature(text), regions: [] }], dataset, meta).length === 1;
  expect(matches('Modality.equals("CT") * Modality.equals("CT") + Modality.equals("US")')).toBe(true);
  expect(matches('Modality.equals("CT") * (Modality.equals("CT") + Modality.equals("US"))')).toBe(false);
  expect(matches('!Modality.startsWith("C") * [0008,0060].endsWithIgnoreCase("s")')).toBe(true);
  expect(matches('false. + Manufacturer.equals("")')).toBe(true);
  expect(() => parseSignature('Modality.looksLike("US")')).toThrow(/"looksLike" is not a known test/);
  expect(() => parseSignature('NoSuchKeyword.equals("US")')).toThrow(/not a DICOM keyword/);
  expect(() => parseCtpScript('heading\n{ Modality.equals("US") }\n', 'my.script')).toThrow(/my\.script line 2: a signature without any \(x,y,w,h\) rectangle/);
  expect(() => ruleFromSpec({ name: 'mine', signature: 'Modality.equals(US)', regions: [[0, 0, 1, 1]] }, 'profile p.json')).toThrow(/profile p\.json: pixel rule "mine": signature equals needs a quoted text argument/);
});
