import { route, type RoutingRule } from '../src/index.js';

const facts = {
  studyInstanceUID: '1.2.3',
  modalities: ['CT', 'SR'],
  callingAETs: ['CT_SCANNER_1'],
  calledAETs: ['ORTHANC'],
  institution: 'St Example Hospital',
  studyDescription: 'CT THORAX research',
  labels: ['research'],
};

const rule = (name: string, match: RoutingRule['match'], peers: string[]): RoutingRule => ({ name, match, peers });

describe('routing rules', () => {
  it('needs every condition of a rule, any value within one, case-insensitive; peers are the union in order', () => {
    const rules = [
      rule('ct', { modality: ['ct', 'MR'], callingAET: ['CT_SCANNER_1'] }, ['central']),
      rule('wrong-scanner', { modality: ['CT'], callingAET: ['US_1'] }, ['nowhere']),
      rule('institution', { institution: ['st example hospital'], label: ['research'] }, ['node', 'central']),
      rule('description', { studyDescription: 'THORAX' }, ['registry']),
      rule('no-description-match', { studyDescription: '^MR' }, ['nowhere']),
      rule('called', { calledAET: ['OTHER'] }, ['nowhere']),
    ];
    expect(route(rules, facts)).toEqual({ peers: ['central', 'node', 'registry'], rules: ['ct', 'institution', 'description'] });
  });

  it('does not match a condition on a fact the study lacks, and an empty rule matches everything', () => {
    const bare = { ...facts, institution: undefined, labels: [] };
    expect(route([rule('inst', { institution: ['X'] }, ['a']), rule('label', { label: ['research'] }, ['b'])], bare).peers).toEqual([]);
    expect(route([rule('all', {}, ['a'])], bare).peers).toEqual(['a']);
  });
});
