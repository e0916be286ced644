import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

const TIMEOUT_MS = 120_000;

/**
 * Runs a command-line tool to completion and returns its output as Latin-1 text (DICOM values are bytes).
 * A tool that cannot be started is an error naming the tool, never an empty result that would look like a verdict.
 */
export function runTool(tool: string, args: readonly string[], installHint: string): SpawnSyncReturns<string> {
  const result = spawnSync(tool, args, {
    encoding: 'latin1',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    timeout: TIMEOUT_MS,
  });
  if (result.error) throw new Error(`${tool} could not be run (${result.error.message}): ${installHint}`);
  return result;
}
