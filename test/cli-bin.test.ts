/**
 * The `deid-share` command exists right after `npm ci`: npm links a workspace's bin before `prepare` builds, and
 * skips a bin whose file is missing, so the bin is a committed file that runs the built entry point.
 * (CI also runs the README's CLI lines on its fresh clone right after `npm ci`: tools/check/readme-cli.mjs.)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNodeScript } from './support/node-script.js';

const ROOT = new URL('..', import.meta.url).pathname;

describe('the deid-share bin', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = join('packages/cli', manifest.bin['deid-share'] ?? '');

  it('is a file in the repository, so npm can link it before anything is built, and the lock file agrees', () => {
    expect(execFileSync('git', ['ls-files', '--error-unmatch', bin], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(bin);
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { bin?: Record<string, string> }> };
    expect(join('packages/cli', lock.packages['packages/cli']?.bin?.['deid-share'] ?? '')).toBe(bin);
  });

  it('runs the built command', async () => {
    const result = await runNodeScript(join(ROOT, bin), ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}deid-share deidentify --profile/);
  });

  it('before a build, says what to run instead of failing obscurely', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'cli-bin-'));
    try {
      // The package as npm ci leaves it on a fresh clone: its manifest and bin, no dist/ yet.
      writeFileSync(join(copy, 'package.json'), JSON.stringify({ type: 'module' }));
      mkdirSync(join(copy, 'bin'));
      copyFileSync(join(ROOT, bin), join(copy, 'bin', 'deid-share.js'));
      const result = await runNodeScript(join(copy, 'bin', 'deid-share.js'), ['--help']);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toMatch(/deid-share is not built yet: run `npm run build`/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
