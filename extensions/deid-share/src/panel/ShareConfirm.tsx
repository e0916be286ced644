interface ShareConfirmProps {
  studyCount: number;
  peers: string[];
  onConfirm: () => void;
  onCancel: () => void;
}

/** The explicit confirmation before anything leaves the hospital. */
export function ShareConfirm({ studyCount, peers, onConfirm, onCancel }: ShareConfirmProps) {
  return (
    <div className="ds-confirm" role="dialog" aria-label="Confirm sharing" data-cy="deid-share-confirm">
      <p style={{ marginTop: 0 }}>
        Send de-identified copies of <strong>{studyCount === 1 ? 'this study' : `${studyCount} studies`}</strong> to{' '}
        <strong>{peers.join(', ')}</strong>? Each peer receives the study as its profile de-identifies it (see the preview).
      </p>
      <div className="ds-row">
        <button type="button" className="ds-primary" onClick={onConfirm} data-cy="deid-share-confirm-button">
          Confirm and share
        </button>
        <button type="button" className="ds-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
