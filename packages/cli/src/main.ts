#!/usr/bin/env node
import { runDeidentify } from './commands/deidentify.js';
import { runProfiles } from './commands/profiles.js';
import { USAGE, UsageError } from './usage.js';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'deidentify':
      return runDeidentify(args);
    case 'profiles':
      return runProfiles(args);
    case undefined:
    case '--help':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`deid-share: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(`deid-share: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  },
);
