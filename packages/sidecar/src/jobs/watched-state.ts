import { isDatabaseUnavailable, type StateStore } from '@deid-share/state';

/**
 * The state store as one run of a worker sees it: a call that fails because the database cannot be reached calls
 * `onUnavailable` (the run then stops at its next safe point and is resumed from its recorded progress) and
 * rethrows. Other failures pass through untouched.
 */
export function watchedState(state: StateStore, onUnavailable: () => void): StateStore {
  const watch = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(object, args);
          if (!(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            if (isDatabaseUnavailable(error)) onUnavailable();
            throw error;
          });
        };
      },
    });
  return {
    ...state,
    pseudonyms: watch(state.pseudonyms),
    jobs: watch(state.jobs),
    shares: watch(state.shares),
    audit: watch(state.audit),
    peerSettings: watch(state.peerSettings),
  };
}
