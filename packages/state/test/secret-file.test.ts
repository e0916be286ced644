import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readSecretFile } from '../src/index.js';

const HEX = '00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-secret-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(content: string, mode = 0o600): string {
  const path = join(dir, 'project.key');
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('readSecretFile', () => {
  it('reads 64 hex characters (either case) as 32 bytes, ignoring surrounding whitespace', async () => {
    const { secret, warning } = await readSecretFile(secretFile(`  ${HEX}\r\n`));
    expect(secret).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(secret).toString('hex')).toBe(HEX.toLowerCase());
    expect(warning).toBeUndefined();
  });

  it('names the missing file and how to create one', async () => {
    const path = join(dir, 'missing.key');
    await expect(readSecretFile(path)).rejects.toThrow(
      `Secret file ${path} does not exist. Create one with: openssl rand -hex 32 > ${path}`,
    );
  });

  it.each([
    ['too short', HEX.slice(0, 62)],
    ['too long', `${HEX}00`],
    ['not hex', `${HEX.slice(0, 63)}g`],
    ['two secrets', `${HEX}\n${HEX}`],
    ['empty', ''],
  ])('refuses a file that is %s, without echoing its content', async (_case, content) => {
    const path = secretFile(content);
    const error: Error = await readSecretFile(path).then(
      () => {
        throw new Error('expected a rejection');
      },
      (rejection: Error) => rejection,
    );
    expect(error.message).toContain(`Secret file ${path} must hold exactly 64 hexadecimal characters`);
    expect(error.message).toContain('openssl rand -hex 32');
    expect(error.message).not.toContain(HEX.slice(0, 16));
  });

  it('refuses a large file without reading it as a secret', async () => {
    await expect(readSecretFile(secretFile(HEX.repeat(100)))).rejects.toThrow(/exactly 64 hexadecimal characters/);
  });

  it('returns a warning, not an error, when group or others may read the file', async () => {
    const groupReadable = await readSecretFile(secretFile(HEX, 0o640));
    expect(groupReadable.warning).toMatch(/can be read by other users \(mode 640\); restrict it with: chmod 600/);
    const worldReadable = await readSecretFile(secretFile(HEX, 0o604));
    expect(worldReadable.warning).toMatch(/mode 604/);
    expect(Buffer.from(worldReadable.secret).toString('hex')).toBe(HEX.toLowerCase());
  });
});
