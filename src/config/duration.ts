const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `30s`, `10m`, `1h`, `1d` in milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^([0-9][0-9_]*)(ms|s|m|h|d)$/.exec(text);
  return match ? Number(match[1].replace(/_/g, '')) * UNIT_MS[match[2]] : undefined;
}
