import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { openStateStore } from '../src/index.js';
import { SQLITE_MIGRATIONS as MIGRATIONS } from '../src/sqlite/migrations/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;
const link = (namespace: string, subjectKey: string, pseudonym: string) => ({
  namespace,
  subjectKey,
  pseudonym,
  sealedSubject: `sealed-${subjectKey}`,
});

describe('openStateStore file handling', () => {
  it('creates missing parent folders 0700 and the file 0600, and WAL companions stay private', async () => {
    const path = join(dir, 'a', 'b', 'state.sqlite');
    const store = await openStateStore(path);
    await store.pseudonyms.nextCounter('ns'); // forces a write, so -wal and -shm exist
    expect(mode(join(dir, 'a'))).toBe(0o700);
    expect(mode(join(dir, 'a', 'b'))).toBe(0o700);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}-shm`)).toBe(0o600);
    await store.close();
  });

  it('tightens an existing world-readable state file to 0600', async () => {
    const path = join(dir, 'state.sqlite');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    await (await openStateStore(path)).close();
    expect(mode(path)).toBe(0o600);
  });

  it('leaves the file in WAL mode', async () => {
    const path = join(dir, 'state.sqlite');
    await (await openStateStore(path)).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('migrations', () => {
  it('records the schema version and is idempotent on reopen, keeping the data', async () => {
    const path = join(dir, 'state.sqlite');
    const first = await openStateStore(path);
    expect(await first.pseudonyms.linkPseudonym(link('ns', 'k1', 'P1'))).toBe('linked');
    await first.close();

    const second = await openStateStore(path);
    expect(await second.pseudonyms.findLinkedPseudonym('ns', 'k1')).toBe('P1');
    await second.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['pseudonym_counter', 'pseudonym_link']));
    db.close();
  });

  it('refuses a state file written by a newer schema', async () => {
    const path = join(dir, 'state.sqlite');
    await (await openStateStore(path)).close();
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await expect(openStateStore(path)).rejects.toThrow(new RegExp(`schema version ${MIGRATIONS.length + 1} .*upgrade deid-share`));
  });
});
