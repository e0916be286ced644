import { readConfig } from './config.js';
import { deidShareServiceRegistration } from './deidShareService.js';
import type { ExtensionParams } from './ohif.js';

/** Reads `window.config.deidShare` and registers the extension's service before any module is used. */
export default function preRegistration({ servicesManager, extensionManager, appConfig }: ExtensionParams): void {
  const config = readConfig(appConfig ?? extensionManager.appConfig);
  servicesManager.registerService(deidShareServiceRegistration(config));
}
