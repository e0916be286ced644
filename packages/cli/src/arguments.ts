import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isOptionId, type OptionId } from '@deid-share/engine';
import { UsageError } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: T }>>;

/** A command's options and positional arguments; a mistake in them is a usage error (exit code 2). */
export function parseCommandArgs<T extends Options>(args: readonly string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --option values: each must be one of the PS3.15 options. */
export function optionIds(values: readonly string[] | undefined): OptionId[] {
  return (values ?? []).map((option) => {
    if (!isOptionId(option)) throw new UsageError(`--option ${option} is not one of the PS3.15 options`);
    return option;
  });
}
