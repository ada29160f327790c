import { z } from 'zod';

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
      .optional(),
  ),
  KAIFU_DATA_DIR: z.string().min(1).default('./.kaifu'),
  KAIFU_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  KAIFU_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  KAIFU_PREVIOUS_SECRETS: optionalString,
  KAIFU_ADMIN_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,200}$/, 'must be 24 to 200 characters of A-Z a-z 0-9 _ -')
      .optional(),
  ),
  KAIFU_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  KAIFU_METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  KAIFU_TRACKING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SENDGRID_API_KEY: optionalString,
  SENDGRID_API_BASE_URL: z.url().default('https://api.sendgrid.com'),
  SENDGRID_WEBHOOK_PUBLIC_KEY: optionalString,
  SENDGRID_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  LOG_LEVEL: z.enum(logLevels).default('info'),
});

export type LogLevel = (typeof logLevels)[number];

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  /** Undefined only for the embedded default on Node, whose entry generates and persists one. */
  secret: string | undefined;
  /** Earlier KAIFU_SECRETs, still accepted for tracking links in mail sent before a rotation. */
  previousSecrets: string[];
  adminKey: string | undefined;
  rateLimitPerMinute: number;
  metricsToken: string | undefined;
  /** Days an open's or click's IP address and user agent are kept whole (classification needs them). */
  trackingRetentionDays: number;
  sendgrid: {
    apiKey: string | undefined;
    baseUrl: string;
    webhookPublicKey: string | undefined;
    timeoutMs: number;
  };
  logLevel: LogLevel;
}

/** Config once the secret is settled: what the app runs with. */
export type RuntimeConfig = Config & { secret: string };

export function withSecret(config: Config, secret = config.secret): RuntimeConfig {
  if (!secret) throw new ConfigError('Invalid configuration: KAIFU_SECRET: required');
  return { ...config, secret };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once, at the entry. A bad value stops start-up with a message naming the variable.
 * `embedded` is true where a missing DATABASE_URL means PGlite (Node); elsewhere KAIFU_SECRET is required.
 * Workers set `requirePublicUrl`: there is no localhost to fall back on.
 */
export function parseConfig(
  env: Record<string, unknown>,
  options: { embedded: boolean; requirePublicUrl?: boolean },
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const embedded = options.embedded && !e.DATABASE_URL;
  if (!embedded && !e.KAIFU_SECRET) {
    throw new ConfigError('Invalid configuration: KAIFU_SECRET: required when DATABASE_URL is set');
  }
  if (options.requirePublicUrl && !e.KAIFU_PUBLIC_URL) {
    throw new ConfigError(
      'Invalid configuration: KAIFU_PUBLIC_URL: required here (the base of tracking links)',
    );
  }
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.KAIFU_DATA_DIR,
    publicUrl: (e.KAIFU_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    secret: e.KAIFU_SECRET,
    previousSecrets: (e.KAIFU_PREVIOUS_SECRETS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminKey: e.KAIFU_ADMIN_KEY,
    rateLimitPerMinute: e.KAIFU_RATE_LIMIT_PER_MINUTE,
    metricsToken: e.KAIFU_METRICS_TOKEN,
    trackingRetentionDays: e.KAIFU_TRACKING_RETENTION_DAYS,
    sendgrid: {
      apiKey: e.SENDGRID_API_KEY,
      baseUrl: e.SENDGRID_API_BASE_URL.replace(/\/+$/, ''),
      webhookPublicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY,
      timeoutMs: e.SENDGRID_TIMEOUT_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}
