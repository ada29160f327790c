import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

describe('createLogger', () => {
  it('writes one JSON line per call at or above its level, with child fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l)).child({ requestId: 'r1' });
    log.debug('hidden');
    log.info('shown', { status: 200 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      message: 'shown',
      requestId: 'r1',
      status: 200,
    });
  });

  it('blanks fields that could hold secrets or addresses, keeps ids', () => {
    const lines: string[] = [];
    createLogger('debug', (l) => lines.push(l)).warn('x', {
      apiKey: 'kf_secret',
      email: 'lead@example.com',
      authorization: 'Bearer x',
      keyId: 'abc',
    });
    const entry = JSON.parse(lines[0] ?? '');
    expect(entry).toMatchObject({
      apiKey: '[redacted]',
      email: '[redacted]',
      authorization: '[redacted]',
      keyId: 'abc',
    });
    expect(lines[0]).not.toContain('lead@example.com');
  });

  it('logs a failed query without its parameters (addresses, key hashes), keeping its cause and code', () => {
    const lines: string[] = [];
    const cause = Object.assign(new Error('write CONNECT_TIMEOUT 127.0.0.1:5432'), {
      code: 'CONNECT_TIMEOUT',
    });
    const failed = new DrizzleQueryError(
      'select id from contacts where email = $1',
      ['lead@example.com'],
      cause,
    );
    createLogger('debug', (l) => lines.push(l)).warn('database unavailable', { error: failed });
    expect(lines[0]).not.toContain('lead@example.com');
    expect(JSON.parse(lines[0] ?? '').error).toEqual({
      name: 'Error',
      message: 'Failed query: select id from contacts where email = $1',
      cause: { name: 'Error', message: 'write CONNECT_TIMEOUT 127.0.0.1:5432', code: 'CONNECT_TIMEOUT' },
    });
  });
});
