/**
 * "De-identify & Share": OHIF's longitudinal viewer with the deid-share panel opened on the right and a toolbar
 * button that brings it back. Built at load time from the viewer's own @ohif/mode-longitudinal, so it follows
 * the installed OHIF version.
 */
import { deidShare, id } from './id.js';
import toolbarButtons, { toolbarSectionAdditions } from './toolbarButtons.js';

/** The extension bundle is served next to this mode's bundle; the mode route imports it by URL if needed. */
const extensionUrl = new URL('./extension.js', import.meta.url).href;

interface ModeServices {
  toolbarService: { updateSection(key: string, buttons: string[]): void };
}

interface LongitudinalMode {
  modeInstance: {
    routes: Array<{ path: string; layoutInstance: { props: { rightPanels: string[]; rightPanelClosed?: boolean; rightPanelInitialExpandedWidth?: number } } }>;
    extensions: Record<string, string>;
    toolbarButtons: unknown[];
    onModeEnter(this: unknown, context: { servicesManager: { services: ModeServices } }): void;
    [key: string]: unknown;
  };
}

async function modeFactory({ loadModules }: { loadModules: (names: string[]) => Promise<unknown[]> }) {
  const [longitudinal] = (await loadModules(['@ohif/mode-longitudinal'])) as [LongitudinalMode | undefined];
  if (!longitudinal?.modeInstance?.routes?.[0]) {
    throw new Error(`${id}: this viewer has no usable @ohif/mode-longitudinal to extend`);
  }
  const base = longitudinal.modeInstance;
  const [baseRoute, ...otherRoutes] = base.routes;
  const route = {
    ...baseRoute,
    path: 'deid-share',
    layoutInstance: {
      ...baseRoute!.layoutInstance,
      props: {
        ...baseRoute!.layoutInstance.props,
        rightPanels: [deidShare.panel, ...baseRoute!.layoutInstance.props.rightPanels],
        rightPanelClosed: false,
        rightPanelInitialExpandedWidth: 420,
      },
    },
  };
  return {
    ...base,
    id,
    routeName: 'deid-share',
    displayName: 'De-identify & Share',
    routes: [route, ...otherRoutes],
    extensions: { ...base.extensions, [extensionUrl]: '^0.1.0' },
    toolbarButtons: [...base.toolbarButtons, ...toolbarButtons],
    onModeEnter(this: unknown, context: { servicesManager: { services: ModeServices } }) {
      base.onModeEnter.call(this, context);
      const { toolbarService } = context.servicesManager.services;
      for (const [section, buttons] of Object.entries(toolbarSectionAdditions)) toolbarService.updateSection(section, buttons);
    },
  };
}

export default { id, modeFactory };
