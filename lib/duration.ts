/** Durations (`90s`, `15m`, `12h`, `30d`, or several: `1d12h`) and ISO 8601 times for flags. */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration into milliseconds. */
export function parseDuration(input: string): number {
  const text = input.trim();
  if (!/^(\d+[smhd])+$/.test(text)) {
    throw new SyntaxError(`'${input}' is not a duration (like 90s, 15m, 12h, 30d)`);
  }
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * UNIT_MS[unit];
  if (ms <= 0) throw new SyntaxError(`'${input}' is not a positive duration`);
  return ms;
}

/** Parses an ISO 8601 date or date-time; a time without a zone is taken as UTC. */
export function parseTime(input: string): Date {
  const text = input.trim();
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  if (!iso.test(text)) {
    throw new SyntaxError(`'${input}' is not an ISO 8601 time (like 2026-03-01T09:00:00Z)`);
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
  const normal = text.replace(" ", "T");
  const date = new Date(
    text.length === 10 ? `${normal}T00:00:00Z` : hasZone ? normal : `${normal}Z`,
  );
  if (Number.isNaN(date.getTime())) throw new SyntaxError(`'${input}' is not a valid time`);
  return date;
}

/** Shows a duration in the largest units that fit: `2d 3h`, `45m`, `30s`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d && `${d}d`, h && `${h}h`, m && `${m}m`, !d && !h && s && `${s}s`]
    .filter(Boolean).slice(0, 2);
  return sign + (parts.length ? parts.join(" ") : "0s");
}
