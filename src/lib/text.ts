// zod as @hono/zod-openapi extends it: routes add .openapi() to these schemas, whatever loads first.
import { z } from '@hono/zod-openapi';

// Postgres text cannot hold NUL, and other control characters in a name or subject end up in mail headers,
// CSV cells and terminals. C1 controls are left alone: they are rare, harmless there, and legal in Postgres.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_BUT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const hasControlCharacter = (text: string) => ANY_CONTROL.test(text);

/** One line of text — a name, a subject, an id: no control character at all. */
export const line = () =>
  z.string().refine((s) => !ANY_CONTROL.test(s), 'must not contain control characters (NUL, line breaks, …)');

/** Text over several lines — HTML, a plain-text body, a postal address: tab and line breaks allowed. */
export const lines = () =>
  z
    .string()
    .refine(
      (s) => !CONTROL_BUT_TAB_AND_LINE_BREAKS.test(s),
      'must not contain control characters other than tab and line breaks',
    );
