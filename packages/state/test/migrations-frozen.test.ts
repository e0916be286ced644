import { createHash } from 'node:crypto';

import type { Migration } from '../src/migration.js';
import { SQLITE_MIGRATIONS } from '../src/sqlite/migrations/index.js';

/**
 * A shipped migration has run on databases in the field: editing it (or a constant its CHECKs are generated from)
 * would give new installs a schema old ones never get. Change the schema with a new numbered migration and pin its
 * checksum here; never change a pinned one.
 */
const SHIPPED: Record<string, { migrations: readonly Migration[]; sha256: readonly string[] }> = {
  sqlite: {
    migrations: SQLITE_MIGRATIONS,
    sha256: [
      'eeec655a481db5c51fd719d340991c8e6f242ebf13d5bf0039f2b90e3f1feb62',
      'd6074ea544d4038000ce638708dac3d0091ddcc3f2c6c4acebafee767dec16a3',
      'cfd053a1a408d70a9c53f34dc04134b2ead1e4dc3449a6c042f49154885e75d3',
      '9bb69a692c40a6365e2a0ece9a8ee200b89446c9efb7027fafccc54c61f3cfb5',
      'c894f8764a932dd34251f9078eb1c6279de814b9a917ab506bca2ffb20ff8f6f',
    ],
  },
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(Object.entries(SHIPPED))('%s migrations', (_dialect, { migrations, sha256: pinned }) => {
  it('keeps every shipped migration byte for byte, and pins every migration', () => {
    expect(migrations.map((migration) => sha256(migration.sql))).toEqual(pinned);
  });

  it('is numbered 1..n in order', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });
});
