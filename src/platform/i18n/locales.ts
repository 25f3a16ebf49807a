/**
 * The languages pages and emails speak, and how one is chosen for a reader: the creator's stored
 * locale, else the browser's Accept-Language, else the workspace's default, else English. A tag is
 * matched on its language when no region matches (`pt-PT` reads Brazilian Portuguese, `es-MX` Spanish):
 * better a near language than English.
 */

export const SUPPORTED_LOCALES = ['en', 'es', 'pt-BR', 'fr', 'de', 'ja'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/**
 * A test-only locale: English with every message accented, bracketed and 40 % longer, to show text
 * outside the catalogues and layouts that break with longer languages. Chosen only where a reader's
 * settings allow it (PSEUDO_LOCALE), never by negotiation alone.
 */
export const PSEUDO_LOCALE = 'en-XA';
export type ReaderLocale = Locale | typeof PSEUDO_LOCALE;

export const DEFAULT_LOCALE: Locale = 'en';

/** Each supported language by its name in that language, for a picker and for the docs. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  fr: 'Français',
  de: 'Deutsch',
  ja: '日本語',
};

/** A supported locale for a tag (`pt-br`, `pt`, `ES`, `ja-JP`), or null: what the API accepts and stores. */
export function supportedLocale(tag: string | null | undefined, options: { pseudo?: boolean } = {}): ReaderLocale | null {
  if (!tag) return null;
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase();
  if (options.pseudo && wanted === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
  const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === wanted);
  if (exact) return exact;
  const language = wanted.split('-')[0];
  return SUPPORTED_LOCALES.find((locale) => locale.toLowerCase().split('-')[0] === language) ?? null;
}

/**
 * The best supported locale in an Accept-Language header (RFC 9110 §12.5.4): by weight, then by order;
 * `q=0` means "not this one". Null when none is supported.
 */
export function negotiateLocale(header: string | undefined, options: { pseudo?: boolean } = {}): ReaderLocale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .slice(0, 20)
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), order };
    })
    .filter((range) => range.tag && range.tag !== '*' && Number.isFinite(range.weight) && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const range of ranges) {
    const locale = supportedLocale(range.tag, options);
    if (locale) return locale;
  }
  return null;
}

export interface LocaleSources {
  /** What the creator's session said, stored on the creator. */
  stored?: string | null;
  /** The browser's Accept-Language (pages only; emails have none). */
  acceptLanguage?: string;
  /** The workspace's default. */
  workspaceDefault?: string | null;
  /** Whether the test-only pseudo-locale may be chosen (PSEUDO_LOCALE). */
  pseudo?: boolean;
}

export function resolveLocale(sources: LocaleSources): ReaderLocale {
  const options = { pseudo: sources.pseudo ?? false };
  return supportedLocale(sources.stored, options) ?? negotiateLocale(sources.acceptLanguage, options) ?? supportedLocale(sources.workspaceDefault, options) ?? DEFAULT_LOCALE;
}

/** An IANA time zone Intl knows (`Europe/Lisbon`), normalised, or null. */
export function supportedTimeZone(zone: string | null | undefined): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
