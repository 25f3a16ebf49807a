/**
 * Finds words on a page that came from no catalogue: render the page in the pseudo-locale (en-XA),
 * where every catalogue message is bracketed ⟦…⟧, and list the text left outside the brackets once
 * the page's data (names, handles, campaign titles, figures) is set aside. Attributes people read
 * (alt, title, aria-label, placeholder) count as text. A message may wrap markup (a link, a <strong>),
 * so the brackets are matched across tags; `<time>` elements hold Intl's words, not ours, and count as data.
 */
import { PSEUDO_CLOSE, PSEUDO_OPEN } from '../../src/platform/i18n/pseudo.ts';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const decode = (text: string) => text.replace(/&(#?\w+);/g, (whole, name: string) => entities[name] ?? whole);

/** The text a person reads on the page: text nodes and the readable attributes, decoded. */
export function readableText(page: string): string[] {
  const withoutCode = page
    .replace(/<(script|style|title|time)[^>]*>[\s\S]*?<\/\1>/gi, (_, tag: string) => (tag.toLowerCase() === 'time' ? ' ' : '\n'))
    .replace(/<!--[\s\S]*?-->/g, ' ');
  const attributes = [...withoutCode.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/gi)].map((match) => match[1] ?? '');
  // Inline markup joins its neighbours (a message may wrap a <strong>); block ends separate them.
  const blocks = withoutCode
    .replace(/<!doctype[^>]*>/i, '')
    .replace(/<\/?(?:p|div|li|ul|ol|h\d|section|header|footer|main|table|tr|td|th|form|fieldset|legend|label|details|summary|body|br|button|option|select|nav)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .split('\n');
  return [...blocks, ...attributes]
    .map(decode)
    .map((text) => text.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/**
 * Text outside every ⟦…⟧ that is not one of the page's data values: letters left after removing the
 * bracketed messages, the data, numbers and punctuation. Empty when every word came from a catalogue.
 */
export function textOutsideCatalogues(page: string, data: readonly string[] = []): string[] {
  // Innermost first, until none is left: a message may hold another (a reason inside an email's line).
  const innermost = new RegExp(`${PSEUDO_OPEN}[^${PSEUDO_OPEN}${PSEUDO_CLOSE}]*${PSEUDO_CLOSE}`, 'g');
  const unbracket = (text: string): string => {
    let left = text;
    for (let before = ''; before !== left; ) [before, left] = [left, left.replace(innermost, ' ')];
    return left;
  };
  const values = [...data].filter(Boolean).sort((a, b) => b.length - a.length);
  return readableText(page)
    .map((text) => {
      let left = unbracket(text);
      for (const value of values) left = left.split(value).join(' ');
      return left.replace(/[\p{P}\p{S}\p{N}\s]+/gu, ' ').trim();
    })
    .filter((left) => /\p{L}/u.test(left));
}
