import { builtinProfileIds, isOptionId, loadProfile, type LoadedProfile, type OptionId } from '@deid-share/engine';

import type { ConfigContext } from './config-context.js';
import { orthancEndpoint } from './orthanc-endpoint.js';
import type { RawConfig } from './raw-config.js';
import type { PeerConfig } from './types.js';

/** The config's own profiles by name, as absolute paths; a name may not hide a built-in profile. */
export function namedProfiles(raw: RawConfig, context: ConfigContext): Record<string, string> {
  // No prototype: a profile named "__proto__" or "constructor" is a name like any other.
  const profiles: Record<string, string> = Object.create(null);
  for (const [name, file] of Object.entries(raw.profiles ?? {})) {
    if (builtinProfileIds().includes(name)) context.fail(`profiles.${name}`, 'has the name of a built-in profile; choose another name');
    profiles[name] = context.path(file);
  }
  return profiles;
}

/** Every peer with its Orthanc, its loaded profile and options, its secret, site and UID namespace. */
export function peerConfigs(raw: RawConfig, profiles: Record<string, string>, context: ConfigContext): PeerConfig[] {
  const { fail } = context;
  const resolveProfile = (reference: string, field: string): LoadedProfile => {
    const target = Object.hasOwn(profiles, reference) ? (profiles[reference] as string) : builtinProfileIds().includes(reference) ? reference : context.path(reference);
    try {
      return loadProfile(target);
    } catch (error) {
      return fail(field, (error as Error).message);
    }
  };
  const optionList = (values: readonly string[] | undefined, field: string): OptionId[] =>
    (values ?? []).map((option, index) => (isOptionId(option) ? option : fail(`${field}[${index}]`, `"${option}" is not a PS3.15 option`)));

  const peers: PeerConfig[] = [];
  raw.peers.forEach((peer, index) => {
    const field = `peers[${index}]`;
    if (peers.some((other) => other.name === peer.name)) fail(`${field}.name`, `"${peer.name}" is used by another peer`);
    const secretFile = peer.projectSecretFile ?? raw.projectSecretFile;
    if (!secretFile) fail(`${field}.projectSecretFile`, 'is required when there is no top-level projectSecretFile');
    const siteId = peer.siteId ?? raw.siteId;
    peers.push({
      name: peer.name,
      description: peer.description ?? '',
      orthanc: orthancEndpoint(peer, field, context),
      profile: { reference: peer.profile, loaded: resolveProfile(peer.profile, `${field}.profile`), options: optionList(peer.options, `${field}.options`) },
      ...(siteId ? { siteId } : {}),
      projectSecretFile: context.path(secretFile as string),
      uidNamespace: peer.uidNamespace ?? `peer:${peer.name}`,
      studyUrlTemplate: peer.studyUrlTemplate ?? `${peer.url.replace(/\/+$/, '')}/app/explorer.html#study?uuid={peerStudyId}`,
      ...(peer.concurrentShares !== undefined ? { concurrentShares: peer.concurrentShares } : {}),
    });
  });
  return peers;
}
