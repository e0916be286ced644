import { builtinProfileIds, loadProfile, type Profile } from '@deid-share/engine';
import { markdownTable } from '../table-text.js';
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
  if (action === 'sources' && id) {
    console.log(sourcesTable(loadProfile(id).profile));
    return 0;
  }
  throw new UsageError('profiles takes "list", "show <id|file>", "sources <id|file>" or "compare <id|file>..."');
}

/** What each rule of a profile rests on, as Markdown: docs/profiles.md holds this table for every preset. */
export function sourcesTable(profile: Profile): string {
  const rows = (profile.sources ?? []).map((note) =>
    'cites' in note ? [note.rule, `\`${note.cites}\``, `"${note.says}"`] : [note.rule, '*project\'s choice*', note.choice],
  );
  return rows.length === 0 ? `\`${profile.id}\` names no sources.` : markdownTable(['rule', 'source', 'statement or reason'], rows);
}
