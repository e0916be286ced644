/** The running parts of a test deployment, stopped in reverse order, also when a later one fails to start. */
export interface StartedParts {
  /** Awaits a part's start and remembers it for stop(). */
  keep<T extends { stop(): unknown }>(part: Promise<T>): Promise<T>;
  /** Remembers something to undo at stop() (a folder to remove...). */
  add(part: { stop(): unknown }): void;
  stop(): Promise<void>;
}

export function startedParts(): StartedParts {
  const started: Array<{ stop(): unknown }> = [];
  return {
    keep: async (part) => {
      started.push(await part);
      return part;
    },
    add: (part) => started.push(part),
    stop: async () => {
      for (const part of started.splice(0).reverse()) await part.stop();
    },
  };
}

/** Like Promise.all, but waits for every start to settle, so none is left running unnoticed when another fails. */
export async function allStarted<T extends readonly unknown[]>(starts: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const outcomes = await Promise.allSettled(starts);
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
