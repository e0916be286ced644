/**
 * Everything the viewer tests run against, all real and on loopback: a source Orthanc with DICOMweb holding the
 * sample studies, two peer Orthancs, the sidecar (`deid-share serve`, as deployed) and the viewer host serving the
 * published OHIF viewer with our plugins, proxying /dicom-web to the source and /api to the sidecar, for signed-in
 * browsers only.
 */
import { startOrthanc, type LocalOrthanc } from '@deid-share/orthanc-local';
import { loadAuthConfig } from '@deid-share/sidecar';
import { startViewerHost, type ViewerHost } from '@deid-share/viewer-host';
import { buildPlugins } from '../../../tools/ohif/build-plugins.mjs';
import { installOhif } from '../../../tools/ohif/install.mjs';
import { startChild, writeDeployment, type ChildSidecar, type Deployment } from '../../support/sidecar.js';
import { createStudy, type StudySpec } from '../../support/studies.js';
import { startInstanceGate, type InstanceGate } from './instanceGate.js';
import { allStarted, startedParts } from './startedParts.js';

export const PEERS = {
  /** EUCanImage profile; its incoming instances pass the test's gate. */
  amsterdam: 'lab-amsterdam',
  /** Health-RI strict profile; a test stops it to show a failed share. */
  registry: 'registry-nl',
} as const;

export interface ViewerDeployment {
  source: LocalOrthanc;
  peers: Record<keyof typeof PEERS, LocalOrthanc>;
  /** Holds instances arriving at lab-amsterdam, to look at a running share. */
  gate: InstanceGate;
  sidecar: ChildSidecar;
  /** The sidecar's tokens by role (radiologist, admin, orthanc). */
  tokens: Deployment['tokens'];
  host: ViewerHost;
  /** The viewer host's log lines. */
  hostLog: string[];
  stop(): Promise<void>;
}

export async function startViewerDeployment(studies: StudySpec[]): Promise<ViewerDeployment> {
  const ohifDist = installOhif();
  await buildPlugins();
  const parts = startedParts();
  const { keep, stop } = parts;
  try {
    const gate = await keep(startInstanceGate());
    // Orthanc requires basic auth: the viewer host adds it server-side, the browser never has the password.
    const [source, amsterdam, registry] = await allStarted([
      keep(startOrthanc({ name: 'source', dicomWeb: true, users: { viewer: 'e2e-viewer-password' } })),
      keep(startOrthanc({ name: 'amsterdam', users: { sidecar: 'e2e-amsterdam-password' }, luaScripts: [gate.luaScript] })),
      keep(startOrthanc({ name: 'registry', users: { sidecar: 'e2e-registry-password' } })),
    ]);
    for (const study of studies) await createStudy(source.url, study, source.credentials);
    const deployment = await writeDeployment({
      source,
      peers: [
        { name: PEERS.amsterdam, description: 'Tumour imaging research group', orthanc: amsterdam, profile: 'eucanimage' },
        { name: PEERS.registry, description: 'National cohort registry', orthanc: registry, profile: 'health-ri-strict' },
      ],
    });
    parts.add({ stop: deployment.remove });
    const sidecar = await keep(startChild(deployment));
    // The host accepts the sidecar's own credentials; the browser signs in for a session (newPage in the test).
    const hostLog: string[] = [];
    const host = await keep(
      startViewerHost({
        ohifDist,
        orthancUrl: source.url,
        orthancAuth: source.credentials,
        sidecarUrl: sidecar.url,
        auth: loadAuthConfig(deployment.configPath),
        log: (line) => hostLog.push(line),
      }),
    );
    return { source, peers: { amsterdam, registry }, gate, sidecar, tokens: deployment.tokens, host, hostLog, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
