import { connect, type Socket } from 'node:net';
import { connectPostgres, type DatabaseHandle } from '../db/client.js';

/**
 * Walks Postgres protocol messages (a type byte, then an int32 length that counts itself) across the chunks of
 * a stream, calling `onMessage` with each type. `untyped` first messages (the startup packet, an SSL or cancel
 * request) have no type byte; they are handed over whole as type 0 with their protocol code.
 */
class MessageWalker {
  private skip = 0;
  private header = Buffer.alloc(0);
  constructor(
    private untyped: number,
    private readonly onMessage: (type: number, code: number) => void,
  ) {}

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const headerLength = this.untyped > 0 ? 8 : 5;
      let header: Buffer;
      if (this.header.length === 0 && chunk.length - i >= headerLength) {
        header = chunk.subarray(i, i + headerLength);
        i += headerLength;
      } else {
        const take = Math.min(headerLength - this.header.length, chunk.length - i);
        this.header = Buffer.concat([this.header, chunk.subarray(i, i + take)]);
        i += take;
        if (this.header.length < headerLength) return;
        header = this.header;
        this.header = Buffer.alloc(0);
      }
      if (this.untyped > 0) {
        this.untyped--;
        this.skip = header.readInt32BE(0) - 8;
        this.onMessage(0, header.readInt32BE(4));
      } else {
        this.skip = header.readInt32BE(1) - 4;
        this.onMessage(header[0] ?? 0, 0);
      }
    }
  }
}

const READY_FOR_QUERY = 'Z'.charCodeAt(0);
const SYNC = 'S'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const STARTUP = 196_608; // protocol 3.0

function timeoutError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * A socket for postgres.js (its `socket` option) that does not wait forever on a silent server. TCP alone never
 * notices a partition or a stalled proxy, and statement_timeout cannot help when its answer never arrives. So
 * this counts what the client awaits — one ReadyForQuery for the startup, each Sync and each simple Query — and
 * when something is awaited and nothing arrives for `silenceMs`, destroys the socket: postgres.js fails the
 * query (CONNECTION_CLOSED, answered 503) and connects afresh for the next one. An idle connection is left alone.
 * Plain TCP only: postgres.js's own TLS would wrap it and hide the protocol.
 */
export function watchedSocket(limits: { connectMs: number; silenceMs: number }) {
  return (options: { host: string[]; port: number[] }): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: options.host[0] ?? '127.0.0.1', port: options.port[0] ?? 5432 });
      const connecting = setTimeout(() => {
        socket.destroy();
        reject(timeoutError(`no connection to Postgres within ${limits.connectMs} ms`, 'CONNECT_TIMEOUT'));
      }, limits.connectMs);
      socket.once('error', (error) => {
        clearTimeout(connecting);
        reject(error);
      });
      socket.once('connect', () => {
        clearTimeout(connecting);
        watch(socket, limits.silenceMs);
        resolve(socket);
      });
    });
}

function watch(socket: Socket, silenceMs: number): void {
  let awaited = 0;
  const sent = new MessageWalker(1, (type, code) => {
    if (type === SYNC || type === QUERY || (type === 0 && code === STARTUP)) awaited++;
  });
  const received = new MessageWalker(0, (type) => {
    if (type === READY_FOR_QUERY) awaited = Math.max(0, awaited - 1);
  });
  const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (Buffer.isBuffer(chunk)) sent.feed(chunk as Buffer);
    return write(chunk, ...rest);
  }) as Socket['write'];
  socket.on('data', (chunk: Buffer) => received.feed(chunk));
  socket.setTimeout(silenceMs);
  socket.on('timeout', () => {
    if (awaited > 0) {
      socket.destroy(
        timeoutError(`Postgres sent nothing for ${silenceMs} ms while a query waited`, 'ETIMEDOUT'),
      );
    }
  });
}

// Node's pools: Postgres cancels a statement after STATEMENT_TIMEOUT_MS; the socket gives up after SILENCE_MS
// without a byte while a query waits (longer, so that Postgres's own cancellation normally answers first).
export const STATEMENT_TIMEOUT_MS = 15_000;
const SILENCE_MS = 20_000;
const CONNECT_MS = 5_000;

/**
 * A Postgres pool as Node runs it: statement timeout, and a watched socket unless the URL asks for TLS (which
 * postgres.js layers over the socket, hiding the protocol; TCP keepalive and the statement timeout remain).
 */
export function connectNodePostgres(
  url: string,
  options: { max?: number; silenceMs?: number; statementTimeoutMs?: number } = {},
): DatabaseHandle {
  const sslmode = new URL(url).searchParams.get('sslmode');
  const plain = sslmode === null || sslmode === 'disable';
  const silenceMs = options.silenceMs ?? SILENCE_MS;
  return connectPostgres(url, {
    ...(options.max ? { max: options.max } : {}),
    statementTimeoutMs: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    ...(plain ? { socket: watchedSocket({ connectMs: Math.min(CONNECT_MS, silenceMs), silenceMs }) } : {}),
  });
}
