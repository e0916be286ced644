/**
 * A gate in front of a real peer Orthanc's storage, so a test can look at a share while it is running.
 * The peer loads a Lua `ReceivedInstanceFilter` that asks the gate (over HTTP) before storing each incoming
 * instance; the gate answers at once, unless the test told it to hold instances after the first few. Nothing
 * else changes: the sidecar pushes to the real Orthanc, which stores what it receives once the gate opens.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface InstanceGate {
  /** The Lua script for the peer Orthanc (`startOrthanc({ luaScripts: [gate.luaScript] })`). */
  luaScript: string;
  /** From now on let `count` more instances through, then hold the rest until `open()`. */
  holdAfter(count: number): void;
  /** Resolves once an instance is being held. */
  holding(): Promise<void>;
  /** Lets every held and future instance through. */
  open(): void;
  stop(): Promise<void>;
}

export async function startInstanceGate(): Promise<InstanceGate> {
  let allowance = Number.POSITIVE_INFINITY;
  const held: ServerResponse[] = [];
  let onHold: (() => void) | null = null;
  const pass = (res: ServerResponse) => res.end('pass');

  const server = createServer((_req, res) => {
    if (allowance > 0) {
      allowance -= 1;
      return pass(res);
    }
    held.push(res);
    onHold?.();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const dir = mkdtempSync(join(tmpdir(), 'deid-share-gate-'));
  const luaScript = join(dir, 'instance-gate.lua');
  writeFileSync(
    luaScript,
    `-- Written by the e2e harness (instanceGate.ts): ask the test's gate before storing an instance.
function ReceivedInstanceFilter(dicom, origin, info)
  HttpGet('http://127.0.0.1:${port}/')
  return true
end
`,
  );

  return {
    luaScript,
    holdAfter: (count) => (allowance = count),
    holding: () => (held.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => (onHold = resolve))),
    open: () => {
      allowance = Number.POSITIVE_INFINITY;
      held.splice(0).forEach(pass);
    },
    stop: async () => {
      held.splice(0).forEach(pass);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
