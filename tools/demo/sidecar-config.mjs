// Writes the sidecar's config file for local Orthanc servers: passwords and the project secret by file reference,
// tokens by their sha-256 only (docs/config.example.json describes every field).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * @param layout    from demoLayout()
 * @param options   { port, source: { url, username? }, peers: [{ name, description, url, username?, profile, options? }],
 *                    routing?, tokens: role → token, limits?, logLevel?, state?, configPath? }
 * Servers with a username use the Orthanc password file of the layout. `state` replaces the layout's SQLite file
 * (a PostgreSQL database shared by several workers); `configPath` writes another file than the layout's (a second
 * worker). Returns the config's path.
 */
export function writeSidecarConfig(layout, options) {
  const credentials = (username) => (username ? { credentials: { username, passwordFile: layout.orthancPassword } } : {});
  const config = {
    listen: { host: '127.0.0.1', port: options.port },
    state: options.state ?? layout.sidecarState,
    projectSecretFile: layout.projectKey,
    siteId: 'DEMO01',
    source: { url: options.source.url, ...credentials(options.source.username) },
    peers: options.peers.map((peer) => ({
      name: peer.name,
      description: peer.description,
      url: peer.url,
      ...credentials(peer.username),
      profile: peer.profile,
      options: peer.options ?? [],
    })),
    routing: options.routing ?? [],
    auth: {
      tokens: Object.entries(options.tokens).map(([role, token]) => ({ name: `demo-${role}`, sha256: sha256(token), roles: [role] })),
    },
    ...(options.limits ? { limits: options.limits } : {}),
    logLevel: options.logLevel ?? 'info',
  };
  const configPath = options.configPath ?? layout.sidecarConfig;
  mkdirSync(dirname(configPath), { recursive: true, mode: 0o700 });
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return configPath;
}
