/** One numbered step of a schema's history: plain SQL, applied once, never edited after it has shipped. */
export interface Migration {
  /** 1, 2, 3…: the order of application and the schema version it leaves. */
  readonly version: number;
  /** Shown in errors; what the migration adds. */
  readonly description: string;
  readonly sql: string;
}

/** Checks that a dialect's list is numbered 1..n without gaps, so a misplaced file fails at once. */
export function numbered(migrations: readonly Migration[]): readonly Migration[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.description}" is numbered ${migration.version} but is number ${index + 1} in the list`);
    }
  });
  return migrations;
}
