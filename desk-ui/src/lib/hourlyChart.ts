import type { HourlyBucket } from "../data/types.js";

export interface HourBar {
  hour: string;
  x: number;
  width: number;
  success: { y: number; height: number; count: number };
  failed: { y: number; height: number; count: number };
}

export interface HourlyChart {
  bars: HourBar[];
  /** Top of the value axis: a round number at or above the busiest hour. */
  max: number;
  ticks: number[];
  totalSuccess: number;
  totalFailed: number;
}

/** Rounds up to 1, 2 or 5 times a power of ten, so axis labels read as round numbers. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * magnitude >= value) ?? 10;
  return step * magnitude;
}

/**
 * Lays out stacked bars, success below failed, for hourly buckets in a `width` × `height` plot.
 * Bars are drawn in bucket order, which health() returns oldest first.
 */
export function layoutHourlyChart(
  buckets: HourlyBucket[],
  width: number,
  height: number,
  gap = 2,
): HourlyChart {
  const busiest = Math.max(0, ...buckets.map((bucket) => bucket.success + bucket.failed));
  const max = niceCeiling(busiest);
  const slot = buckets.length > 0 ? width / buckets.length : width;
  const barWidth = Math.max(1, slot - gap);
  const scale = (count: number) => (count / max) * height;

  const bars = buckets.map((bucket, index) => {
    const successHeight = scale(bucket.success);
    const failedHeight = scale(bucket.failed);
    return {
      hour: bucket.hour,
      x: index * slot + gap / 2,
      width: barWidth,
      success: { y: height - successHeight, height: successHeight, count: bucket.success },
      failed: {
        y: height - successHeight - failedHeight,
        height: failedHeight,
        count: bucket.failed,
      },
    };
  });

  return {
    bars,
    max,
    // A middle line only where it falls on a whole number of syncs.
    ticks: max % 2 === 0 ? [0, max / 2, max] : [0, max],
    totalSuccess: buckets.reduce((sum, bucket) => sum + bucket.success, 0),
    totalFailed: buckets.reduce((sum, bucket) => sum + bucket.failed, 0),
  };
}
