import { asciiOf, characterSetOf, keywordOf, makeTag, parseTagPath, resolveTagPath, textOf, type DataElement, type DataSet, type PathStep } from '@deid-share/dicom';
import type { ElementExpectation } from './answer-key.js';
import type { CheckResult } from './check-result.js';

interface Located {
  readonly element: DataElement | undefined;
  readonly charset: readonly string[];
}

/** The element at a path with the character set in force there (an item may declare its own). */
function locate(dataset: DataSet, steps: readonly PathStep[]): Located {
  let holder = dataset;
  let charset = characterSetOf(dataset);
  for (const step of steps.slice(0, -1)) {
    const item = resolveTagPath(holder, [step])?.items?.[step.item ?? -1];
    if (!item) return { element: undefined, charset };
    holder = item;
    charset = characterSetOf(item, charset);
  }
  return { element: resolveTagPath(holder, steps.slice(-1)), charset };
}

const isEmpty = (element: DataElement): boolean => (element.vr === 'SQ' ? (element.items?.length ?? 0) === 0 : element.value.length === 0);
const paddingFree = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1').replace(/[\0 ]+$/, '');

/** The calendar date a DA or DT value starts with, as days since 1970; undefined when it is not a date. */
function dayNumber(element: DataElement): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(asciiOf(element));
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000 : undefined;
}

function state(element: DataElement | undefined): string {
  if (!element) return 'absent';
  return isEmpty(element) ? 'present, empty' : 'present with a value';
}

function verdict(original: DataElement | undefined, output: DataElement | undefined, outputCharset: readonly string[], expectation: ElementExpectation): { expected: string; got: string; pass: boolean } {
  switch (expectation.expect) {
    case 'removed':
      return { expected: 'removed', got: state(output), pass: !output };
    case 'emptied':
      return { expected: 'present, empty', got: state(output), pass: !!output && isEmpty(output) };
    case 'replaced': {
      if (!output || isEmpty(output)) return { expected: 'replaced by another value', got: state(output), pass: false };
      const same = !!original && paddingFree(original.value) === paddingFree(output.value);
      return { expected: 'replaced by another value', got: same ? 'unchanged' : 'another value', pass: !same };
    }
    case 'retained': {
      if (!original) return { expected: 'retained', got: 'the input has no such element: fix the key', pass: false };
      if (!output) return { expected: 'retained', got: 'absent', pass: false };
      const same = original.vr === 'SQ' ? output.vr === 'SQ' : paddingFree(original.value) === paddingFree(output.value);
      return { expected: 'retained', got: same ? 'unchanged' : 'changed', pass: same };
    }
    case 'shifted': {
      if (!output || isEmpty(output)) return { expected: 'a shifted date', got: state(output), pass: false };
      if ('value' in expectation) {
        const got = asciiOf(output);
        return { expected: `the date ${expectation.value}`, got: got === expectation.value ? 'that date' : 'another value', pass: got === expectation.value };
      }
      const before = original ? dayNumber(original) : undefined;
      const after = dayNumber(output);
      const expected = `shifted by ${expectation.days.min}..${expectation.days.max} days`;
      if (before === undefined || after === undefined) return { expected, got: after === undefined ? 'not a date' : 'the input has no date here: fix the key', pass: false };
      const shift = after - before;
      return { expected, got: `shifted by ${shift} days`, pass: shift !== 0 && shift >= expectation.days.min && shift <= expectation.days.max };
    }
    case 'cleaned': {
      const expected = `kept without ${expectation.absent.map((text) => JSON.stringify(text)).join(', ')}`;
      if (!output) return { expected, got: 'absent', pass: false };
      const text = textOf(output, outputCharset).toLowerCase();
      const left = expectation.absent.filter((phi) => text.includes(phi.toLowerCase()));
      return { expected, got: left.length > 0 ? `still contains ${left.map((phi) => JSON.stringify(phi)).join(', ')}` : 'cleaned', pass: left.length === 0 };
    }
  }
}

/** Scores one element expectation of the key against the input and its de-identified output. */
export function checkElement(expectation: ElementExpectation, original: DataSet, output: DataSet): CheckResult {
  const steps = parseTagPath(expectation.path);
  const last = steps.at(-1)!;
  const keyword = last.creator === undefined ? keywordOf(makeTag(last.group, last.element)) : undefined;
  const located = locate(output, steps);
  const result = verdict(resolveTagPath(original, steps), located.element, located.charset, expectation);
  return { subject: keyword ? `${expectation.path} ${keyword}` : expectation.path, expected: result.expected, got: result.got, status: result.pass ? 'pass' : 'fail' };
}
