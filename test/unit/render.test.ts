import { describe, expect, it } from 'vitest';
import { buildLayout } from '../../src/mail/render.js';

const sender = { name: 'Acme', postalAddress: 'Tokyo' };
const layoutOf = (html: string, links: string[], text: string | null = null) =>
  buildLayout({ html, text, preheader: null, sender, links });

describe('the plain-text part', () => {
  it('keeps each link of the HTML, tracked, after its text', () => {
    const { text } = layoutOf(
      '<p>Hi {{name}}</p><p><a href="https://acme.example/webinar">Register</a> or ' +
        '<a href="https://acme.example/case">https://acme.example/case</a>, or ' +
        '<a href="mailto:sales@acme.example">write to us</a>.</p>',
      ['https://acme.example/webinar', 'https://acme.example/case'],
    );
    expect(text.split('\n--\n')[0]).toBe(
      'Hi {{kf_t0}}\nRegister <{{kf_c0}}> or {{kf_c1}}, or write to us <mailto:sales@acme.example>.\n',
    );
  });

  it('tracks the URLs of a text part given by hand, a URL that begins another never taking its place', () => {
    const { text } = layoutOf(
      '<a href="https://a.example">A</a><a href="https://a.example/x">X</a>',
      ['https://a.example', 'https://a.example/x'],
      'See https://a.example/x and https://a.example.',
    );
    expect(text.split('\n\n--\n')[0]).toBe('See {{kf_c1}} and {{kf_c0}}.');
  });
});
