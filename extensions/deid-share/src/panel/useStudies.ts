import { useEffect, useState } from 'react';
import type { DisplaySetService } from '../ohif.js';
import { studyInstanceUIDsFromSearch } from '../study/studyInstanceUIDs.js';

export interface StudyItem {
  studyInstanceUID: string;
  /** Description and date once the viewer has the study's metadata. */
  label: string | null;
}

/** The studies this mode was opened with (the route's StudyInstanceUIDs), labelled from loaded display sets. */
export function useStudies(displaySetService: DisplaySetService, search: string): StudyItem[] {
  const [studies, setStudies] = useState(() => label(studyInstanceUIDsFromSearch(search), displaySetService));
  useEffect(() => {
    const refresh = () => setStudies(label(studyInstanceUIDsFromSearch(search), displaySetService));
    refresh();
    const subscriptions = [displaySetService.EVENTS.DISPLAY_SETS_ADDED, displaySetService.EVENTS.DISPLAY_SETS_CHANGED].map(
      (event) => displaySetService.subscribe(event, refresh),
    );
    return () => subscriptions.forEach((subscription) => subscription.unsubscribe());
  }, [displaySetService, search]);
  return studies;
}

function label(uids: string[], displaySetService: DisplaySetService): StudyItem[] {
  const displaySets = displaySetService.getActiveDisplaySets();
  return uids.map((studyInstanceUID) => {
    const instance = displaySets.find((set) => set.StudyInstanceUID === studyInstanceUID)?.instances?.[0];
    const parts = [instance?.StudyDescription, formatDate(instance?.StudyDate)].filter(
      (part): part is string => typeof part === 'string' && part !== '',
    );
    return { studyInstanceUID, label: parts.length > 0 ? parts.join(' · ') : null };
  });
}

function formatDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{8}$/.test(value)) return undefined;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}
