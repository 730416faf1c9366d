/** Short human labels for sizes, durations, counts and megabytes, shared by tables and chart. */

export const sizeLabel = (size: number): string =>
  size >= 1_000_000 && size % 1_000_000 === 0
    ? `${size / 1_000_000}M`
    : size >= 1000 && size % 1000 === 0
      ? `${size / 1000}k`
      : String(size);

/** Two significant digits: 0.73, 1.2, 12, 530. */
export const twoDigits = (value: number): string =>
  value >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(2)));

export const seconds = (ms: number): string => `${twoDigits(ms / 1000)} s`;

export const compactCount = (value: number): string =>
  value >= 1000 ? `${twoDigits(value / 1000)}k` : String(Math.round(value));

export const megabytes = (mb: number): string => `${twoDigits(Math.max(0, mb))} MB`;

export const ratio = (value: number): string => `${twoDigits(value)}×`;
