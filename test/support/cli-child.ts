/** The deid-share command run as a child process, as other tools run it, with its exit code and peak memory. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI = new URL('../../packages/cli/dist/main.js', import.meta.url).pathname;
const PEAK_RSS = new URL('./peak-rss.mjs', import.meta.url).pathname;

export interface CliRun {
  /** Exit code, or null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size in bytes; undefined when the process did not exit by itself. */
  readonly peakRss: number | undefined;
}

/** Runs `deid-share <args>`; `onStart` gets the child (to kill it midway). */
export function runCli(args: readonly string[], onStart?: (child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  const rssDir = mkdtempSync(join(tmpdir(), 'deid-rss-'));
  const rssFile = join(rssDir, 'peak');
  const child = spawn(process.execPath, ['--import', PEAK_RSS, CLI, ...args], { env: { ...process.env, PEAK_RSS_FILE: rssFile } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  onStart?.(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const peakRss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
      rmSync(rssDir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, peakRss });
    });
  });
}
