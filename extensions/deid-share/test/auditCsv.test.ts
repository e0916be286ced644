import { auditCsv } from '../src/admin/auditCsv.js';

describe('the audit log as CSV', () => {
  it('writes one line per event, details as JSON, quoting what needs it and defusing spreadsheet formulas', () => {
    const csv = auditCsv([
      { seq: 1, at: '2026-12-06T01:00:00.000Z', actor: 'dpo-admin', role: 'admin', action: 'peer.profile.changed', peer: 'central', details: { reason: 'protocol "v2", keeps age' } },
      { seq: 2, at: '2026-12-06T01:00:01.000Z', actor: '=HYPERLINK("x")', role: 'radiologist', action: 'share.requested', jobId: 'j1' },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'seq,at,actor,role,action,peer,jobId,profileId,profileSha256,details',
      '1,2026-12-06T01:00:00.000Z,dpo-admin,admin,peer.profile.changed,central,,,,"{""reason"":""protocol \\""v2\\"", keeps age""}"',
      `2,2026-12-06T01:00:01.000Z,"'=HYPERLINK(""x"")",radiologist,share.requested,,j1,,,`,
      '',
    ]);
  });
});
