/** Reading the authorize parameters (a query string or a posted form) and building the redirect back. */

/** Parsed query or form fields: a repeated field is an array. */
export type Fields = Record<string, unknown>;

/** The field's first string value, or undefined when it is absent. */
export function str(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** Every string value of a (possibly repeated) field; undefined when the field is absent, so "none sent" differs from "none ticked". */
export function list(fields: Fields, key: string): string[] | undefined {
  const v = fields[key];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** `uri` with `query` appended (entries that are undefined are left out), then `fragment` as given. */
export function redirectWith(uri: string, query: Record<string, string | undefined>, fragment = ''): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) q.append(k, v);
  return `${uri}${uri.includes('?') ? '&' : '?'}${q.toString()}${fragment}`;
}
