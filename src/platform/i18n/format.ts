/**
 * Dates and numbers as a reader reads them: Intl in the reader's language and, when known, their
 * time zone. Without a zone, times are in UTC, and the page says so once (`inUtc`) rather than on
 * every time. Formatters are built once per (locale, zone) and reused: Intl constructors are slow.
 */
import { type Html, html } from '../../kernel/html.ts';
import { PSEUDO_LOCALE, type ReaderLocale } from './locales.ts';

/** Who reads a page or an email: their language and, when known, their time zone. */
export interface Reader {
  locale: ReaderLocale;
  /** An IANA zone, or null: times are then shown in UTC. */
  timeZone: string | null;
}

export interface Formats {
  readonly locale: ReaderLocale;
  /** True when times are shown in UTC because the reader's zone is unknown: say so once on the page. */
  readonly inUtc: boolean;
  /** "10 Jun 2026, 09:30" / "2026年6月10日 9:30". */
  dateTime(date: Date): string;
  /** "10 Jun 2026". */
  date(date: Date): string;
  /** A calendar day `2026-03-01` (no time, no zone) as "1 Mar". */
  dayMonth(day: string): string;
  /** 12,345 / 12.345 / 12 345. */
  number(value: number): string;
  /** 12.3K / 1,2 Mio. */
  compact(value: number): string;
  /** 0.042 → 4.2 %. */
  percent(ratio: number, fractionDigits?: number): string;
  /** A <time> element carrying the exact instant, showing `dateTime`. */
  timeTag(date: Date): Html;
  /** The same for a day. */
  dateTag(date: Date): Html;
}

const cache = new Map<string, Formats>();

export function formatsFor(reader: Reader): Formats {
  const key = `${reader.locale}|${reader.timeZone ?? 'UTC'}`;
  let formats = cache.get(key);
  if (!formats) {
    formats = build(reader);
    // Bounded: locales × the zones creators name (a few hundred at most).
    if (cache.size > 2000) cache.clear();
    cache.set(key, formats);
  }
  return formats;
}

function build(reader: Reader): Formats {
  // The pseudo-locale formats as English; only its messages are pseudo-text.
  const intlLocale = reader.locale === PSEUDO_LOCALE ? 'en-GB' : reader.locale;
  const timeZone = reader.timeZone ?? 'UTC';
  const dateTime = new Intl.DateTimeFormat(intlLocale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(intlLocale, { timeZone, dateStyle: 'medium' });
  const dayMonth = new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const number = new Intl.NumberFormat(intlLocale);
  const compact = new Intl.NumberFormat(intlLocale, { notation: 'compact', maximumFractionDigits: 1 });
  const percents = new Map<number, Intl.NumberFormat>();
  const percent = (ratio: number, fractionDigits = 1) => {
    let format = percents.get(fractionDigits);
    if (!format) percents.set(fractionDigits, (format = new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits: fractionDigits })));
    return format.format(ratio);
  };
  return {
    locale: reader.locale,
    inUtc: reader.timeZone === null,
    dateTime: (value) => dateTime.format(value),
    date: (value) => date.format(value),
    dayMonth: (day) => {
      const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
      return parsed && !Number.isNaN(parsed.getTime()) ? dayMonth.format(parsed) : day;
    },
    number: (value) => number.format(value),
    compact: (value) => compact.format(value),
    percent,
    timeTag: (value) => html`<time datetime="${value.toISOString()}">${dateTime.format(value)}</time>`,
    dateTag: (value) => html`<time datetime="${value.toISOString()}">${date.format(value)}</time>`,
  };
}
