import { getDeidShareService } from './deidShareService.js';
import { PANEL_NAME } from './id.js';
import type { ExtensionParams } from './ohif.js';
import { DeidSharePanel } from './panel/DeidSharePanel.js';
import { createIsland } from './panel/island.js';
import { injectStyles } from './panel/styles.js';

/** The De-identify & Share panel (right side of the mode), rendered as an island with this extension's React. */
export default function getPanelModule({ servicesManager }: ExtensionParams) {
  const component = createIsland(
    DeidSharePanel,
    () => {
      injectStyles(document);
      return {
        service: getDeidShareService(servicesManager),
        displaySetService: servicesManager.services.displaySetService,
        search: window.location.search,
      };
    },
    'deid-share-panel-host',
  );
  return [{ name: PANEL_NAME, iconName: 'Export', iconLabel: 'Share', label: 'De-identify & Share', component }];
}
