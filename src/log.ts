import type { LogLevel } from './config.js';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// A safety net: call sites never pass secrets or addresses, and a field so named is blanked if one slips in.
const SENSITIVE = /key|token|secret|password|authorization|cookie|email/i;

function clean(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (SENSITIVE.test(name) && !/Id$/.test(name)) out[name] = '[redacted]';
    else if (value instanceof Error) out[name] = errorField(value);
    else out[name] = value;
  }
  return out;
}

/**
 * An error as a log field: name, message and code, and its causes' (a database error under drizzle's). Never a
 * failed query's parameters, which drizzle writes into its message: addresses, key hashes, personal data.
 */
function errorField(error: Error, depth = 0): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message.replace(/\nparams: [\s\S]*$/, ''),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.cause instanceof Error && depth < 3 ? { cause: errorField(error.cause, depth + 1) } : {}),
  };
}

/** Structured JSON lines, one per call. */
export function createLogger(
  level: LogLevel,
  write: (line: string, level: LogLevel) => void = (line) => console.log(line),
  base: Record<string, unknown> = {},
): Logger {
  const emit = (at: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (rank[at] < rank[level]) return;
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level: at,
        message,
        ...clean({ ...base, ...fields }),
      }),
      at,
    );
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}
