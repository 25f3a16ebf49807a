/**
 * Message catalogues: each feature keeps its words in one "book" (a namespace), written in every
 * supported language, in ICU MessageFormat (`{count, plural, one {# post} other {# posts}}`), read
 * through i18next. English is the source: every other language must have every key (TypeScript checks
 * the shape, `messages.test.ts` checks each book at run time), and a missing one would fall back to
 * English rather than show a key.
 *
 * Messages are plain text. A page escapes them like any other value; `html()` puts trusted markup (a
 * link, a <time>) into a sentence without letting the sentence's own text be read as markup, so a
 * translator can move the link anywhere in the sentence.
 */
import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { escapeHtml, Html } from '../../kernel/html.ts';
import { DEFAULT_LOCALE, type Locale, PSEUDO_LOCALE, type ReaderLocale, SUPPORTED_LOCALES } from './locales.ts';
import { pseudoLocalize } from './pseudo.ts';

export type Messages = { readonly [key: string]: string | Messages };

/** Another language's catalogue: the same keys as the English one, any words. */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/** Every message's dotted key (`status.connected`). */
export type MessageKey<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${MessageKey<T[K]>}` }[keyof T & string];

export type MessageValue = string | number | Date | Html | null | undefined;
export type MessageValues = Readonly<Record<string, MessageValue>>;

export type Catalogs<T extends Messages> = { readonly en: T } & { readonly [L in Exclude<Locale, 'en'>]: Translation<T> };

/** A book bound to one reader's language: what a page or an email calls. */
export interface Words<T extends Messages> {
  readonly locale: ReaderLocale;
  /** The message as plain text (escape it where it goes into HTML, as `html\`\`` does). */
  t(key: MessageKey<T>, values?: MessageValues): string;
  /** The message as HTML: its text escaped, `Html` values (a link, a <time>) kept as they are. */
  html(key: MessageKey<T>, values?: MessageValues): Html;
}

export interface MessageBook<T extends Messages> {
  readonly namespace: string;
  readonly catalogs: Catalogs<T>;
  for(locale: ReaderLocale): Words<T>;
}

/** Placeholders for Html values while a message is formatted: private-use characters no catalogue holds. */
const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';
const HOLE = /\uE000(\d+)\uE001/g;

export function defineMessages<T extends Messages>(namespace: string, catalogs: Catalogs<T>): MessageBook<T> {
  const instance: i18n = i18next.createInstance();
  const resources: Record<string, Record<string, Messages>> = Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, { [namespace]: catalogs[locale] as Messages }]));
  resources[PSEUDO_LOCALE] = { [namespace]: pseudoLocalize(catalogs.en) };
  // initAsync false: the resources are in memory, so init completes before it returns and a first
  // page never sees a half-initialised instance.
  void instance.use(ICU).init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES, PSEUDO_LOCALE],
    // `pt-BR` and `en-XA` are our tags as they are: no loading of `pt` or `en` on the way.
    load: 'currentOnly',
    ns: [namespace],
    defaultNS: namespace,
    initAsync: false,
    // Escaping is the page's job (html``); i18next's would escape twice.
    interpolation: { escapeValue: false },
    returnNull: false,
    i18nFormat: { formats: {} },
  });
  const fixed = new Map<ReaderLocale, Words<T>>();
  const bind = (locale: ReaderLocale): Words<T> => {
    const t = instance.getFixedT(locale, namespace);
    const format = (key: string, values: MessageValues | undefined, keep?: Html[]): string => {
      const plain: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values ?? {})) {
        if (value instanceof Html) {
          plain[name] = keep ? `${HOLE_OPEN}${keep.push(value) - 1}${HOLE_CLOSE}` : value.value;
        } else plain[name] = value ?? '';
      }
      return t(key, plain) as string;
    };
    return {
      locale,
      t: (key, values) => format(key, values),
      html: (key, values) => {
        const keep: Html[] = [];
        const text = escapeHtml(format(key, values, keep));
        return new Html(text.replace(HOLE, (_, index: string) => keep[Number(index)]?.value ?? ''));
      },
    };
  };
  return {
    namespace,
    catalogs,
    for(locale) {
      let words = fixed.get(locale);
      if (!words) fixed.set(locale, (words = bind(locale)));
      return words;
    },
  };
}

/** Every key of a catalogue, dotted, in order: for the completeness test and tools. */
export function keysOf(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));
}
