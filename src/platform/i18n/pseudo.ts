/**
 * The pseudo-locale (en-XA): every English message with its letters accented, 40 % longer, and
 * bracketed ⟦…⟧. A page rendered in it shows at a glance (and to a test) any text that did not come
 * from a catalogue, and any layout that breaks when a language runs longer than English. Only the
 * message's own text changes: ICU arguments, plural and select keys stay as they are.
 */
import { isLiteralElement, isPluralElement, isSelectElement, isTagElement, type MessageFormatElement, parse } from '@formatjs/icu-messageformat-parser';
import { printAST } from '@formatjs/icu-messageformat-parser/printer.js';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((ch, i) => [ch, [...'àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i] ?? ch]),
);

/** How much longer pseudo-text runs than English: German and French often run 30–40 % longer. */
export const PSEUDO_GROWTH = 0.4;
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

function accent(text: string): string {
  return [...text].map((ch) => ACCENTED[ch] ?? ch).join('');
}

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (isLiteralElement(element)) return { ...element, value: accent(element.value) };
    if (isPluralElement(element) || isSelectElement(element)) {
      const options = Object.fromEntries(Object.entries(element.options).map(([key, option]) => [key, { ...option, value: transform(option.value) }]));
      return { ...element, options } as MessageFormatElement;
    }
    if (isTagElement(element)) return { ...element, children: transform(element.children) };
    return element;
  });
}

/** One message in the pseudo-locale; a message ICU cannot parse is left as it is (the catalogue test reports it). */
export function pseudoMessage(message: string): string {
  let elements: MessageFormatElement[];
  try {
    elements = parse(message);
  } catch {
    return message;
  }
  const visible = message.replace(/\{[^{}]*\}/g, '').length;
  const padding = '·'.repeat(Math.ceil(visible * PSEUDO_GROWTH));
  return `${PSEUDO_OPEN}${printAST(transform(elements))}${padding}${PSEUDO_CLOSE}`;
}

/** A catalogue's shape (messages.ts's `Messages`, written here so the two files need not import each other). */
type Tree = { readonly [key: string]: string | Tree };

export function pseudoLocalize(messages: Tree): Tree {
  return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, typeof value === 'string' ? pseudoMessage(value) : pseudoLocalize(value)]));
}
