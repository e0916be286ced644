// `npm run demo`: a hospital's source Orthanc (DICOMweb, Lua auto-share trigger), two research peers with different
// profiles, the sidecar, and the OHIF viewer with De-identify & Share on one origin, all on loopback. Loads the
// sample studies, shares one on request through the API, prints where everything is (stdout, one line each), and
// runs until SIGINT/SIGTERM, which stops everything it started. Progress goes to stderr.
//
// The demo folder (default .demo/, or DEID_SHARE_DEMO_DIR) keeps keys, tokens and the sidecar's state apart
// from the Orthanc servers' storage (docs/demo.md). With `--postgres` (or DEID_SHARE_DEMO_POSTGRES=1) the state is a
// private PostgreSQL cluster in a temporary folder, shared by two sidecar workers (docs/sidecar.md, "Scaling out").
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OrthancClient } from '@deid-share/orthanc-client';
import { loadAuthConfig } from '@deid-share/sidecar';
import { findFreeLoopbackPort } from '@deid-share/orthanc-local';
import { startPostgres } from '@deid-share/postgres-local';

import { demoLayout, ensureSecrets, ROLES } from './demo-folder.mjs';
import { ensureOrthancPackages } from './orthanc-packages.mjs';
import { ORTHANC_USER, PEERS, ROUTING, startOrthancServers } from './orthanc-servers.mjs';
import { loadSamples, SHARED_ON_REQUEST } from './samples.mjs';
import { describeJob, shareAndWait } from './share-request.mjs';
import { writeSidecarConfig } from './sidecar-config.mjs';
import { startSidecarProcess } from './sidecar-process.mjs';
import { Shutdown } from './shutdown.mjs';
import { prepareViewer, startViewer } from './viewer.mjs';

const log = (line) => process.stderr.write(`demo: ${line}\n`);
const demoDir = process.env.DEID_SHARE_DEMO_DIR || fileURLToPath(new URL('../../.demo/', import.meta.url));
const onPostgres = process.argv.includes('--postgres') || process.env.DEID_SHARE_DEMO_POSTGRES === '1';
const shutdown = new Shutdown();
shutdown.exitOnSignals(log);

async function main() {
  ensureOrthancPackages(log);
  const layout = demoLayout(demoDir);
  const { tokens, orthancPassword } = ensureSecrets(layout);
  const viewerFiles = await prepareViewer(join(demoDir, 'viewer-plugins'), log);

  log('starting the Orthanc servers…');
  const sidecarUrl = `http://127.0.0.1:${await findFreeLoopbackPort()}`;
  const { source, peers } = await startOrthancServers(layout, { password: orthancPassword, sidecarUrl, tokenFile: layout.token('orthanc') }, shutdown);

  let state;
  if (onPostgres) {
    log('starting PostgreSQL (a private cluster in a temporary folder)…');
    const cluster = await startPostgres();
    shutdown.add('PostgreSQL', () => cluster.stop());
    state = { url: await cluster.createDatabase('deid_share'), passwordFile: cluster.passwordFile };
  }
  // On PostgreSQL a second worker shares the state (and the work); Orthanc and the viewer call the first.
  const workerUrls = [sidecarUrl, ...(onPostgres ? [`http://127.0.0.1:${await findFreeLoopbackPort()}`] : [])];
  log(onPostgres ? 'starting two sidecar workers…' : 'starting the sidecar…');
  const configPaths = [];
  for (const [index, url] of workerUrls.entries()) {
    const configPath = writeSidecarConfig(layout, {
      port: Number(new URL(url).port),
      source: { url: source.url, username: ORTHANC_USER },
      peers: PEERS.map((peer) => ({ ...peer, url: peers[peer.name].url, username: ORTHANC_USER })),
      routing: ROUTING,
      tokens,
      ...(state ? { state, configPath: layout.sidecarConfig.replace(/\.json$/, `-${index + 1}.json`) } : {}),
    });
    const logPath = index === 0 ? layout.sidecarLog : layout.sidecarLog.replace(/\.log$/, `-${index + 1}.log`);
    const sidecar = await startSidecarProcess({ configPath, url, logPath });
    shutdown.add(`sidecar worker ${index + 1}`, () => sidecar.stop());
    configPaths.push(configPath);
  }
  const configPath = configPaths[0];

  const viewer = await startViewer(viewerFiles, {
    orthancUrl: source.url,
    orthancAuth: source.credentials,
    sidecarUrl,
    auth: loadAuthConfig(configPath),
    logPath: layout.viewerLog,
  });
  shutdown.add('the viewer host', () => viewer.stop());

  const client = new OrthancClient({ url: source.url, auth: source.credentials });
  try {
    log(`loaded ${await loadSamples(client)} sample instances into the source Orthanc`);
  } finally {
    await client.close();
  }

  log(`sharing "${SHARED_ON_REQUEST.description}" with ${PEERS.map((peer) => peer.name).join(' and ')} through the API…`);
  // Through the last worker: any worker answers any request.
  const job = await shareAndWait(workerUrls.at(-1), tokens.radiologist, { studyInstanceUID: SHARED_ON_REQUEST.studyInstanceUID, peers: PEERS.map((peer) => peer.name) });
  describeJob(job).forEach((line) => log(`  ${line}`));
  if (job.status !== 'done') throw new Error(`the share ended ${job.status}: ${job.reason ?? 'see the sidecar log'} (${layout.sidecarLog})`);

  // The radiologist opens this link and is signed in: it holds a one-time code, the token stays in its file.
  const signIn = await viewer.signInLink(tokens.radiologist, { next: `/deid-share?StudyInstanceUIDs=${SHARED_ON_REQUEST.studyInstanceUID}` });
  const lines = [
    `source: ${source.url}`,
    ...PEERS.map((peer) => `peer ${peer.name}: ${peers[peer.name].url}`),
    `sidecar: ${sidecarUrl}`,
    ...workerUrls.slice(1).map((url, index) => `sidecar worker ${index + 2}: ${url}`),
    `viewer: ${viewer.url}`,
    `viewer sign-in: ${signIn}`,
    `admin: ${viewer.url}/admin`,
    ...ROLES.map((role) => `token ${role}: ${layout.token(role)}`),
    `orthanc login: ${ORTHANC_USER}, password in ${layout.orthancPassword}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  log('open the viewer sign-in link (once; it signs you in as the radiologist) to share from the viewer;');
  log(`open the admin console (${viewer.url}/admin) and sign in with the token in ${layout.token('admin')} to manage peers, shares, erasure and the audit log;`);
  log(`MR studies reach federated-node by themselves (Lua trigger, rule ${ROUTING[0].name}); API: ${sidecarUrl}/api/v1/openapi.json`);
  log('running until Ctrl-C');
}

main().catch(async (error) => {
  if (shutdown.started) return; // interrupted while starting: the signal handler stops everything and exits
  log(`failed: ${error.message}`);
  await shutdown.run(log);
  process.exit(1);
});
