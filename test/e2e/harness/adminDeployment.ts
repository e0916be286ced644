/**
 * What the admin console tests run against, all real and on loopback: a source Orthanc holding the sample study,
 * two peer Orthancs (one can be stopped and started again on its port, with its storage), the sidecar
 * (`deid-share serve`) with a routing rule, and the viewer host serving /admin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { loadAuthConfig } from '@deid-share/sidecar';
import { startViewerHost, type OidcClientOptions, type ViewerHost } from '@deid-share/viewer-host';
import { buildPlugins } from '../../../tools/ohif/build-plugins.mjs';
import { installOhif } from '../../../tools/ohif/install.mjs';
import { startChild, writeDeployment, type ChildSidecar, type Deployment, type DeploymentSpec } from '../../support/sidecar.js';
import { createStudy, type StudySpec } from '../../support/studies.js';
import { allStarted, startedParts } from './startedParts.js';

export const ADMIN_PEERS = {
  /** EUCanImage profile (keyed-hash pseudonyms); the routing rule sends CT here. */
  central: 'central-archive',
  /** Health-RI strict profile (random-linked pseudonyms); stopped and started again by the retry test. */
  registry: 'registry-nl',
} as const;

const REGISTRY_USERS = { sidecar: 'e2e-registry-password' };

export interface AdminDeployment {
  source: LocalOrthanc;
  peers: Record<keyof typeof ADMIN_PEERS, LocalOrthanc>;
  sidecar: ChildSidecar;
  tokens: Deployment['tokens'];
  host: ViewerHost;
  /** Stops the registry peer's Orthanc, keeping its storage. */
  stopRegistry(): Promise<void>;
  /** Starts the registry peer's Orthanc again, on the same port with the same storage. */
  startRegistry(): Promise<void>;
  stop(): Promise<void>;
}

export interface AdminDeploymentOptions {
  /** The sidecar's `auth.oidc` block. */
  oidc?: DeploymentSpec['oidc'];
  /** The issuer the viewer host signs users in with. */
  hostOidc?: OidcClientOptions;
  /** The viewer host's port (an OIDC client's redirect URI names it); default a free one. */
  hostPort?: number;
}

export async function startAdminDeployment(studies: StudySpec[], options: AdminDeploymentOptions = {}): Promise<AdminDeployment> {
  const ohifDist = installOhif();
  await buildPlugins();
  const registryDir = mkdtempSync(join(tmpdir(), 'deid-share-registry-'));
  const parts = startedParts();
  parts.add({ stop: () => rmSync(registryDir, { recursive: true, force: true }) });
  const { keep, stop } = parts;
  try {
    const [source, central, firstRegistry] = await allStarted([
      keep(startOrthanc({ name: 'source', users: { sidecar: 'e2e-source-password' } })),
      keep(startOrthanc({ name: 'central', users: { sidecar: 'e2e-central-password' } })),
      keep(startOrthanc({ name: 'registry', dir: registryDir, users: REGISTRY_USERS })),
    ]);
    let registry = firstRegistry;
    for (const study of studies) await createStudy(source.url, study, source.credentials);
    const deployment = await writeDeployment({
      source,
      peers: [
        { name: ADMIN_PEERS.central, description: 'Central research archive', orthanc: central, profile: 'eucanimage' },
        { name: ADMIN_PEERS.registry, description: 'National cohort registry', orthanc: registry, profile: 'health-ri-strict' },
      ],
      routing: [{ name: 'ct-to-central', match: { modality: ['CT'] }, peers: [ADMIN_PEERS.central] }],
      ...(options.oidc ? { oidc: options.oidc } : {}),
    });
    parts.add({ stop: deployment.remove });
    const sidecar = await keep(startChild(deployment));
    const host = await keep(
      startViewerHost({
        ohifDist,
        orthancUrl: source.url,
        orthancAuth: source.credentials,
        sidecarUrl: sidecar.url,
        auth: loadAuthConfig(deployment.configPath),
        log: () => undefined,
        ...(options.hostOidc ? { oidc: options.hostOidc } : {}),
        ...(options.hostPort ? { port: options.hostPort } : {}),
      }),
    );
    return {
      source,
      peers: {
        central,
        get registry() {
          return registry;
        },
      },
      sidecar,
      tokens: deployment.tokens,
      host,
      stopRegistry: () => registry.stop(),
      startRegistry: async () => {
        registry = await keep(startOrthanc({ name: 'registry', dir: registryDir, users: REGISTRY_USERS, httpPort: registry.httpPort }));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
