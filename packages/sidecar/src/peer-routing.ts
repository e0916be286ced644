import type { RoutingRule } from './config/types.js';
import type { RoutingFacts } from './orthanc/port.js';

const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
const anyOf = (facts: readonly string[], wanted: readonly string[] | undefined) =>
  wanted === undefined || facts.some((fact) => wanted.some((value) => same(fact, value)));

/** Every condition of a rule must hold; within one condition, any listed value matches (case-insensitive). */
export function ruleMatches(rule: RoutingRule, facts: RoutingFacts): boolean {
  const { match } = rule;
  if (!anyOf(facts.modalities, match.modality)) return false;
  if (!anyOf(facts.callingAETs, match.callingAET)) return false;
  if (!anyOf(facts.calledAETs, match.calledAET)) return false;
  if (!anyOf(facts.labels, match.label)) return false;
  if (match.institution !== undefined && !anyOf(facts.institution === undefined ? [] : [facts.institution], match.institution)) return false;
  if (match.studyDescription !== undefined && !new RegExp(match.studyDescription).test(facts.studyDescription ?? '')) return false;
  return true;
}

/** The peers a stable study goes to: the union over all matching rules, in config order. */
export function route(rules: readonly RoutingRule[], facts: RoutingFacts): { peers: string[]; rules: string[] } {
  const matched = rules.filter((rule) => ruleMatches(rule, facts));
  return { peers: [...new Set(matched.flatMap((rule) => rule.peers))], rules: matched.map((rule) => rule.name) };
}
