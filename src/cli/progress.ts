// Progress on stderr for long runs, only when stderr is a terminal and the
// output is meant for a person: piped, JSON and JUnit runs stay silent.

export interface ProgressSink {
  /** `fraction` of the whole run done (0..1), and what is happening now. */
  update(fraction: number, what: string): void;
  done(): void;
}

export const SILENT: ProgressSink = { update() {}, done() {} };

/**
 * Seconds left, from the rate since the first sample (so that start-up
 * before any progress does not inflate it); undefined until the run has
 * gone on for a while and made some progress, when a guess would mislead.
 */
export function secondsLeft(first: { t: number; f: number }, now: { t: number; f: number }): number | undefined {
  const dt = now.t - first.t;
  const df = now.f - first.f;
  if (dt < 2 || df < 0.1 || now.f >= 1) return undefined;
  return Math.max(0, ((1 - now.f) * dt) / df);
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY) return SILENT;
  const start = performance.now();
  let last = 0;
  let shown = false;
  let first: { t: number; f: number } | undefined;
  return {
    update(fraction, what) {
      const now = performance.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      const sample = { t: (now - start) / 1000, f: fraction };
      first ??= sample;
      const left = secondsLeft(first, sample);
      const eta = left === undefined ? '' : `, about ${left < 10 ? left.toFixed(1) : Math.round(left)} s left`;
      const line = `${Math.floor(fraction * 100)}% ${what}${eta}`;
      stream.write(`\r${line.slice(0, (stream.columns || 80) - 1).padEnd(Math.min(stream.columns || 80, 80) - 1)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write(`\r${' '.repeat(Math.min(stream.columns || 80, 80) - 1)}\r`);
      shown = false;
    },
  };
}
