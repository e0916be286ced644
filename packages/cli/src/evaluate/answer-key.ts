import { readFileSync } from 'node:fs';
import { parseTagPath } from '@deid-share/dicom';

/** What must have become of one element (docs/evaluate.md). */
export type ElementExpectation =
  | { readonly path: string; readonly expect: 'removed' | 'emptied' | 'replaced' | 'retained' }
  | { readonly path: string; readonly expect: 'shifted'; readonly days: { readonly min: number; readonly max: number } }
  | { readonly path: string; readonly expect: 'shifted'; readonly value: string }
  | { readonly path: string; readonly expect: 'cleaned'; readonly absent: readonly string[] };

/** A rectangle of one frame whose pixels must all have one value in the output (burned-in text blanked). */
export interface BlankRegion {
  readonly frame: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type Outcome = 'de-identified' | 'withheld';

export interface KeyedFile {
  /** Path of the input, relative to the evaluated folder. */
  readonly file: string;
  /** Outcomes that are right for this file; default: de-identified only. */
  readonly outcome: readonly Outcome[];
  readonly elements: readonly ElementExpectation[];
  readonly blankRegions: readonly BlankRegion[];
}

export interface AnswerKey {
  readonly description: string;
  readonly files: readonly KeyedFile[];
}

export const ANSWER_KEY_FORMAT = 'deid-share-answer-key/1';
const EXPECTATIONS = ['removed', 'emptied', 'replaced', 'retained', 'shifted', 'cleaned'];
const OUTCOMES: readonly Outcome[] = ['de-identified', 'withheld'];

type Json = Record<string, unknown>;

class KeyReader {
  constructor(readonly source: string) {}

  fail(where: string, problem: string): never {
    throw new Error(`answer key ${this.source}: ${where} ${problem} (see docs/evaluate.md)`);
  }

  object(value: unknown, where: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(where, 'must be an object');
    return value as Json;
  }

  array(value: unknown, where: string): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(where, 'must be an array');
    return value;
  }

  integer(value: unknown, where: string): number {
    if (!Number.isInteger(value)) this.fail(where, 'must be an integer');
    return value as number;
  }

  element(value: unknown, where: string): ElementExpectation {
    const entry = this.object(value, where);
    const path = entry.path;
    if (typeof path !== 'string') this.fail(`${where}.path`, 'must be a tag path such as "(0040,A730)[0].(0040,A160)"');
    try {
      parseTagPath(path);
    } catch (error) {
      this.fail(`${where}.path`, (error as Error).message);
    }
    if (!EXPECTATIONS.includes(entry.expect as string)) this.fail(`${where}.expect`, `must be one of ${EXPECTATIONS.join(', ')}`);
    if (entry.expect === 'shifted') {
      if (typeof entry.value === 'string') return { path, expect: 'shifted', value: entry.value };
      const days = this.object(entry.days, `${where}.days (or a "value")`);
      return { path, expect: 'shifted', days: { min: this.integer(days.min, `${where}.days.min`), max: this.integer(days.max, `${where}.days.max`) } };
    }
    if (entry.expect === 'cleaned') {
      const absent = this.array(entry.absent, `${where}.absent`);
      if (absent.length === 0 || !absent.every((text) => typeof text === 'string' && text !== '')) this.fail(`${where}.absent`, 'must list the strings that must not remain');
      return { path, expect: 'cleaned', absent: absent as string[] };
    }
    return { path, expect: entry.expect as 'removed' | 'emptied' | 'replaced' | 'retained' };
  }

  region(value: unknown, where: string): BlankRegion {
    const entry = this.object(value, where);
    const region = {
      frame: entry.frame === undefined ? 0 : this.integer(entry.frame, `${where}.frame`),
      x: this.integer(entry.x, `${where}.x`),
      y: this.integer(entry.y, `${where}.y`),
      width: this.integer(entry.width, `${where}.width`),
      height: this.integer(entry.height, `${where}.height`),
    };
    if (region.width <= 0 || region.height <= 0 || region.x < 0 || region.y < 0) this.fail(where, 'must have x, y >= 0 and a positive width and height');
    return region;
  }

  file(value: unknown, where: string): KeyedFile {
    const entry = this.object(value, where);
    if (typeof entry.file !== 'string' || entry.file === '') this.fail(`${where}.file`, 'must name the input file, relative to the evaluated folder');
    const outcome = entry.outcome === undefined ? ['de-identified'] : this.array(entry.outcome, `${where}.outcome`);
    if (outcome.length === 0 || !outcome.every((item) => OUTCOMES.includes(item as Outcome))) this.fail(`${where}.outcome`, `must list some of ${OUTCOMES.join(', ')}`);
    return {
      file: entry.file,
      outcome: outcome as Outcome[],
      elements: this.array(entry.elements, `${where}.elements`).map((element, index) => this.element(element, `${where}.elements[${index}]`)),
      blankRegions: this.array(entry.blankRegions, `${where}.blankRegions`).map((region, index) => this.region(region, `${where}.blankRegions[${index}]`)),
    };
  }
}

/** Reads and checks an answer key; every problem names the file, the entry and what to write instead. */
export function parseAnswerKey(text: string, source: string): AnswerKey {
  const reader = new KeyReader(source);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    reader.fail('', `is not valid JSON: ${(error as Error).message}`);
  }
  const key = reader.object(data, 'the top level');
  if (key.format !== ANSWER_KEY_FORMAT) reader.fail('"format"', `must be "${ANSWER_KEY_FORMAT}"`);
  return {
    description: typeof key.description === 'string' ? key.description : '',
    files: reader.array(key.files, '"files"').map((file, index) => reader.file(file, `files[${index}]`)),
  };
}

export function loadAnswerKey(path: string): AnswerKey {
  return parseAnswerKey(readFileSync(path, 'utf8'), path);
}
