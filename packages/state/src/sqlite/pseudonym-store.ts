import type { Database, Statement } from 'better-sqlite3';

import type { LinkedPseudonym, LinkOutcome, PseudonymLink, PseudonymStore } from '@deid-share/engine';

/**
 * Linkage rows hold no identifier in the clear: subject_key is a keyed hash of issuer + patient ID,
 * sealed_subject the same pair encrypted under the project secret (see docs/pseudonyms.md).
 * The two UNIQUE constraints are what make pseudonyms collision-free across processes.
 */
interface LinkRow {
  namespace: string;
  subject_key: string;
  pseudonym: string;
  sealed_subject: string;
}

export class SqlitePseudonymStore implements PseudonymStore {
  private readonly findPseudonym: Statement<[string, string], { pseudonym: string }>;
  private readonly findSubject: Statement<[string, string], { subject_key: string }>;
  private readonly insertLink: Statement<[string, string, string, string]>;
  private readonly incrementCounter: Statement<[string], { value: number }>;
  private readonly listForSubject: Statement<[string], LinkedPseudonym>;
  private readonly listForPseudonym: Statement<[string], LinkRow>;
  private readonly linkAtomically: (link: PseudonymLink) => LinkOutcome;

  constructor(db: Database) {
    this.findPseudonym = db.prepare('SELECT pseudonym FROM pseudonym_link WHERE namespace = ? AND subject_key = ?');
    this.findSubject = db.prepare('SELECT subject_key FROM pseudonym_link WHERE namespace = ? AND pseudonym = ?');
    this.insertLink = db.prepare(
      'INSERT INTO pseudonym_link (namespace, subject_key, pseudonym, sealed_subject) VALUES (?, ?, ?, ?)',
    );
    // One statement, so the increment is atomic even between processes.
    this.incrementCounter = db.prepare(
      `INSERT INTO pseudonym_counter (namespace, value) VALUES (?, 1)
       ON CONFLICT (namespace) DO UPDATE SET value = value + 1
       RETURNING value`,
    );
    this.listForSubject = db.prepare(
      'SELECT namespace, pseudonym FROM pseudonym_link WHERE subject_key = ? ORDER BY created_at, namespace',
    );
    this.listForPseudonym = db.prepare(
      'SELECT namespace, subject_key, pseudonym, sealed_subject FROM pseudonym_link WHERE pseudonym = ? ORDER BY namespace',
    );
    const link = db.transaction((candidate: PseudonymLink): LinkOutcome => {
      if (this.findPseudonym.get(candidate.namespace, candidate.subjectKey)) return 'conflict-subject';
      if (this.findSubject.get(candidate.namespace, candidate.pseudonym)) return 'conflict-pseudonym';
      this.insertLink.run(candidate.namespace, candidate.subjectKey, candidate.pseudonym, candidate.sealedSubject);
      return 'linked';
    });
    // IMMEDIATE takes the write lock before the checks, so no other process can slip in between.
    this.linkAtomically = (candidate) => link.immediate(candidate);
  }

  async findLinkedPseudonym(namespace: string, subjectKey: string): Promise<string | undefined> {
    return this.findPseudonym.get(namespace, subjectKey)?.pseudonym;
  }

  async linkPseudonym(link: PseudonymLink): Promise<LinkOutcome> {
    return this.linkAtomically(link);
  }

  async nextCounter(namespace: string): Promise<number> {
    const row = this.incrementCounter.get(namespace);
    if (row === undefined) throw new Error(`Counter ${namespace} returned no value; the state file may be damaged.`);
    return row.value;
  }

  async listPseudonymsForSubject(subjectKey: string): Promise<LinkedPseudonym[]> {
    return this.listForSubject.all(subjectKey);
  }

  async findLinksByPseudonym(pseudonym: string): Promise<PseudonymLink[]> {
    return this.listForPseudonym.all(pseudonym).map((row) => ({
      namespace: row.namespace,
      subjectKey: row.subject_key,
      pseudonym: row.pseudonym,
      sealedSubject: row.sealed_subject,
    }));
  }
}
