import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { assertStateOutsideOutput, defaultStatePath } from '../src/index.js';

describe('defaultStatePath', () => {
  const home = resolve('/home/alice');

  it('prefers DEID_SHARE_STATE, made absolute', () => {
    expect(defaultStatePath({ DEID_SHARE_STATE: 'custom/state.db', XDG_STATE_HOME: '/x' }, home)).toBe(
      resolve('custom/state.db'),
    );
  });

  it('then XDG_STATE_HOME', () => {
    expect(defaultStatePath({ XDG_STATE_HOME: '/var/state' }, home)).toBe(join('/var/state', 'deid-share', 'state.sqlite'));
  });

  it('falls back to ~/.local/state, ignoring a relative XDG_STATE_HOME as the XDG spec requires', () => {
    const fallback = join(home, '.local', 'state', 'deid-share', 'state.sqlite');
    expect(defaultStatePath({}, home)).toBe(fallback);
    expect(defaultStatePath({ XDG_STATE_HOME: 'relative/state' }, home)).toBe(fallback);
    expect(defaultStatePath({ DEID_SHARE_STATE: '' }, home)).toBe(fallback);
  });
});

describe('assertStateOutsideOutput', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deid-path-'));
    mkdirSync(join(dir, 'out'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a state file inside the output folder, even one not created yet', () => {
    expect(() => assertStateOutsideOutput(join(dir, 'out', 'state.sqlite'), join(dir, 'out'))).toThrow(
      /lies inside the output folder .*never be shared/,
    );
    expect(() => assertStateOutsideOutput(join(dir, 'out', 'deep', 'x', 'state.sqlite'), join(dir, 'out'))).toThrow(
      /inside the output folder/,
    );
  });

  it('refuses the output folder itself and paths that reach it through ..', () => {
    expect(() => assertStateOutsideOutput(join(dir, 'out'), join(dir, 'out'))).toThrow(/inside the output folder/);
    expect(() => assertStateOutsideOutput(join(dir, 'elsewhere', '..', 'out', 's.sqlite'), join(dir, 'out'))).toThrow(
      /inside the output folder/,
    );
  });

  it('sees through a symlink that hides the nesting', () => {
    symlinkSync(join(dir, 'out'), join(dir, 'alias'));
    expect(() => assertStateOutsideOutput(join(dir, 'alias', 'state.sqlite'), join(dir, 'out'))).toThrow(
      /inside the output folder/,
    );
  });

  it('accepts siblings, including a folder whose name merely starts like the output’s', () => {
    expect(() => assertStateOutsideOutput(join(dir, 'state', 'state.sqlite'), join(dir, 'out'))).not.toThrow();
    expect(() => assertStateOutsideOutput(join(dir, 'out2', 'state.sqlite'), join(dir, 'out'))).not.toThrow();
    expect(() => assertStateOutsideOutput(join(dir, '..out', 'state.sqlite'), join(dir, 'out'))).not.toThrow();
  });
});
