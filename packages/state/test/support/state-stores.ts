import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { postgresAvailable, startPostgres, type LocalPostgres } from '@deid-share/postgres-local';

import { openPostgresStateStore, openStateStore, type StateStore } from '../../src/index.js';

/** One store's location for one test: open() connects again to the same data (a reopen, or a second process). */
export interface StoreSite {
  open(): Promise<StateStore>;
}

const KINDS = ['sqlite', 'postgres'] as const;
let databases = 0;

/**
 * Runs the same tests against every state store: SQLite in a temporary file, PostgreSQL in a private cluster (one
 * per test file, a fresh database per test). Without PostgreSQL its half is skipped, except in CI, where it fails.
 */
export function describeEachStateStore(body: (site: () => StoreSite) => void): void {
  describe.each(KINDS)('%s state store', (kind) => {
    const missing = kind === 'postgres' ? postgresAvailable() : undefined;
    if (missing && process.env.CI !== 'true') {
      it.skip(`needs PostgreSQL: ${missing}`, () => undefined);
      return;
    }
    let cluster: LocalPostgres | undefined;
    let dir: string;
    let site: StoreSite;
    beforeAll(async () => {
      if (kind === 'postgres') cluster = await startPostgres();
    });
    afterAll(async () => {
      await cluster?.stop();
    });
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'deid-state-'));
      if (kind === 'sqlite') {
        const path = join(dir, 'state.sqlite');
        site = { open: () => openStateStore(path) };
      } else {
        const running = cluster as LocalPostgres;
        const url = await running.createDatabase(`test_${++databases}`);
        site = { open: () => openPostgresStateStore({ url, password: running.password }) };
      }
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    body(() => site);
  });
}
