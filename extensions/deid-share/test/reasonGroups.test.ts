import { groupReasons } from '../src/share/reasonGroups.js';

describe('reason groups', () => {
  it('lists instances held back for the same reason together, keeping the order of first appearance', () => {
    const down = 'not delivered: peer lab-a could not be reached';
    const burnedIn = 'Burned In Annotation is YES';
    expect(
      groupReasons([
        { sopInstanceUID: '1.1', status: 'failed', reason: down },
        { sopInstanceUID: '1.2', status: 'withheld', reason: burnedIn },
        { sopInstanceUID: '1.3', status: 'failed', reason: down },
        { sopInstanceUID: '1.4', status: 'refused', reason: burnedIn },
      ]),
    ).toEqual([
      { status: 'failed', reason: down, sopInstanceUIDs: ['1.1', '1.3'] },
      { status: 'withheld', reason: burnedIn, sopInstanceUIDs: ['1.2'] },
      { status: 'refused', reason: burnedIn, sopInstanceUIDs: ['1.4'] },
    ]);
  });

  it('has no groups without reasons', () => {
    expect(groupReasons([])).toEqual([]);
  });
});
