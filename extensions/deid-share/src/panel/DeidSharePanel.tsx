import { useEffect, useState, useSyncExternalStore } from 'react';
import type { DeidShareService } from '../deidShareService.js';
import type { DisplaySetService } from '../ohif.js';
import { AdminLink } from './AdminLink.js';
import { ErrorNotice } from './ErrorNotice.js';
import { PeerList } from './PeerList.js';
import { PreviewTable } from './PreviewTable.js';
import { ShareConfirm } from './ShareConfirm.js';
import { ShareProgress } from './ShareProgress.js';
import { useAsync } from './useAsync.js';
import { useStudies, type StudyItem } from './useStudies.js';

export interface DeidSharePanelProps {
  service: DeidShareService;
  displaySetService: DisplaySetService;
  /** The route's query string, where OHIF keeps the studies it opened. */
  search: string;
}

/** De-identify & Share: pick peers, check the preview, confirm, watch the copies arrive. */
export function DeidSharePanel({ service, displaySetService, search }: DeidSharePanelProps) {
  const { client, shares } = service;
  const studies = useStudies(displaySetService, search);
  const peers = useAsync((signal) => client.listPeers(signal), [client]);
  const shareStates = useSyncExternalStore(shares.subscribe, shares.getSnapshot);

  const [selectedPeers, setSelectedPeers] = useState<ReadonlySet<string>>(new Set());
  const [focusedPeer, setFocusedPeer] = useState<string | null>(null);
  const [excludedStudies, setExcludedStudies] = useState<ReadonlySet<string>>(new Set());
  const [previewStudy, setPreviewStudy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const peerList = peers.state?.status === 'ready' ? peers.state.value : [];
  useEffect(() => {
    if (focusedPeer === null && peerList[0]) setFocusedPeer(peerList[0].name);
  }, [peerList, focusedPeer]);
  const chosenStudies = studies.filter((study) => !excludedStudies.has(study.studyInstanceUID));
  const previewUID = previewStudy ?? chosenStudies[0]?.studyInstanceUID ?? null;
  const preview = useAsync(
    focusedPeer && previewUID ? (signal) => client.preview(previewUID, focusedPeer, signal) : null,
    [client, focusedPeer, previewUID],
  );

  const togglePeer = (name: string) => {
    const next = new Set(selectedPeers);
    if (next.has(name)) next.delete(name);
    else {
      next.add(name);
      setFocusedPeer(name);
    }
    setSelectedPeers(next);
    setConfirming(false);
  };
  const toggleStudy = (uid: string) => {
    const next = new Set(excludedStudies);
    if (next.has(uid)) next.delete(uid);
    else next.add(uid);
    setExcludedStudies(next);
    setConfirming(false);
  };
  const confirm = () => {
    shares.share(
      chosenStudies.map((study) => study.studyInstanceUID),
      peerList.filter((peer) => selectedPeers.has(peer.name)).map((peer) => peer.name),
    );
    setConfirming(false);
  };

  const labelOf = (uid: string) => studyLabel(studies.find((study) => study.studyInstanceUID === uid) ?? { studyInstanceUID: uid, label: null });
  const started = Object.values(shareStates);
  const canShare = selectedPeers.size > 0 && chosenStudies.length > 0;

  return (
    <div className="deid-share" data-cy="deid-share-panel">
      <h2>De-identify &amp; Share</h2>
      <AdminLink />

      {studies.length === 0 ? (
        <ErrorNotice error={new Error('No study is open: open this mode from the study list.')} testId="deid-share-no-study" />
      ) : (
        <section>
          <h3>{studies.length === 1 ? 'Study' : `Studies (${chosenStudies.length} of ${studies.length} chosen)`}</h3>
          {studies.map((study) => (
            <label key={study.studyInstanceUID} className="ds-row" data-cy="deid-share-study">
              {studies.length > 1 ? (
                <input
                  type="checkbox"
                  checked={!excludedStudies.has(study.studyInstanceUID)}
                  onChange={() => toggleStudy(study.studyInstanceUID)}
                />
              ) : null}
              <span>{studyLabel(study)}</span>
            </label>
          ))}
        </section>
      )}

      {started.length > 0 ? (
        <section data-cy="deid-share-shares">
          <h3>Shares</h3>
          {started.map((state) => (
            <ShareProgress key={state.studyInstanceUID} state={state} studyLabel={labelOf(state.studyInstanceUID)} />
          ))}
          {started.every((state) => state.phase === 'finished' || state.phase === 'error') ? (
            <button type="button" className="ds-secondary" style={{ marginTop: 6 }} onClick={shares.clearFinished}>
              Clear
            </button>
          ) : null}
        </section>
      ) : null}

      <section>
        <h3>Share with</h3>
        {peers.state?.status === 'loading' ? <p className="ds-muted">Loading peers…</p> : null}
        {peers.state?.status === 'error' ? (
          <ErrorNotice error={peers.state.error} onRetry={peers.retry} testId="deid-share-error" />
        ) : null}
        {peers.state?.status === 'ready' ? (
          <PeerList peers={peerList} selected={selectedPeers} focused={focusedPeer} onToggle={togglePeer} />
        ) : null}
      </section>

      {focusedPeer && previewUID ? (
        <section>
          <h3>What {focusedPeer} receives</h3>
          {chosenStudies.length > 1 ? (
            <select value={previewUID} onChange={(event) => setPreviewStudy(event.target.value)} aria-label="Study to preview">
              {chosenStudies.map((study) => (
                <option key={study.studyInstanceUID} value={study.studyInstanceUID}>
                  {studyLabel(study)}
                </option>
              ))}
            </select>
          ) : null}
          {preview.state?.status === 'loading' ? <p className="ds-muted">Preparing the preview…</p> : null}
          {preview.state?.status === 'error' ? (
            <ErrorNotice error={preview.state.error} onRetry={preview.retry} testId="deid-share-preview-error" />
          ) : null}
          {preview.state?.status === 'ready' ? <PreviewTable preview={preview.state.value} /> : null}
        </section>
      ) : null}

      {peers.state?.status === 'ready' && peerList.length > 0 ? (
        confirming ? (
          <ShareConfirm
            studyCount={chosenStudies.length}
            peers={[...selectedPeers]}
            onConfirm={confirm}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <div className="ds-row">
            <button
              type="button"
              className="ds-primary"
              disabled={!canShare}
              onClick={() => setConfirming(true)}
              data-cy="deid-share-share-button"
            >
              Share…
            </button>
            {!canShare ? <span className="ds-muted">Choose at least one peer.</span> : null}
          </div>
        )
      ) : null}
    </div>
  );
}

function studyLabel(study: StudyItem): string {
  return study.label ?? `Study ${study.studyInstanceUID}`;
}
