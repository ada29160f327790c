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
});
