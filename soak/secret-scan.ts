/**
 * Finds secrets in text: every token the sandbox ever issued, searched in every log line of every process
 * (and in what the service wrote for people: events, emails, notices, webhook bodies). Hundreds of
 * thousands of tokens in hundreds of megabytes would be slow one by one, so the tokens are indexed by their
 * first characters and the text is read once. Each token is also looked for URL-encoded, as it would
 * appear in a logged URL.
 */
import fs from 'node:fs';

const KEY = 12;

export class SecretIndex {
  readonly #byKey = new Map<string, string[]>();
  readonly #short: string[] = [];
  readonly #firstChars = new Uint8Array(65_536);

  constructor(secrets: Iterable<string>) {
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        if (form.length < KEY) {
          this.#short.push(form);
          continue;
        }
        const key = form.slice(0, KEY);
        const list = this.#byKey.get(key) ?? [];
        list.push(form);
        this.#byKey.set(key, list);
        this.#firstChars[form.charCodeAt(0)] = 1;
      }
    }
  }

  /** The secrets found in `text` (each occurrence once). */
  find(text: string): string[] {
    const found: string[] = [];
    for (let i = 0; i + KEY <= text.length; i++) {
      if (this.#firstChars[text.charCodeAt(i)] === 0) continue;
      const candidates = this.#byKey.get(text.slice(i, i + KEY));
      if (!candidates) continue;
      for (const candidate of candidates) if (text.startsWith(candidate, i)) found.push(candidate);
    }
    for (const secret of this.#short) if (text.includes(secret)) found.push(secret);
    return found;
  }

  /** The secrets found in each file. */
  findInFiles(files: readonly string[]): { file: string; secret: string }[] {
    const hits: { file: string; secret: string }[] = [];
    for (const file of files) {
      if (!fs.existsSync(file)) continue;
      for (const secret of this.find(fs.readFileSync(file, 'utf8'))) hits.push({ file, secret });
    }
    return hits;
  }
}
