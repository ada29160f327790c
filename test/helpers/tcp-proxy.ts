import { connect, createServer, type Server, type Socket } from 'node:net';
import { TEST_PG_URL } from './postgres.js';

type Mode = 'open' | 'paused' | 'dropping';

// Postgres's CommandComplete for COMMIT: 'C', length 11, "COMMIT\0". Sent once the transaction is durable.
const COMMIT_COMPLETE = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT'), 0]);

/**
 * A TCP proxy in front of Postgres that a test can break in the ways networks break, without touching the
 * shared server: `cut` resets every connection and refuses new ones; `pause` holds every byte (a stalled
 * link: nothing is lost, nothing arrives); `drop` swallows every byte both ways while connections stay open
 * (a silent partition). `restore` heals it: held bytes flow on, dropped ones are gone. `loseCommits(n)` lets the
 * next n COMMITs through and resets the connection before Postgres's answer reaches the client: the transaction
 * is committed, and the client cannot know.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let refusing = false;
  let mode: Mode = 'open';
  let commitsToLose = 0;
  let commitsLost = 0;
  const forward = (from: Socket, to: Socket, fromServer: boolean) =>
    from.on('data', (chunk: Buffer) => {
      if (fromServer && commitsToLose > 0 && chunk.includes(COMMIT_COMPLETE)) {
        commitsToLose--;
        commitsLost++;
        from.destroy();
        to.destroy();
        return;
      }
      if (mode !== 'dropping') to.write(chunk);
    });
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
      if (mode === 'paused') s.pause();
    }
    forward(client, upstream, false);
    forward(upstream, client, true);
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    /** A URL for `database` on the shared test server, through this proxy. */
    urlFor(database: string) {
      const url = new URL(TEST_PG_URL);
      url.port = String(port);
      url.hostname = '127.0.0.1';
      url.pathname = `/${database}`;
      return url.toString();
    },
    /** Drops every open connection and refuses new ones until restored. */
    cut() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    /** Holds every byte in flight, both ways, on old and new connections, until restored. */
    pause() {
      mode = 'paused';
      for (const s of sockets) s.pause();
    },
    /** Swallows every byte, both ways, while connections stay open, until restored. */
    drop() {
      mode = 'dropping';
    },
    /** The next `n` COMMITs take effect in Postgres, but their connection is reset before the answer arrives. */
    loseCommits(n: number) {
      commitsToLose = n;
    },
    /** How many COMMITs were lost on the way back so far. */
    commitsLost: () => commitsLost,
    restore() {
      refusing = false;
      mode = 'open';
      for (const s of sockets) s.resume();
    },
    connections: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
