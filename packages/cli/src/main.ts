#!/usr/bin/env node
import { USAGE, UsageError } from './usage.js';

// Each command is imported when it runs: `deidentify` on a folder should not pay for loading the web service.

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'deidentify':
      return (await import('./commands/deidentify.js')).runDeidentify(args);
    case 'profiles':
      return (await import('./commands/profiles.js')).runProfiles(args);
    case 'evaluate':
      return (await import('./commands/evaluate.js')).runEvaluate(args);
    case 'scan':
      return (await import('./commands/scan.js')).runScan(args);
    case 'pseudonym':
      return (await import('./commands/pseudonym.js')).runPseudonym(args);
    case 'serve':
      return (await import('./commands/serve.js')).runServe(args);
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
