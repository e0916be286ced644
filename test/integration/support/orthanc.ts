/** Reading what a (peer) Orthanc holds, over its REST API. */
import { basicAuth } from '../../support/studies.js';
import type { LocalOrthanc } from '@deid-share/orthanc-local';

export async function orthancGet<T = any>(orthanc: LocalOrthanc, path: string): Promise<T> {
  const response = await fetch(`${orthanc.url}${path}`, { headers: basicAuth(orthanc.credentials) });
  if (!response.ok) throw new Error(`${orthanc.url}${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export interface HeldInstance {
  id: string;
  tags: Record<string, string>;
}

/** Every instance the Orthanc holds, with simplified tags (small test studies only). */
export async function allInstances(orthanc: LocalOrthanc): Promise<HeldInstance[]> {
  const ids = await orthancGet<string[]>(orthanc, '/instances');
  return Promise.all(ids.map(async (id) => ({ id, tags: await orthancGet<Record<string, string>>(orthanc, `/instances/${id}/simplified-tags`) })));
}

export async function studyIds(orthanc: LocalOrthanc): Promise<string[]> {
  return orthancGet<string[]>(orthanc, '/studies');
}
