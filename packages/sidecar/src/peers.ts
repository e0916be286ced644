import { builtinProfileIds, createEngine, isOptionId, loadProfile, type DeidEngine, type LoadedProfile, type OptionId, type PseudonymStore } from '@deid-share/engine';
import { readSecretFile, type StateStore } from '@deid-share/state';

import type { PeerConfig, SidecarConfig } from './config/types.js';
import { ApiError, badRequest, notFound } from './errors.js';
import type { OrthancPort } from './orthanc/port.js';

export interface PeerProfile {
  /** What was configured or chosen: a built-in id, a name from the config's `profiles`, or the configured file. */
  readonly reference: string;
  readonly loaded: LoadedProfile;
  readonly options: readonly OptionId[];
}

/** A configured peer with its current profile, project secret and Orthanc connection. */
export interface Peer {
  readonly name: string;
  readonly description: string;
  readonly config: PeerConfig;
  readonly orthanc: OrthancPort;
  readonly secret: Uint8Array;
  readonly profile: PeerProfile;
}

/** The engine for one peer and one job: its own pseudonymizer (random-unlinked remembers only per job). */
export type OrthancFactory = (endpoint: SidecarConfig['source'], role: string) => OrthancPort;

/**
 * The peers and what an admin may change about them. A change is validated (the profile loads, the
 * options are PS3.15 options, the pseudonym scheme accepts the peer's site and secret), stored in the
 * state so it survives restarts, and applies to jobs created afterwards.
 */
export class PeerRegistry {
  readonly #peers = new Map<string, Peer>();

  private constructor(
    private readonly config: SidecarConfig,
    private readonly state: StateStore,
  ) {}

  static async create(config: SidecarConfig, state: StateStore, orthanc: OrthancFactory, warn: (message: string) => void): Promise<PeerRegistry> {
    const registry = new PeerRegistry(config, state);
    const secrets = new Map<string, Uint8Array>();
    for (const peerConfig of config.peers) {
      let secret = secrets.get(peerConfig.projectSecretFile);
      if (!secret) {
        const read = await readSecretFile(peerConfig.projectSecretFile);
        if (read.warning) warn(read.warning);
        secret = read.secret;
        secrets.set(peerConfig.projectSecretFile, secret);
      }
      let profile: PeerProfile = peerConfig.profile;
      const changed = await state.peerSettings.get(peerConfig.name);
      if (changed) {
        try {
          profile = registry.resolveProfile(changed.profile, changed.options);
        } catch (error) {
          warn(`peer ${peerConfig.name}: the profile an admin chose (${changed.profile}) no longer loads, so the config file's applies: ${(error as Error).message}`);
        }
      }
      const peer: Peer = { name: peerConfig.name, description: peerConfig.description, config: peerConfig, orthanc: orthanc(peerConfig.orthanc, `peer ${peerConfig.name}`), secret, profile };
      registry.#check(peer);
      registry.#peers.set(peer.name, peer);
    }
    return registry;
  }

  list(): Peer[] {
    return [...this.#peers.values()];
  }

  get(name: string): Peer | undefined {
    return this.#peers.get(name);
  }

  require(name: string): Peer {
    const peer = this.#peers.get(name);
    if (!peer) throw notFound(`no peer is named "${name}"`);
    return peer;
  }

  /** Profiles an admin may assign: the built-in ones, those named in the config, and each peer's configured one. */
  profileChoices(): string[] {
    const configured = this.config.peers.map((peer) => peer.profile.reference);
    return [...new Set([...builtinProfileIds(), ...Object.keys(this.config.profiles), ...configured])].sort();
  }

  resolveProfile(reference: string, options: readonly string[]): PeerProfile {
    const fromConfig = this.config.peers.find((peer) => peer.profile.reference === reference);
    let loaded: LoadedProfile;
    if (Object.hasOwn(this.config.profiles, reference)) loaded = loadProfile(this.config.profiles[reference] as string);
    else if (builtinProfileIds().includes(reference)) loaded = loadProfile(reference);
    else if (fromConfig) loaded = loadProfile(fromConfig.profile.loaded.source);
    else throw badRequest(`profile "${reference}" is not available; choose one of: ${this.profileChoices().join(', ')}`);
    const checked = options.map((option) => {
      if (!isOptionId(option)) throw badRequest(`option "${option}" is not a PS3.15 option`);
      return option;
    });
    return { reference, loaded, options: [...new Set(checked)] };
  }

  /** Validates, stores and applies a new profile for a peer; returns the peer before and after. */
  async setProfile(name: string, reference: string, options: readonly string[], updatedBy: string): Promise<{ before: Peer; after: Peer }> {
    const before = this.require(name);
    let profile: PeerProfile;
    try {
      profile = this.resolveProfile(reference, options);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw badRequest((error as Error).message);
    }
    const after: Peer = { ...before, profile };
    try {
      this.#check(after);
    } catch (error) {
      throw badRequest((error as Error).message);
    }
    await this.state.peerSettings.set(name, { profile: reference, options: profile.options, updatedBy });
    this.#peers.set(name, after);
    return { before, after };
  }

  /** An engine for this peer's current profile; pass readOnlyPseudonymStore(...) for one that links nothing (previews). */
  engine(peer: Peer, jobId: string, store: PseudonymStore): DeidEngine {
    return createEngine({
      profile: peer.profile.loaded,
      extraOptions: peer.profile.options,
      secret: peer.secret,
      store,
      ...(peer.config.siteId ? { siteId: peer.config.siteId } : {}),
      jobId,
      uidNamespace: peer.config.uidNamespace,
    });
  }

  /** Fails now, not at the first study, when the profile cannot work for this peer (e.g. no site code). */
  #check(peer: Peer): void {
    const { options, loaded } = peer.profile;
    const all = new Set([...loaded.profile.options, ...options]);
    if (all.has('retain-longitudinal-full-dates') && all.has('retain-longitudinal-modified-dates')) {
      throw new Error(`peer ${peer.name}: options retain-longitudinal-full-dates and retain-longitudinal-modified-dates exclude each other`);
    }
    try {
      this.engine(peer, 'check', this.state.pseudonyms);
    } catch (error) {
      throw new Error(`peer ${peer.name}: profile ${loaded.profile.id}: ${(error as Error).message}`);
    }
  }
}

/** A view of the linkage store that reads but never writes: previews must not create pseudonyms. */
export function readOnlyPseudonymStore(store: PseudonymStore): PseudonymStore {
  return {
    findLinkedPseudonym: (namespace, subjectKey) => store.findLinkedPseudonym(namespace, subjectKey),
    linkPseudonym: async () => 'linked',
    nextCounter: async () => 0,
    listPseudonymsForSubject: (subjectKey) => store.listPseudonymsForSubject(subjectKey),
    findLinksByPseudonym: (pseudonym) => store.findLinksByPseudonym(pseudonym),
  };
}
