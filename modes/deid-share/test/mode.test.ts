import mode from '../src/index.js';

function fakeLongitudinal() {
  const calls: string[] = [];
  const baseRoute = {
    path: 'longitudinal',
    layoutInstance: { id: 'layout', props: { leftPanels: ['series'], rightPanels: ['segmentation', 'measurements'], rightPanelClosed: true } },
  };
  const longitudinal = {
    modeInstance: {
      id: '@ohif/mode-longitudinal',
      routeName: 'viewer',
      displayName: 'Basic Viewer',
      routes: [baseRoute],
      extensions: { '@ohif/extension-default': '^3.0.0' },
      toolbarButtons: [{ $reference: 'cornerstone.toolbarButtons' }],
      onModeEnter() {
        calls.push('base onModeEnter');
      },
    },
  };
  return { longitudinal, calls, baseRoute };
}

describe('De-identify & Share mode', () => {
  it('extends the viewer’s own longitudinal mode', async () => {
    const { longitudinal, baseRoute } = fakeLongitudinal();
    const requested: string[][] = [];
    const instance = await mode.modeFactory({
      loadModules: async (names) => {
        requested.push(names);
        return [longitudinal];
      },
    });
    expect(requested).toEqual([['@ohif/mode-longitudinal']]);
    expect(instance).toMatchObject({ id: '@deid-share/ohif-mode', routeName: 'deid-share', displayName: 'De-identify & Share' });
    const [route] = instance.routes;
    expect(route?.path).toBe('deid-share');
    expect(route?.layoutInstance.props).toMatchObject({
      rightPanels: ['deid-share.panelModule.deidShare', 'segmentation', 'measurements'],
      rightPanelClosed: false,
      leftPanels: ['series'],
    });
    expect(baseRoute.layoutInstance.props.rightPanels).toEqual(['segmentation', 'measurements']);
    expect(Object.keys(instance.extensions)).toEqual(['@ohif/extension-default', expect.stringMatching(/\/extension\.js$/)]);
    expect(instance.toolbarButtons).toEqual([
      { $reference: 'cornerstone.toolbarButtons' },
      expect.objectContaining({ id: 'DeidShare', props: expect.objectContaining({ commands: 'openDeidSharePanel' }) }),
    ]);
  });

  it('adds its button to the primary toolbar after the base mode set up its own', async () => {
    const { longitudinal, calls } = fakeLongitudinal();
    const instance = await mode.modeFactory({ loadModules: async () => [longitudinal] });
    const toolbarService = { updateSection: (key: string, buttons: string[]) => calls.push(`${key}: ${buttons.join(',')}`) };
    instance.onModeEnter.call(instance, { servicesManager: { services: { toolbarService } } });
    expect(calls).toEqual(['base onModeEnter', 'primary: DeidShare']);
  });

  it('says so when the viewer has no longitudinal mode to extend', async () => {
    await expect(mode.modeFactory({ loadModules: async () => [undefined] })).rejects.toThrow(/@ohif\/mode-longitudinal/);
  });
});
