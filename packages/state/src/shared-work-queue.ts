/**
 * What several worker processes need from a state store they share (PostgreSQL): the unit of work is one target
 * (a job's study to one peer), held by one worker at a time under a lease the worker renews; a lease that is not
 * renewed expires and the target is claimed again by any worker, which resumes it from its recorded progress.
 * Stable studies offered by Orthanc are stored here before the webhook answers and routed by any worker.
 */
export interface TargetClaim {
  readonly jobId: string;
  readonly peer: string;
  /** How many times the target has been claimed, this claim included (above 1: taken over or resumed). */
  readonly claims: number;
}

export interface QueueDepth {
  /** Targets queued or running, held or not. */
  readonly openTargets: number;
  /** Of those, held under a live lease. */
  readonly leasedTargets: number;
  /** Stable studies stored and not routed yet. */
  readonly unroutedOffers: number;
}

export interface OfferClaim {
  readonly orthancStudyId: string;
  /** The principal whose webhook call stored the study first. */
  readonly offeredBy: string;
  /** Routing attempts, this one included. */
  readonly attempts: number;
}

export interface SharedWorkQueue {
  /**
   * Claims the oldest open target that no live lease holds and whose peer has fewer than its limit of leased
   * targets (peers absent from `peerLimits` have none); undefined when there is none.
   */
  claimTarget(worker: string, leaseMs: number, peerLimits: Readonly<Record<string, number>>): Promise<TargetClaim | undefined>;
  /**
   * Extends the worker's leases on these targets (those it is working on: a lease of work it abandoned is left to
   * expire); returns the targets it still holds, so one taken over or finished is missing.
   */
  renewLeases(worker: string, leaseMs: number, targets: readonly { jobId: string; peer: string }[]): Promise<TargetClaim[]>;
  /** Gives a target back (it stays open and is claimed again at once) or every target of the worker. */
  releaseLeases(worker: string, target?: { jobId: string; peer: string }): Promise<void>;
  /** Stores a stable study; offering it again only counts the offer. Durable when the promise resolves. */
  offerStudy(orthancStudyId: string, offeredBy: string): Promise<void>;
  claimOffer(worker: string, leaseMs: number): Promise<OfferClaim | undefined>;
  /** Records how routing ended (`matched`, `unmatched`, `unknown`, `failed`); the study is not routed again. */
  finishOffer(orthancStudyId: string, outcome: string): Promise<void>;
  /** Leaves the offer to be routed again after its lease (a transient failure). */
  releaseOffer(orthancStudyId: string): Promise<void>;
  depth(): Promise<QueueDepth>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}
