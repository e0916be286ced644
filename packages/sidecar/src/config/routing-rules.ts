import type { ConfigContext } from './config-context.js';
import type { PeerConfig, RoutingRule } from './types.js';

/** The automatic-sharing rules, checked: every peer they name exists, every description pattern compiles. */
export function routingRules(rules: readonly RoutingRule[] | undefined, peers: readonly PeerConfig[], { fail }: ConfigContext): RoutingRule[] {
  const routing = [...(rules ?? [])];
  routing.forEach((rule, index) => {
    rule.peers.forEach((name, position) => {
      if (!peers.some((peer) => peer.name === name)) fail(`routing[${index}].peers[${position}]`, `no peer is named "${name}"`);
    });
    if (rule.match.studyDescription !== undefined) {
      try {
        new RegExp(rule.match.studyDescription);
      } catch (error) {
        fail(`routing[${index}].match.studyDescription`, `is not a regular expression: ${(error as Error).message}`);
      }
    }
  });
  return routing;
}
