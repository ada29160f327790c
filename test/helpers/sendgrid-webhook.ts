import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** A P-256 key pair in SendGrid's formats: the verification key is base64 DER SPKI, signatures base64 DER. */
export function webhookKeyPair(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), privateKey };
}

export function signBatch(privateKey: KeyObject, body: string, timestamp: number) {
  const signature = sign('sha256', Buffer.from(`${timestamp}${body}`), privateKey).toString('base64');
  return {
    'X-Twilio-Email-Event-Webhook-Signature': signature,
    'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp),
    'Content-Type': 'application/json',
  };
}

let counter = 0;

/** A SendGrid event as the Event Webhook posts it, carrying our message id in custom_args. */
export function sgEvent(
  event: string,
  messageId: string | null,
  at: Date,
  extra: Record<string, unknown> = {},
) {
  counter++;
  return {
    email: 'lead@example.com',
    timestamp: Math.floor(at.getTime() / 1000),
    event,
    sg_event_id: `sg-${counter}-${event}-${Math.random().toString(36).slice(2, 10)}`,
    sg_message_id: `msg-${counter}.filter0001`,
    ...(messageId ? { kaifu_message_id: messageId } : {}),
    ...extra,
  };
}
