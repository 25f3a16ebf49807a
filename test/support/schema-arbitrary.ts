/**
 * Requests derived from the OpenAPI document's JSON Schemas, as fast-check arbitraries: values a schema
 * accepts (`valid`), and a bounded set of values it refuses or that probe the edges (`invalid`): wrong
 * types, missing fields, out-of-range numbers, over-long and NUL-bearing strings.
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  examples?: unknown[];
  pattern?: string;
};

export interface Document {
  components?: { schemas?: Record<string, JsonSchema> };
}

export function resolve(schema: JsonSchema, document: Document): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target, document);
}

const NUL = 'a\u0000b';
const instants = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** Values the schema accepts (as far as its JSON Schema says: business rules may still refuse them). */
export function valid(input: JsonSchema, document: Document, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, document);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => valid(choice, document, depth + 1)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf.map((part) => resolve(part, document))), document, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return validString(schema);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000);
      const arbitrary = fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, 1_000_000) });
      return type === 'integer' ? arbitrary : fc.oneof(arbitrary, fc.double({ min: Math.max(min, -1e6), max: Math.min(max, 1e6), noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schema.items && depth < 4 ? valid(schema.items, document, depth + 1) : fc.string();
      return fc.array(item, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const shape = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, depth < 4 ? valid(property, document, depth + 1) : fc.constant(undefined)]));
      return fc.record(shape, { requiredKeys: [...required].filter((key) => key in shape) });
    }
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.boolean());
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const examples = (schema.examples ?? []).filter((example): example is string => typeof example === 'string');
  switch (schema.format) {
    case 'email':
      return fc.emailAddress().filter((email) => email.length <= (schema.maxLength ?? 320));
    case 'uri':
      return fc.webUrl().filter((url) => url.length <= (schema.maxLength ?? 2000));
    case 'date-time':
      return instants;
  }
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, 60);
  const generated = fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, min, 1) }).filter((s) => s.trim().length >= min);
  return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), generated) : generated;
}

/** Values that break the schema or probe its edges. */
export function invalid(input: JsonSchema, document: Document, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, document);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const wrongTypes: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.constant([]), fc.constant({}), fc.constant(true), fc.constant(12345), fc.constant('text')];
  switch (type) {
    case 'string':
      return fc.oneof(
        fc.constant(NUL),
        fc.constant('x'.repeat((schema.maxLength ?? 1000) + 1)),
        fc.constant(''),
        fc.constant(' '),
        fc.constant('\u202e\ud83d\ude00<script>'),
        fc.constant('%00'),
        ...wrongTypes.filter((_, i) => i !== 5),
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.constant((schema.minimum ?? 0) - 1),
        fc.constant((schema.maximum ?? 1e9) + 1),
        fc.constant(1e20),
        fc.constant(-1),
        fc.constant(1.5),
        fc.constant('NaN'),
        fc.constant('12abc'),
        ...wrongTypes,
      );
    case 'object': {
      const properties = Object.keys(schema.properties ?? {});
      const base = valid(schema, document, depth) as fc.Arbitrary<Record<string, unknown>>;
      const mutations: fc.Arbitrary<unknown>[] = [...wrongTypes.slice(0, 5)];
      if (properties.length > 0 && depth < 3) {
        // One field dropped or made wrong, the rest valid.
        mutations.push(
          fc.tuple(base, fc.constantFrom(...properties)).map(([value, key]) => {
            const copy = { ...value };
            delete copy[key];
            return copy;
          }),
          fc.tuple(base, fc.constantFrom(...properties)).chain(([value, key]) => invalid(schema.properties![key]!, document, depth + 1).map((bad) => ({ ...value, [key]: bad }))),
          base.map((value) => ({ ...value, 'unknown\u0000field': 1 })),
        );
      }
      return fc.oneof(...mutations);
    }
    case 'array':
      return fc.oneof(fc.constant('not-an-array'), fc.constant(Array.from({ length: 1000 }, () => 'x')), ...wrongTypes.slice(0, 2));
    default:
      return fc.oneof(...wrongTypes);
  }
}

/** Strings a path or query parameter should refuse politely. */
export const hostileStrings = fc.constantFrom(NUL, 'x'.repeat(101), 'x'.repeat(5000), '..', '%2F..%2F', '\u202e', ' ', 'null', 'undefined', '[object Object]', "' or 1=1 --");

/** Cursors a client might send: garbage, other pages' shapes, encodings of odd values. */
export const hostileCursors = fc.oneof(
  fc.constantFrom(
    'not-a-cursor',
    '====',
    'e30',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('2026-01-01T00:00:00Z|').toString('base64url'),
    Buffer.from('|').toString('base64url'),
    Buffer.from('9999-99-99|x').toString('base64url'),
    Buffer.from(NUL).toString('base64url'),
  ),
  fc.string({ minLength: 1, maxLength: 200 }),
  fc.uint8Array({ minLength: 1, maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
);
