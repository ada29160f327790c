import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the fake does with the next request: answer (202 by default), fail, or never answer. */
export type Injection =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Hold the connection open and never answer: the client's timeout fires. `accept` decides if it counted. */
  | { hang: true; accept: boolean };

export interface RecordedRequest {
  authorization: string | undefined;
  body: {
    personalizations: {
      to: { email: string; name?: string }[];
      subject: string;
      substitutions?: Record<string, string>;
      headers?: Record<string, string>;
      custom_args?: Record<string, string>;
    }[];
    from: { email: string; name?: string };
    reply_to?: { email: string };
    content: { type: string; value: string }[];
    categories?: string[];
    tracking_settings?: Record<string, unknown>;
  };
  /** Answered 202 (or hung after counting it as accepted). */
  accepted: boolean;
}

/**
 * A local stand-in for SendGrid's v3 API, driven by the real @sendgrid/mail client in tests: records every
 * request to /v3/mail/send, answers 202 with an X-Message-Id, and plays injected failures in order.
 */
export async function startFakeSendgrid() {
  const requests: RecordedRequest[] = [];
  const queue: Injection[] = [];
  let failureRate = 0;
  let random = Math.random;
  let counter = 0;
  let delayMs = 0;
  const hanging = new Set<ServerResponse>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/__requests') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(requests));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/v3/mail/send') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
      const record: RecordedRequest = { authorization: req.headers.authorization, body, accepted: false };
      requests.push(record);
      if (!req.headers.authorization?.startsWith('Bearer ')) {
        res
          .writeHead(401, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: 'unauthorized' }] }));
        return;
      }
      if (body.personalizations.length > 1000) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({ errors: [{ field: 'personalizations', message: 'too many personalizations' }] }),
        );
        return;
      }
      let injection = queue.shift();
      if (!injection && failureRate > 0 && random() < failureRate) {
        injection = random() < 0.5 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 500 };
      }
      if (injection && 'hang' in injection) {
        record.accepted = injection.accept;
        hanging.add(res);
        return;
      }
      const status = injection?.status ?? 202;
      // Taken on arrival, answered later: a client that dies meanwhile never learns it was accepted.
      record.accepted = status === 202;
      const answer = () => {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'X-Message-Id': `fake-${++counter}`,
          ...injection?.headers,
        });
        res.end(
          status === 202
            ? ''
            : JSON.stringify(injection?.body ?? { errors: [{ message: `injected ${status}` }] }),
        );
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    inject(...injections: Injection[]) {
      queue.push(...injections);
    },
    /** From now on, answer every request this long after taking it (0: at once). */
    slow(ms: number) {
      delayMs = ms;
    },
    /** From now on, fail this share of requests at random (half 429, half 500). */
    failRandomly(rate: number, seeded: () => number = Math.random) {
      failureRate = rate;
      random = seeded;
    },
    /** Message ids in accepted requests, with how many times each was accepted. */
    acceptedMessageIds(): Map<string, number> {
      const seen = new Map<string, number>();
      for (const r of requests.filter((x) => x.accepted)) {
        for (const p of r.body.personalizations) {
          const id = p.custom_args?.kaifu_message_id ?? '';
          seen.set(id, (seen.get(id) ?? 0) + 1);
        }
      }
      return seen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSendgrid = Awaited<ReturnType<typeof startFakeSendgrid>>;
