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

describe('pseudonym tables', () => {
  it('rejects a second pseudonym for a subject and a pseudonym already held, per namespace', async () => {
    const store = await openStateStore(join(dir, 'state.sqlite'));
    const { pseudonyms } = store;
    expect(await pseudonyms.linkPseudonym(link('ns', 'k1', 'P1'))).toBe('linked');
    expect(await pseudonyms.linkPseudonym(link('ns', 'k1', 'P2'))).toBe('conflict-subject');
    expect(await pseudonyms.linkPseudonym(link('ns', 'k2', 'P1'))).toBe('conflict-pseudonym');
    expect(await pseudonyms.linkPseudonym(link('other', 'k2', 'P1'))).toBe('linked');
    expect(await pseudonyms.findLinkedPseudonym('ns', 'k1')).toBe('P1');
    expect(await pseudonyms.findLinkedPseudonym('ns', 'k2')).toBeUndefined();
    await store.close();
  });

  it('lists a subject’s pseudonyms across namespaces and finds links by pseudonym', async () => {
    const store = await openStateStore(join(dir, 'state.sqlite'));
    const { pseudonyms } = store;
    await pseudonyms.linkPseudonym(link('a', 'k1', 'P1'));
    await pseudonyms.linkPseudonym(link('b', 'k1', 'Q1'));
    await pseudonyms.linkPseudonym(link('b', 'k2', 'P1'));
    expect(await pseudonyms.listPseudonymsForSubject('k1')).toEqual([
      { namespace: 'a', pseudonym: 'P1' },
      { namespace: 'b', pseudonym: 'Q1' },
    ]);
    expect(await pseudonyms.findLinksByPseudonym('P1')).toEqual([link('a', 'k1', 'P1'), link('b', 'k2', 'P1')]);
    expect(await pseudonyms.listPseudonymsForSubject('nobody')).toEqual([]);
    await store.close();
  });

  it('counts per namespace, atomically under concurrent calls and across reopen', async () => {
    const path = join(dir, 'state.sqlite');
    const first = await openStateStore(path);
    const values = await Promise.all(Array.from({ length: 100 }, () => first.pseudonyms.nextCounter('t')));
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await first.pseudonyms.nextCounter('other')).toBe(1);
    await first.close();

    const second = await openStateStore(path);
    expect(await second.pseudonyms.nextCounter('t')).toBe(101);
    await second.close();
  });

  it('shares counters and links between two connections to one file (two processes)', async () => {
    const path = join(dir, 'state.sqlite');
    const [one, two] = await Promise.all([openStateStore(path), openStateStore(path)]);
    expect(await one.pseudonyms.nextCounter('t')).toBe(1);
    expect(await two.pseudonyms.nextCounter('t')).toBe(2);
    expect(await one.pseudonyms.linkPseudonym(link('ns', 'k1', 'P1'))).toBe('linked');
    expect(await two.pseudonyms.linkPseudonym(link('ns', 'k1', 'P9'))).toBe('conflict-subject');
    await Promise.all([one.close(), two.close()]);
  });
});
