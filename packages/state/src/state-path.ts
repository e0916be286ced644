import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Where the state lives unless configured: $DEID_SHARE_STATE, else the XDG state directory
 * (state is neither configuration nor cache: losing it loses the pseudonym linkage).
 */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env, homeDir: string = homedir()): string {
  if (env.DEID_SHARE_STATE) return resolve(env.DEID_SHARE_STATE);
  // The XDG spec says relative values are invalid and must be ignored.
  const xdgStateHome = env.XDG_STATE_HOME;
  const stateHome = xdgStateHome && isAbsolute(xdgStateHome) ? xdgStateHome : join(homeDir, '.local', 'state');
  return join(stateHome, 'deid-share', 'state.sqlite');
}

/** The linkage must never travel with the data: refuse a state file inside (or equal to) an output folder. */
export function assertStateOutsideOutput(statePath: string, outputDir: string): void {
  const state = canonicalPath(statePath);
  const output = canonicalPath(outputDir);
  const fromOutput = relative(output, state);
  const inside = fromOutput === '' || (fromOutput !== '..' && !fromOutput.startsWith(`..${sep}`) && !isAbsolute(fromOutput));
  if (inside) {
    throw new Error(
      `The state file ${statePath} lies inside the output folder ${outputDir}. It holds the pseudonym linkage, ` +
        'which must never be shared with the de-identified data: ' +
        'move the state (set DEID_SHARE_STATE) or choose another output folder.',
    );
  }
}

/** Absolute path with symlinks resolved as far as the path exists, so a link cannot hide the nesting. */
function canonicalPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(canonicalPath(parent), basename(absolute));
}
