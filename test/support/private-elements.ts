import { formatTag, isPrivateCreatorTag, isPrivateTag, privateCreatorTagFor, type DataSet } from '@deid-share/dicom';

/** Private elements whose private creator element is missing, at any depth, as tag paths ("orphans" to any reader). */
export function orphanPrivateElements(dataset: DataSet, path = ''): string[] {
  const orphans: string[] = [];
  for (const element of dataset.sorted()) {
    if (isPrivateTag(element.tag) && !isPrivateCreatorTag(element.tag) && !dataset.has(privateCreatorTagFor(element.tag))) {
      orphans.push(`${path}${formatTag(element.tag)}`);
    }
    element.items?.forEach((item, index) => orphans.push(...orphanPrivateElements(item, `${path}${formatTag(element.tag)}[${index}].`)));
  }
  return orphans;
}
