import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

// The Node entry and the CLI as production runs them: node on dist/ (test/global-setup.ts builds it first).
export const root = join(import.meta.dirname, '..', '..');
const entry = join(root, 'dist', 'entry', 'node.js');
const cli = join(root, 'dist', 'cli.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The admin key a server or the CLI printed, if any. */
export const keyIn = (text: string) => /\b(kf_[A-Za-z0-9_-]{43})\b/.exec(text)?.[1];

export interface Started {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  stdout: () => string;
}

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });

/** Spawns a server process and waits until it says it listens. */
async function launch(command: string, args: string[], env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(command, args, { cwd: root, env: { ...baseEnv(), PORT: String(port), ...env } });
  let err = '';
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${err}`)), 60_000);
    child.stderr?.on('data', (d) => {
      err += d;
      if (err.includes('Kaifu is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${err}`));
    });
  });
  return { child, port, stderr: () => err, stdout: () => out };
}

/** The Node entry, node on the built JavaScript. */
export const start = (env: Record<string, string>) => launch(process.execPath, [entry], env);

/** The README's own command, `npm start` (its prestart builds dist/ again). */
export const npmStart = (env: Record<string, string>) => launch('npm', ['start', '--silent'], env);

/** SIGTERM, as a container runtime or systemd sends it; answers the exit code. */
export async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.on('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  return exited;
}

/** kill -9: no handler runs, nothing is flushed; resolves once the process is gone. */
export async function killHard(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.on('exit', resolve));
  started.child.kill('SIGKILL');
  await exited;
}

/** A process given its output and exit code. */
export function run(args: string[], env: Record<string, string>, script = cli) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: { ...baseEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The Node entry run to its end (a start-up refused, say). */
export const runEntry = (env: Record<string, string>) => run([], env, entry);
