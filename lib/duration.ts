/** Durations (`90s`, `15m`, `12h`, `30d`, or several: `1d12h`) and ISO 8601 times for flags. */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest duration a flag takes: a century, far past any token's life. */
const MAX_DURATION_MS = 36500 * UNIT_MS.d;

/** Parses a duration into milliseconds; it must be positive. */
export function parseDuration(input: string): number {
  const ms = parseAge(input);
  if (ms <= 0) throw new SyntaxError(`'${input}' is not a positive duration`);
  return ms;
}

/**
 * Parses an age (`--older-than`) into milliseconds. Zero is an age: `0s` picks everything
 * issued before now, which is what an incident response revoking every token means.
 */
export function parseAge(input: string): number {
  const text = input.trim();
  if (!/^(\d+[smhd])+$/.test(text)) {
    throw new SyntaxError(`'${input}' is not a duration (like 90s, 15m, 12h, 30d)`);
  }
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * UNIT_MS[unit];
  if (!(ms <= MAX_DURATION_MS)) {
    throw new SyntaxError(`'${input}' is longer than 36500d, the longest duration taken`);
  }
  return ms;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time; a time without a zone is taken as UTC. Every field is
 * checked against the calendar: `2026-02-30` is refused, never rolled over to March.
 */
export function parseTime(input: string): Date {
  const text = input.trim();
  const m = ISO.exec(text);
  if (!m) {
    throw new SyntaxError(`'${input}' is not an ISO 8601 time (like 2026-03-01T09:00:00Z)`);
  }
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const impossible = (what: string) => new SyntaxError(`'${input}' is not a valid time: ${what}`);
  if (month < 1 || month > 12) throw impossible(`there is no month ${mo}`);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (day < 1 || day > daysInMonth) {
    throw impossible(`${y}-${mo} has no day ${d} (it has ${daysInMonth})`);
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw impossible(`there is no time of day ${h}:${mi}:${s}`);
  }
  let offsetMin = 0;
  if (zone !== "Z") {
    const [, sign, oh, om] = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(oh) > 23 || Number(om) > 59) throw impossible(`there is no zone offset ${zone}`);
    offsetMin = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms);
  // Date.UTC maps years 0-99 to 1900-1999; the checks above already passed, so set it exactly.
  const date = new Date(utc);
  date.setUTCFullYear(year, month - 1, day);
  return new Date(date.getTime() - offsetMin * 60_000);
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
