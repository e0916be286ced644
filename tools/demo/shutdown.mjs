// Stops what the demo started, last started first, once: on SIGINT/SIGTERM, or when starting fails.

export class Shutdown {
  #steps = [];
  #running;

  /** Registers `stop` (async) under a name for messages. */
  add(name, stop) {
    this.#steps.push({ name, stop });
  }

  get started() {
    return this.#running !== undefined;
  }

  /**
   * Runs every step, last added first; a failing step is reported and the others still run. A step added while
   * this runs (a server that finished starting meanwhile) is stopped too. Idempotent.
   */
  run(log) {
    this.#running ??= (async () => {
      while (this.#steps.length > 0) {
        const { name, stop } = this.#steps.pop();
        try {
          await stop();
        } catch (error) {
          log(`could not stop ${name}: ${error.message}`);
        }
      }
    })();
    return this.#running;
  }

  /**
   * On the first SIGINT or SIGTERM, stops everything and exits with code 0; a second signal exits at once
   * (the Orthanc servers and the sidecar still die with this process: they run under a parent-death signal).
   */
  exitOnSignals(log) {
    const onSignal = (signal) => {
      if (this.started) {
        log(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      log(`${signal} received: stopping everything the demo started…`);
      this.run(log).then(() => process.exit(0));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
}
