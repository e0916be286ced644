import type { DataElement } from '@deid-share/dicom';
import type { SignatureStep } from '../private-tags/knowledge-base.js';
import type { ActionTable } from '../rules/action-table.js';
import type { OptionId } from '../rules/options.js';
import type { ChangeLog } from './change-log.js';
import type { IdentifierSet } from './identifiers.js';
import type { UidRemapper } from './uids.js';

export type TimePolicy = 'keep' | 'remove';
export type DateCleaning = 'shift' | 'fixed' | 'remove';

/** Everything the interpreter needs for one instance; built once per instance by the engine. */
export interface TransformContext {
  readonly table: ActionTable;
  readonly options: ReadonlySet<OptionId>;
  readonly uids: UidRemapper;
  readonly identifiers: IdentifierSet;
  /** Days added to every date of this patient when dates are cleaned by shifting. */
  readonly dateOffsetDays: number;
  readonly dateCleaning: DateCleaning;
  readonly fixedDate: string;
  /** The instance's SOP class: which IOD says what is required. */
  readonly sopClassUID: string;
  readonly times: TimePolicy;
  /** Replaces a private value the knowledge base marks 'h' that is not a UID. */
  readonly hashText: (text: string) => string;
  readonly changes: ChangeLog | undefined;
}

/** Where an element sits: the chain of enclosing sequences, for private-tag signatures and for reports. */
/**
 * What happens to free text (ST, LT, UT, UC) the table does not list: kept at top level, replaced inside a
 * sequence the table replaces with dummy content (D), scrubbed inside a sequence it cleans (C).
 */
export type FreeTextHandling = 'keep' | 'dummy' | 'clean';

export interface Position {
  readonly path: readonly SignatureStep[];
  readonly pathText: string;
  readonly charset: readonly string[];
  readonly freeText: FreeTextHandling;
}

/** The interpreter's walk into a sequence's items; handed to the private-element rules, which recurse through it. */
export type TransformItems = (
  element: DataElement,
  context: TransformContext,
  position: Position,
  handling: FreeTextHandling,
  creator?: string,
) => void;
