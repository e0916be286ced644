/**
 * The extension's OHIF service: its configuration, the sidecar client and the share store, registered in
 * preRegistration and reached by the panel and the commands through `servicesManager.services.deidShareService`.
 */
import { createSidecarClient, type SidecarClient } from './api/client.js';
import { authorizationSource } from './auth.js';
import type { DeidShareConfig } from './config.js';
import type { ServiceRegistration, ServicesManager } from './ohif.js';
import { notifyOnEnd } from './share/notifyOnEnd.js';
import { createShareStore, type ShareStore } from './share/shareStore.js';

export const SERVICE_NAME = 'deidShareService';

export interface DeidShareService {
  config: DeidShareConfig;
  client: SidecarClient;
  shares: ShareStore;
}

export function deidShareServiceRegistration(config: DeidShareConfig): ServiceRegistration<DeidShareService> {
  return {
    name: SERVICE_NAME,
    create: ({ servicesManager }) => {
      const client = createSidecarClient({
        baseUrl: config.apiBaseUrl,
        authorization: authorizationSource(servicesManager.services.userAuthenticationService, config.token),
      });
      const shares = createShareStore({ client, pollIntervalMs: config.pollIntervalMs });
      notifyOnEnd(shares, servicesManager.services.uiNotificationService);
      return { config, client, shares };
    },
  };
}

/** Registered instead when the configuration is wrong, so the panel can say so rather than vanish. */
export interface MisconfiguredService {
  misconfigured: string;
}

export function misconfiguredServiceRegistration(reason: string): ServiceRegistration<MisconfiguredService> {
  return { name: SERVICE_NAME, create: () => ({ misconfigured: reason }) };
}

export function getDeidShareService(servicesManager: ServicesManager): DeidShareService {
  const service = servicesManager.services[SERVICE_NAME] as DeidShareService | MisconfiguredService | undefined;
  if (!service) throw new Error(`${SERVICE_NAME} is not registered: the deid-share extension did not initialise (see the console).`);
  if ('misconfigured' in service) throw new Error(`De-identify & Share is not configured correctly: ${service.misconfigured}`);
  return service;
}
