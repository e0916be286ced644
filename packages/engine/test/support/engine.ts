import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, loadProfile, parseProfile, type InstanceResult, type OptionId } from '@deid-share/engine';
import { openStateStore } from '@deid-share/state';

/** The moment every test engine de-identifies at (profiles with current-date cleaning write its day). */
export const TEST_NOW = new Date('2026-01-02T03:04:05Z');

export const TEST_SECRET = new Uint8Array(32).map((_, i) => i + 1);

export interface TestEngineOptions {
  profile?: string;
  /** A profile given as JSON text, for tests of profile features. */
  profileJson?: object;
  options?: OptionId[];
  secret?: Uint8Array;
}

/** An engine over a real state file in a fresh temp folder, as the CLI builds it. */
export async function testEngine(options: TestEngineOptions = {}): Promise<{ engine: DeidEngine; close: () => Promise<void> }> {
  const profile = options.profileJson
    ? parseProfile(JSON.stringify(options.profileJson), 'test profile')
    : loadProfile(options.profile ?? 'ps3.15-basic');
  const secret = options.secret ?? TEST_SECRET;
  const store = await openStateStore(join(mkdtempSync(join(tmpdir(), 'deid-engine-')), 'state.sqlite'));
  const engine = createEngine({ profile, extraOptions: options.options ?? [], secret, store: store.pseudonyms, siteId: 'SITE1', jobId: 'test-job', now: () => TEST_NOW });
  return { engine, close: () => store.close() };
}

export function expectOk(result: InstanceResult): Extract<InstanceResult, { status: 'ok' }> {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}: ${result.reason}`);
  return result;
}
