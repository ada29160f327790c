import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import type { MailBatch, Mailer, SendOutcome } from './mailer.js';

// Never connected: nothing reached SendGrid, so sending again cannot duplicate anything.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  const value = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** Retry-After (seconds) and X-RateLimit-Reset (epoch seconds), in milliseconds, as SendGrid sent them. */
function rateLimitHeaders(headers: unknown) {
  const retryAfter = Number(header(headers, 'retry-after') ?? Number.NaN);
  const reset = Number(header(headers, 'x-ratelimit-reset') ?? Number.NaN);
  return {
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : null,
    resetAtMs: Number.isFinite(reset) && reset > 0 ? reset * 1000 : null,
  };
}

function classify(error: unknown): SendOutcome {
  const response = (
    error as { response?: { status?: number; headers?: unknown; body?: unknown; data?: unknown } }
  ).response;
  const status = (error as { code?: unknown }).code;
  const httpStatus = typeof status === 'number' ? status : response?.status;
  if (typeof httpStatus === 'number') {
    const body = response?.body ?? response?.data;
    const errors = (body as { errors?: { message?: string; field?: string }[] } | undefined)?.errors ?? [];
    const reason = `SendGrid ${httpStatus}: ${errors.map((e) => [e.field, e.message].filter(Boolean).join(' ')).join('; ') || 'no details'}`;
    if (httpStatus === 429) return { kind: 'rate_limited', ...rateLimitHeaders(response?.headers), reason };
    if (httpStatus >= 500) return { kind: 'retryable', reason };
    return { kind: 'rejected', reason };
  }
  const codes = codesOf(error);
  const reason = `${(error as Error)?.message ?? 'request failed'} (${codes.join(', ') || 'no code'})`;
  return codes.some((c) => NEVER_CONNECTED.has(c))
    ? { kind: 'retryable', reason }
    : { kind: 'uncertain', reason };
}

/**
 * The real @sendgrid/mail client against SENDGRID_API_BASE_URL, on axios' fetch adapter so the same code runs
 * in workerd. A client per send: API keys are per workspace, and nothing is kept between requests.
 */
export function createSendgridMailer(options: { baseUrl: string; timeoutMs: number }): Mailer {
  return {
    async send(batch: MailBatch, apiKey: string): Promise<SendOutcome> {
      const client = new Client();
      client.setApiKey(apiKey);
      client.setDefaultRequest({
        baseUrl: options.baseUrl,
        adapter: 'fetch',
        timeout: options.timeoutMs,
      } as never);
      const mail = new MailService();
      mail.setClient(client);
      try {
        const [response] = await mail.send({
          from: batch.from,
          ...(batch.replyTo ? { replyTo: batch.replyTo } : {}),
          content: [
            { type: 'text/plain', value: batch.text },
            { type: 'text/html', value: batch.html },
          ],
          categories: batch.categories,
          personalizations: batch.personalizations,
          trackingSettings: {
            // Ours rewrite every link and add the unsubscribe link; SendGrid's would wrap them again.
            clickTracking: { enable: false, enableText: false },
            subscriptionTracking: { enable: false },
            openTracking: { enable: batch.openTracking },
          },
        } as never);
        return { kind: 'accepted', providerMessageId: header(response.headers, 'x-message-id') ?? null };
      } catch (error) {
        return classify(error);
      }
    },
  };
}
