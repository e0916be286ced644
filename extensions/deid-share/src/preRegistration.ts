import { ConfigError, readConfig } from './config.js';
import { deidShareServiceRegistration, misconfiguredServiceRegistration } from './deidShareService.js';
import type { ExtensionParams } from './ohif.js';

/**
 * Reads `window.config.deidShare` and registers the extension's service before any module is used. A wrong
 * configuration does not stop the viewer: it is logged, and the panel shows it.
 */
export default function preRegistration({ servicesManager, extensionManager, appConfig }: ExtensionParams): void {
  try {
    const config = readConfig(appConfig ?? extensionManager.appConfig);
    servicesManager.registerService(deidShareServiceRegistration(config));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`deid-share: ${error.message}`);
    servicesManager.registerService(misconfiguredServiceRegistration(error.message));
  }
}
