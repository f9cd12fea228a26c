export interface LagSample {
  at: number;
  lagEvents: number;
  lagSeconds: number;
}

/** Five minutes of samples every two seconds: the chart's window, and the bound of each series. */
export const MAX_SAMPLES = 150;

/**
 * The last minutes of each consumer's lag, sampled by the page while it is open (the projectors
 * keep no history). Each series keeps at most MAX_SAMPLES, dropping the oldest.
 */
export class LagHistory {
  private readonly series = new Map<string, LagSample[]>();

  constructor(private readonly maxConsumers = 64) {}

  record(consumer: string, sample: LagSample): void {
    let samples = this.series.get(consumer);
    if (!samples) {
      // Consumers come and go with rebuilds: past the bound, the one not heard from longest goes.
      if (this.series.size >= this.maxConsumers) this.series.delete(this.series.keys().next().value!);
      samples = [];
    } else this.series.delete(consumer);
    samples.push(sample);
    if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
    this.series.set(consumer, samples);
  }

  samples(consumer: string): readonly LagSample[] {
    return this.series.get(consumer) ?? [];
  }
}

/** SVG polyline points for one series in a width × height box, the newest sample at the right. */
export function chartPoints(
  samples: readonly LagSample[],
  pick: (s: LagSample) => number,
  width: number,
  height: number,
): string {
  if (samples.length === 0) return '';
  const top = Math.max(1, ...samples.map(pick));
  const step = samples.length > 1 ? width / (MAX_SAMPLES - 1) : 0;
  const left = width - step * (samples.length - 1);
  return samples
    .map((s, i) => `${round(left + i * step)},${round(height - (pick(s) / top) * height)}`)
    .join(' ');
}

const round = (n: number) => Math.round(n * 10) / 10;
