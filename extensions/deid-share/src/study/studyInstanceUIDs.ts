/**
 * The studies the mode was opened with, from the route's query string, as OHIF reads them:
 * `StudyInstanceUIDs=a,b` or repeated `StudyInstanceUIDs=a&StudyInstanceUIDs=b` (any letter case of the key).
 */
export function studyInstanceUIDsFromSearch(search: string): string[] {
  const params = new URLSearchParams(search);
  const uids: string[] = [];
  for (const [key, value] of params) {
    if (key.toLowerCase() !== 'studyinstanceuids') continue;
    for (const uid of value.split(',')) {
      const trimmed = uid.trim();
      if (trimmed && !uids.includes(trimmed)) uids.push(trimmed);
    }
  }
  return uids;
}
