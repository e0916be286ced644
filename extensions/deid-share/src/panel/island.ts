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
      this.root.render(this.content());
    }

    /** The panel, or the reason it cannot be shown: never an empty panel, never an error thrown into the viewer. */
    private content() {
      try {
        return createElement(Panel, mountProps());
      } catch (error) {
        console.error(`${testId}:`, error);
        return createElement(
          'div',
          { role: 'alert', 'data-cy': `${testId}-error`, style: { padding: 12, color: '#f87171' } },
          error instanceof Error ? error.message : String(error),
        );
      }
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
