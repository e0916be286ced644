/**
 * The small part of OHIF's runtime API this extension uses. The viewer hands these objects to the extension's
 * hooks; nothing is imported from @ohif/* at runtime (see docs/viewer.md).
 */

export interface UserAuthenticationService {
  getAuthorizationHeader(): { Authorization?: string } | undefined | void;
}

export interface PanelService {
  activatePanel(panelId: string, forceActive?: boolean): void;
}

export interface UINotificationService {
  show(notification: { title: string; message: string; type?: 'info' | 'success' | 'warning' | 'error'; duration?: number }): void;
}

export interface DisplaySet {
  StudyInstanceUID: string;
  instances?: Array<Record<string, unknown>>;
}

export interface DisplaySetService {
  getActiveDisplaySets(): DisplaySet[];
  subscribe(event: string, callback: () => void): { unsubscribe(): void };
  EVENTS: { DISPLAY_SETS_ADDED: string; DISPLAY_SETS_CHANGED: string };
}

export interface ServiceRegistration<T> {
  name: string;
  create(context: { configuration: unknown; servicesManager: ServicesManager }): T;
}

export interface ServicesManager {
  services: {
    userAuthenticationService?: UserAuthenticationService;
    panelService: PanelService;
    uiNotificationService: UINotificationService;
    displaySetService: DisplaySetService;
    [name: string]: unknown;
  };
  registerService<T>(registration: ServiceRegistration<T>, configuration?: unknown): void;
}

export interface ExtensionManager {
  appConfig: Record<string, unknown>;
}

export interface CommandsManager {
  runCommand(name: string, options?: Record<string, unknown>, context?: string): unknown;
}

export interface ExtensionParams {
  servicesManager: ServicesManager;
  commandsManager: CommandsManager;
  extensionManager: ExtensionManager;
  appConfig?: Record<string, unknown>;
  configuration?: Record<string, unknown>;
}
