import { deidShare } from './id.js';

/** The mode's own toolbar buttons (the longitudinal ones are inherited). `id` becomes the button's data-cy. */
const toolbarButtons = [
  {
    id: 'DeidShare',
    uiType: 'ohif.toolButton',
    props: {
      icon: 'Export',
      label: 'De-identify & Share',
      tooltip: 'De-identify & Share',
      commands: deidShare.openPanelCommand,
      evaluate: 'evaluate.action',
    },
  },
];

/** Appended to these toolbar sections on mode enter. */
export const toolbarSectionAdditions = { primary: toolbarButtons.map((button) => button.id) };

export default toolbarButtons;
