/**
 * A notice as words to render later: the feature that writes it names a key and its values, and
 * gives pages a way to turn them into a title and a body in any language (NoticeTexts). Kept as
 * data, so a creator who changes language reads old notices in the new one.
 */
import type { ReaderLocale } from '../platform/i18n/locales.ts';

export type NoticeValue = string | number | boolean | null | readonly string[];
export type NoticeValues = Readonly<Record<string, NoticeValue>>;

export interface NoticeMessage {
  /** `<feature>.<notice>`, e.g. `connections.disconnected`. */
  key: string;
  values: NoticeValues;
}

/** Renders a feature's notices in a reader's language; null for a key it does not know (the stored text shows). */
export type NoticeTexts = (message: NoticeMessage, locale: ReaderLocale) => { title: string; body: string } | null;
