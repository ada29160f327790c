import { hasControlCharacter } from '../lib/text.js';

/**
 * Turns a campaign into what SendGrid sends: one body per variant with placeholders, and per recipient only
 * the substitution values (merge fields, signed tracking URLs). The same layout, with the substitutions
 * applied here, is what the outbox stores — so it shows exactly what would have gone out.
 */
export interface MergeData {
  email: string;
  name: string | null;
  company: string | null;
  attributes: Record<string, unknown>;
}

export interface Sender {
  name: string;
  postalAddress: string;
}

interface Field {
  key: string;
  field: string;
  fallback: string;
}

export interface Layout {
  html: string;
  text: string;
  htmlFields: Field[];
  textFields: Field[];
  linkCount: number;
}

export interface TrackingUrls {
  open: string;
  unsubscribe: string;
  honeypot: string;
  links: string[];
}

export const MAX_LINKS = 250;
const MERGE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** The campaign's http(s) links in order of first appearance, each href replaced by its click placeholder. */
/**
 * Why a tracked link cannot be a redirect target, or null when it can: it must parse as a URL and hold no
 * whitespace or control character — a line break in a Location header would split the response.
 */
export function linkProblem(url: string): string | null {
  if (hasControlCharacter(url) || /\s/.test(url)) return 'contains a space, line break or control character';
  return URL.canParse(url) ? null : 'is not a valid URL';
}

export function extractLinks(html: string): { html: string; links: string[] } {
  const links: string[] = [];
  const rewritten = html.replace(
    /(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2/gis,
    (whole, before: string, quote: string, href: string) => {
      const url = decodeEntities(href.trim());
      if (!/^https?:\/\//i.test(url) || url.includes('{{')) return whole;
      let index = links.indexOf(url);
      if (index < 0) {
        if (links.length >= MAX_LINKS) return whole;
        index = links.push(url) - 1;
      }
      return `${before}${quote}{{kf_c${index}}}${quote}`;
    },
  );
  return { html: rewritten, links };
}

function compileFields(template: string, prefix: string, fields: Field[]): string {
  return template.replace(MERGE, (whole, field: string, fallback: string | undefined) => {
    if (field.startsWith('kf_')) return whole;
    const key = `kf_${prefix}${fields.length}`;
    fields.push({ key, field, fallback: fallback ?? '' });
    return `{{${key}}}`;
  });
}

/**
 * The text part made from the HTML: a link keeps its URL after its words (`Register <https://…>`), or stands
 * alone when its words are the URL; `links` are the campaign's tracked URLs, which the hrefs hold as placeholders.
 */
function htmlToText(html: string, links: string[]): string {
  const anchors = html.replace(
    /<a\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a>/gi,
    (_whole, _quote: string, href: string, inner: string) => {
      const target = decodeEntities(href.trim());
      if (!target || target.startsWith('#')) return inner;
      const tracked = /^\{\{kf_c(\d+)\}\}$/.exec(target);
      const url = tracked ? links[Number(tracked[1])] : target;
      // Marked with private-use characters until the tags are stripped (bare: U+E000, after words: U+E002),
      // still encoded, as the whole text is decoded once below.
      const words = decodeEntities(inner.replace(/<[^>]+>/g, '')).trim();
      return !words || words === url ? `\uE000${href.trim()}\uE001` : `${inner} \uE002${href.trim()}\uE001`;
    },
  );
  return decodeEntities(
    anchors
      .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/\uE002([^\uE001]*)\uE001/g, '<$1>')
      .replace(/\uE000([^\uE001]*)\uE001/g, '$1'),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim();
}

/** A hand-written text part with the campaign's URLs as their click placeholders, longest first, so that a URL
 * which begins another (https://a.example, https://a.example/x) never takes a piece of it. */
function trackTextLinks(text: string, links: string[]): string {
  const longestFirst = links.map((url, i) => ({ url, i })).sort((a, b) => b.url.length - a.url.length);
  let out = text;
  for (const { url, i } of longestFirst) out = out.split(url).join(`{{kf_c${i}}}`);
  return out;
}

/**
 * One variant's body: links to click placeholders, merge fields to per-recipient placeholders (escaped for
 * HTML, plain for text), a hidden preheader, an open pixel, an aria-hidden honeypot link out of the tab order,
 * and the footer the law asks for: sender, postal address and a visible unsubscribe link.
 */
export function buildLayout(input: {
  html: string;
  text: string | null;
  preheader: string | null;
  sender: Sender;
  links: string[];
}): Layout {
  const htmlFields: Field[] = [];
  const textFields: Field[] = [];
  const { html: linked } = extractLinks(input.html);
  const body = compileFields(linked, 'h', htmlFields);
  const preheader = input.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(input.preheader)}</div>`
    : '';
  const honeypot =
    '<a href="{{kf_hp}}" aria-hidden="true" tabindex="-1" style="display:none;mso-hide:all;font-size:0;line-height:0">&#8203;</a>';
  const footer =
    '<div style="margin-top:24px;font-size:12px;color:#555">' +
    `${escapeHtml(input.sender.name)}<br>${escapeHtml(input.sender.postalAddress).replace(/\n/g, '<br>')}<br>` +
    '<a href="{{kf_unsub}}">配信停止 / Unsubscribe</a></div>';
  const pixel =
    '<img src="{{kf_open}}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">';
  const tail = `${footer}${pixel}`;
  const opened = /<body\b[^>]*>/i.test(body)
    ? body.replace(/<body\b[^>]*>/i, (tag) => `${tag}${preheader}${honeypot}`)
    : `${preheader}${honeypot}${body}`;
  const html = /<\/body>/i.test(opened) ? opened.replace(/<\/body>/i, `${tail}</body>`) : `${opened}${tail}`;

  let text = input.text === null ? htmlToText(linked, input.links) : trackTextLinks(input.text, input.links);
  text = compileFields(text, 't', textFields);
  text += `\n\n--\n${input.sender.name}\n${input.sender.postalAddress}\n配信停止 / Unsubscribe: {{kf_unsub}}\n`;
  return { html, text, htmlFields, textFields, linkCount: input.links.length };
}

function mergeValue(data: MergeData, field: string, fallback: string): string {
  const value =
    field === 'email'
      ? data.email
      : field === 'name'
        ? data.name
        : field === 'company'
          ? data.company
          : data.attributes[field];
  if (value === null || value === undefined || value === '') return fallback;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A subject (or any plain text) with its merge fields filled in. */
export function renderPlain(template: string, data: MergeData): string {
  return template.replace(MERGE, (whole, field: string, fallback: string | undefined) =>
    field.startsWith('kf_') ? whole : mergeValue(data, field, fallback ?? ''),
  );
}

/** The values one recipient's placeholders take. */
export function substitutionsFor(
  layout: Layout,
  data: MergeData,
  urls: TrackingUrls,
): Record<string, string> {
  const subs: Record<string, string> = {
    kf_open: urls.open,
    kf_unsub: urls.unsubscribe,
    kf_hp: urls.honeypot,
  };
  urls.links.forEach((url, i) => {
    subs[`kf_c${i}`] = url;
  });
  for (const f of layout.htmlFields) subs[f.key] = escapeHtml(mergeValue(data, f.field, f.fallback));
  for (const f of layout.textFields) subs[f.key] = mergeValue(data, f.field, f.fallback);
  return subs;
}

/** What SendGrid does with substitutions, done here: for the outbox and test sends. */
export function applySubstitutions(content: string, subs: Record<string, string>): string {
  return content.replace(/\{\{(kf_[a-z0-9_]+)\}\}/g, (whole, key: string) => subs[key] ?? whole);
}
