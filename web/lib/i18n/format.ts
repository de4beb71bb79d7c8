// Numbers, dates and relative times in the UI language, always through Intl. Calendar dates are ISO
// strings (YYYY-MM-DD) and are formatted in UTC so no time zone can move them by a day.
import { intlLocale, locale } from './locale.svelte.ts';

const lang = () => intlLocale[locale.current];

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(lang(), options).format(value);
}

/** `2024-03-01` → "01.03.2024" (de) / "01/03/2024" (en). Empty or malformed input gives ''. */
export function formatIsoDate(iso: string, style: 'short' | 'medium' | 'long' = 'medium'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return '';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const options: Intl.DateTimeFormatOptions =
    style === 'short'
      ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
      : { day: 'numeric', month: style === 'long' ? 'long' : 'short', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(lang(), options).format(date);
}

/** A moment (ms or ISO timestamp) as date and time in the device's time zone. */
export function formatDateTime(value: number | string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Today as "Montag, 24. November 2025". */
export function formatToday(now = new Date()): string {
  return new Intl.DateTimeFormat(lang(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(now);
}

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "vor 5 Minuten" / "5 minutes ago"; "gerade eben"-style "jetzt" for under ten seconds. */
export function formatRelativeTime(value: number | string, now = Date.now()): string {
  const then = typeof value === 'number' ? value : new Date(value).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' });
  if (Math.abs(seconds) < 10) return format.format(0, 'second');
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}
