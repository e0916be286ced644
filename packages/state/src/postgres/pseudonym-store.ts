import type { LinkedPseudonym, LinkOutcome, PseudonymLink, PseudonymStore } from '@deid-share/engine';
import type pg from 'pg';

/** Linkage and counters shared by every worker: the UNIQUE constraints and one-statement increments keep them consistent. */
export class PostgresPseudonymStore implements PseudonymStore {
  constructor(private readonly pool: pg.Pool) {}

  async findLinkedPseudonym(namespace: string, subjectKey: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ pseudonym: string }>('SELECT pseudonym FROM pseudonym_link WHERE namespace = $1 AND subject_key = $2', [namespace, subjectKey]);
    return rows[0]?.pseudonym;
  }

  /** One INSERT decides between racing workers; only the loser looks at which constraint it met. */
  async linkPseudonym(link: PseudonymLink): Promise<LinkOutcome> {
    const inserted = await this.pool.query(
      `INSERT INTO pseudonym_link (namespace, subject_key, pseudonym, sealed_subject) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [link.namespace, link.subjectKey, link.pseudonym, link.sealedSubject],
    );
    if (inserted.rowCount === 1) return 'linked';
    return (await this.findLinkedPseudonym(link.namespace, link.subjectKey)) !== undefined ? 'conflict-subject' : 'conflict-pseudonym';
  }

  async nextCounter(namespace: string): Promise<number> {
    const { rows } = await this.pool.query<{ value: number }>(
      `INSERT INTO pseudonym_counter (namespace, value) VALUES ($1, 1)
       ON CONFLICT (namespace) DO UPDATE SET value = pseudonym_counter.value + 1 RETURNING value`,
      [namespace],
    );
    const value = rows[0]?.value;
    if (value === undefined) throw new Error(`Counter ${namespace} returned no value; the state database may be damaged.`);
    return value;
  }

  async listPseudonymsForSubject(subjectKey: string): Promise<LinkedPseudonym[]> {
    const { rows } = await this.pool.query<LinkedPseudonym>('SELECT namespace, pseudonym FROM pseudonym_link WHERE subject_key = $1 ORDER BY created_at, namespace', [subjectKey]);
    return rows;
  }

  async findLinksByPseudonym(pseudonym: string): Promise<PseudonymLink[]> {
    const { rows } = await this.pool.query<{ namespace: string; subject_key: string; pseudonym: string; sealed_subject: string }>(
      'SELECT namespace, subject_key, pseudonym, sealed_subject FROM pseudonym_link WHERE pseudonym = $1 ORDER BY namespace',
      [pseudonym],
    );
    return rows.map((row) => ({ namespace: row.namespace, subjectKey: row.subject_key, pseudonym: row.pseudonym, sealedSubject: row.sealed_subject }));
  }
}
