import { createHash } from 'node:crypto';

import type { Migration } from '../src/migration.js';
import { POSTGRES_MIGRATIONS } from '../src/postgres/migrations/index.js';
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
  postgres: {
    migrations: POSTGRES_MIGRATIONS,
    sha256: [
      '8e387d7a11e103df8c6571b75e272aab46a6675c3fe0dc7967fc1db8adb3fd4d',
      '8f70bd572ebe144d8823ae91c88a60761054b10b2bd225580b4b66527b970ace',
      '81872fdf52f0deb2ad7df8ede968c4088257a50814264580f38a6b81cdb49947',
      '0d01f9cbb7f221ffe6ae50244ef853fc6e4c7540ddf09b1535d8ab1871045602',
      '443f250fc6ab562f8120acdf5cd96515e05d1fec2bb8bbadf7d678934bbf22cb',
      '3bcafb0c0cb33ae332a75a4cf882e2b0a87d92a4511fdb45892431a56645a053',
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
