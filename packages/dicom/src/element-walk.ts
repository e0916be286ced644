import type { DataElement, DataSet } from './model.js';
import { pathStepOf, type PathStep } from './tag-path.js';
import { characterSetOf } from './values.js';

export interface VisitedElement {
  readonly element: DataElement;
  /** Steps from the top-level data set to this element; the last step is the element itself. */
  readonly path: readonly PathStep[];
  /** The Specific Character Set in force where the element sits (an item may declare its own). */
  readonly charset: readonly string[];
}

/** Calls `visit` for every element at every depth, sequences before their items, in ascending tag order. */
export function visitElements(dataset: DataSet, visit: (visited: VisitedElement) => void, parent: readonly PathStep[] = [], inherited: readonly string[] = []): void {
  const charset = characterSetOf(dataset, inherited);
  for (const element of dataset.sorted()) {
    const step = pathStepOf(dataset, element.tag, charset);
    visit({ element, path: [...parent, step], charset });
    element.items?.forEach((item, index) => visitElements(item, visit, [...parent, { ...step, item: index }], charset));
  }
}
