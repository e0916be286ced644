/**
 * The "island": the viewer renders a thin class component, which mounts the panel into its own React root using
 * the React bundled with this extension. The viewer's React is never imported, so the panel does not depend on how
 * a given OHIF build bundles React. The one thing crossing the boundary is the host <div> element below.
 */
import { Component, createElement, type FunctionComponent } from 'react';
import { createRoot, type Root } from 'react-dom/client';

/** `mountProps` is called when the viewer mounts the panel, so it sees the route the panel opens in. */
export function createIsland<P extends object>(Panel: FunctionComponent<P>, mountProps: () => P, testId: string) {
  return class PanelIsland extends Component {
    private host: HTMLDivElement | null = null;
    private root: Root | null = null;

    override componentDidMount() {
      if (!this.host) throw new Error(`${testId}: the viewer did not attach the panel's host element`);
      this.root = createRoot(this.host);
      this.root.render(createElement(Panel, mountProps()));
    }

    override componentWillUnmount() {
      const root = this.root;
      this.root = null;
      // Unmount after the viewer's own commit has finished.
      setTimeout(() => root?.unmount(), 0);
    }

    override render() {
      return createElement('div', {
        ref: (element: HTMLDivElement | null) => {
          this.host = element;
        },
        'data-cy': testId,
        className: 'deid-share-island',
        style: { height: '100%', overflow: 'auto' },
      });
    }
  };
}
