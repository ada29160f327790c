/** One SendGrid request: up to 1,000 recipients of one variant, each with its own values and headers. */
export interface Personalization {
  to: { email: string; name?: string };
  subject: string;
  substitutions: Record<string, string>;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
}

export interface MailBatch {
  from: { email: string; name: string };
  replyTo: string | null;
  html: string;
  text: string;
  categories: string[];
  /** SendGrid's own open pixel: a second machine-open signal (sg_machine_open); opens merge per message. */
  openTracking: boolean;
  personalizations: Personalization[];
}

export type SendOutcome =
  | { kind: 'accepted'; providerMessageId: string | null }
  /** 429: SendGrid's Retry-After (seconds, as ms) or X-RateLimit-Reset (epoch, as ms), when it gave one. */
  | { kind: 'rate_limited'; retryAfterMs: number | null; resetAtMs: number | null; reason: string }
  /** 5xx, or a failure before the request could reach SendGrid: safe to send again. */
  | { kind: 'retryable'; reason: string }
  /** Another 4xx: SendGrid refused the request itself; sending it again would fail again. */
  | { kind: 'rejected'; reason: string }
  /** A timeout or a connection lost mid-request: SendGrid may have accepted it. Never re-send blindly. */
  | { kind: 'uncertain'; reason: string };

export interface Mailer {
  send(batch: MailBatch, apiKey: string): Promise<SendOutcome>;
}

export const MAX_PERSONALIZATIONS = 1000;
