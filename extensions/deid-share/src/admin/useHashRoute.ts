import { useEffect, useState } from 'react';

export const PAGES = [
  { id: 'peers', title: 'Peers' },
  { id: 'shares', title: 'Shares' },
  { id: 'erasure', title: 'Erasure' },
  { id: 'audit', title: 'Audit log' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

const pageOf = (hash: string): PageId => PAGES.find((page) => `#/${page.id}` === hash)?.id ?? 'peers';

/** The page named by the URL's hash (#/peers, #/shares, ...): bookmarkable, and the back button works. */
export function useHashRoute(): PageId {
  const [page, setPage] = useState<PageId>(() => pageOf(window.location.hash));
  useEffect(() => {
    const onChange = () => setPage(pageOf(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return page;
}
