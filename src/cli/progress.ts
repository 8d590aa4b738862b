// Progress on stderr for long runs, only when stderr is a terminal and the
// output is meant for a person: piped, JSON and JUnit runs stay silent.

export interface ProgressSink {
  /** `fraction` of the whole run done (0..1), and what is happening now. */
  update(fraction: number, what: string): void;
  done(): void;
}

export const SILENT: ProgressSink = { update() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY) return SILENT;
  const start = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(fraction, what) {
      const now = performance.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      const elapsed = (now - start) / 1000;
      const left = fraction > 0.02 ? Math.max(0, elapsed / fraction - elapsed) : undefined;
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
