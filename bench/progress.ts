/**
 * Progress on the terminal: a line per step, and a counter for long loops that rewrites itself on a TTY
 * (every quarter on a pipe, so CI logs stay short).
 */
export interface Counter {
  tick(n?: number): void;
  done(suffix?: string): void;
}

export class Progress {
  private readonly tty = Boolean(process.stdout.isTTY);

  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  counter(label: string, total: number): Counter {
    let done = 0;
    let lastDraw = 0;
    let lastQuarter = 0;
    const started = Date.now();
    const draw = () => {
      const pct = total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 100;
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      return `  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct}%`;
    };
    return {
      tick: (n = 1) => {
        done += n;
        const now = Date.now();
        if (this.tty) {
          if (now - lastDraw > 100) {
            lastDraw = now;
            process.stdout.write(`\r${draw()}`);
          }
        } else {
          const quarter = total > 0 ? Math.floor((4 * done) / total) : 4;
          if (quarter > lastQuarter && quarter < 4) {
            lastQuarter = quarter;
            process.stdout.write(`${draw()}\n`);
          }
        }
      },
      done: (suffix = '') => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const text = `${draw()} ${seconds} s${suffix ? `, ${suffix}` : ''}`;
        process.stdout.write(this.tty ? `\r${text}\x1b[K\n` : `${text}\n`);
      },
    };
  }
}
