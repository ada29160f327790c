import { z } from 'zod';

/**
 * Validation messages a person can act on: the field's name is put in front by the hook, this says what was
 * expected ("required, an array of 1 to 10,000 contacts"; "expected a string of at most 200 characters, got
 * 250 characters"). Installed as zod's global error map, so it applies wherever a schema carries no message
 * of its own — a schema's own message (a refinement's reason) always wins.
 */

type Schema = z.core.$ZodType;

const count = (n: number | bigint) => Number(n).toLocaleString('en-US');

const FORMATS: Record<string, string> = {
  email: 'an email address',
  uuid: 'a UUID',
  guid: 'a UUID',
  url: 'a URL',
  datetime: 'a date-time in ISO 8601 with its offset, like 2026-12-01T09:00:00Z',
  date: 'a date like 2026-12-01',
  time: 'a time like 09:00',
  regex: 'text in the documented pattern',
};

/** A number range in words: "from 1 to 500", "at least 0", "at most 1". */
function range(min: unknown, max: unknown, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  const has = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (has(min) && has(max)) {
    return min === max
      ? `exactly ${count(min as number)}${u}`
      : `${count(min as number)} to ${count(max as number)}${u}`;
  }
  if (has(min)) return `at least ${count(min as number)}${u}`;
  if (has(max)) return `at most ${count(max as number)}${u}`;
  return '';
}

const quote = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

/** A schema's bounds and format, read from its definition and its checks (zod fills `bag` only lazily). */
function factsOf(schema: Schema) {
  const def = schema._zod.def as unknown as { format?: string; checks?: { _zod: { def: unknown } }[] };
  const facts: { min?: number; max?: number; format?: string } = { format: def.format };
  for (const check of def.checks ?? []) {
    const c = check._zod.def as {
      check: string;
      value?: unknown;
      minimum?: number;
      maximum?: number;
      length?: number;
      format?: string;
    };
    if (c.check === 'min_length') facts.min = c.minimum;
    else if (c.check === 'max_length') facts.max = c.maximum;
    else if (c.check === 'length_equals') facts.min = facts.max = c.length;
    else if (c.check === 'greater_than' && typeof c.value === 'number') facts.min = c.value;
    else if (c.check === 'less_than' && typeof c.value === 'number') facts.max = c.value;
    else if (c.check === 'string_format' || c.check === 'number_format') facts.format = c.format;
  }
  return facts;
}

/** What a value of `schema` looks like, in words; `noun` names an array's items (its field's name). */
export function describeSchema(schema: Schema, noun = 'items'): string {
  const zod = schema._zod;
  const def = zod.def as unknown as Record<string, unknown> & { type: string };
  const facts = factsOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return describeSchema(def.innerType as Schema, noun);
    case 'pipe':
      return describeSchema(def.in as Schema, noun);
    case 'lazy':
      return 'a value of the documented shape';
    case 'string': {
      const format = facts.format ? FORMATS[facts.format] : undefined;
      if (format) return format;
      const length = range(facts.min, facts.max, 'characters');
      return length ? `a string of ${length}` : 'a string';
    }
    case 'number': {
      const whole = facts.format === 'safeint' || facts.format === 'int32' || facts.format === 'uint32';
      const kind = whole ? 'a whole number' : 'a number';
      const r = range(facts.min, facts.max);
      if (!r) return kind;
      return r.includes(' to ') ? `${kind} from ${r}` : `${kind}, ${r}`;
    }
    case 'boolean':
      return 'true or false';
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return values.length === 1 ? quote(values[0]) : `one of ${values.map(quote).join(', ')}`;
    }
    case 'literal': {
      const values = def.values as unknown[];
      return values.length === 1 ? quote(values[0]) : `one of ${values.map(quote).join(', ')}`;
    }
    case 'array': {
      const size = range(facts.min, facts.max);
      return size ? `an array of ${size} ${noun}` : `an array of ${noun}`;
    }
    case 'object':
      return 'an object';
    case 'record':
      return 'an object';
    case 'union': {
      const options = (def.options as Schema[]).map((o) => describeSchema(o, noun));
      return [...new Set(options)].join(' or ');
    }
    default:
      return 'a value of the documented shape';
  }
}

/** The JSON type of a received value, for "got …". */
function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return `an array of ${count(input.length)}`;
  // A short string is echoed (it is the caller's own input, in the caller's own answer); a long one measured.
  if (typeof input === 'string') {
    return input.length <= 40 ? JSON.stringify(input) : `a string of ${count(input.length)} characters`;
  }
  if (typeof input === 'number') return String(input);
  if (typeof input === 'object') return 'an object';
  return typeof input;
}

const fieldNoun = (path: PropertyKey[]) => {
  const last = path.at(-1);
  return typeof last === 'string' ? last : 'items';
};

export const validationErrorMap: z.core.$ZodErrorMap = (issue) => {
  const schema = (issue.schema ?? issue.inst) as Schema | undefined;
  const expected = schema?._zod?.def ? describeSchema(schema, fieldNoun(issue.path ?? [])) : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return expected ? `required, ${expected}` : 'required';
      return expected ? `expected ${expected}, got ${received(issue.input)}` : undefined;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'invalid_value':
    case 'invalid_union':
    case 'not_multiple_of':
      return expected ? `expected ${expected}, got ${received(issue.input)}` : undefined;
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}: see the API reference for this request's fields`;
    }
    default:
      return undefined;
  }
};

z.config({ customError: validationErrorMap });
