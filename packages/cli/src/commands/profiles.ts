import { builtinProfileIds, loadProfile } from '@deid-share/engine';
import { UsageError } from '../usage.js';
import { runProfilesCompare } from './profiles-compare.js';

export function runProfiles(args: readonly string[]): number {
  const [action, id] = args;
  if (action === 'compare') return runProfilesCompare(args.slice(1));
  if (action === 'list') {
    for (const profileId of builtinProfileIds()) {
      const { profile } = loadProfile(profileId);
      console.log(`${profile.id.padEnd(18)} ${profile.version.padEnd(8)} ${profile.title}`);
    }
    return 0;
  }
  if (action === 'show' && id) {
    const loaded = loadProfile(id);
    console.log(JSON.stringify({ ...loaded.profile, sha256: loaded.sha256 }, null, 2));
    return 0;
  }
  throw new UsageError('profiles takes "list", "show <id|file>" or "compare <id|file>..."');
}
