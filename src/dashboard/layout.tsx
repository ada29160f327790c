import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Lang } from '../lib/lang.js';
import { FAVICON_SVG } from '../routes/system/favicon.js';
import { DASHBOARD_TEXT, percent } from '../text/index.js';

/** Heatmap shades as classes (CSP allows no style attributes): heat0 pale … heat9 deep blue. */
export const HEAT_LEVELS = 10;
const HEAT_CLASSES = Array.from({ length: HEAT_LEVELS }, (_, level) => {
  const shade = Math.round(255 - ((level + 1) / HEAT_LEVELS) * 170);
  return `.heat${level}{background:rgb(${shade},${shade + Math.round((255 - shade) / 3)},255)}`;
}).join('');

const STYLE = `
body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;color:#1a1a1a;background:#fafafa;line-height:1.5}
header{background:#14365d;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}header button{color:#fff;background:transparent;border:1px solid #fff;border-radius:.25rem}nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0;flex-wrap:wrap}
nav a[aria-current=page]{font-weight:700;text-decoration:underline}
main{max-width:72rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;background:#fff}th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:right}
th[scope=row],td.text,th.text{text-align:left}caption{text-align:left;font-weight:600;padding:.3rem 0}
#heatmap{font-size:.75rem;line-height:1.25}#heatmap caption{font-size:.95rem}#heatmap th,#heatmap td{padding:.2rem}
#heatmap th[scope=col],#heatmap td{width:2.4rem;height:2rem;text-align:center}#heatmap td small{display:block;font-size:.65rem;color:#333}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.4rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#fff;border:1px solid #c8c8c8;padding:.8rem 1rem;min-width:12rem}
.card strong{display:block;font-size:1.6rem}form.inline{display:inline}
button,input,select{font:inherit;padding:.3rem .5rem}button{cursor:pointer}
.note{font-size:.85rem;color:#444;max-width:48rem}table+.note{margin-top:-1rem}
.behind,td.uncertain{color:#a30000;font-weight:600}.ok{color:#0b6b2b;font-weight:600}
${HEAT_CLASSES}`;

/** Every dashboard page: a skip link, the navigation, the language switch and sign-out (a CSRF-checked form). */
export function Layout(props: {
  lang: Lang;
  title: string;
  active?: string;
  csrf?: string;
  path: string;
  /** The response's CSP nonce: the style block is the page's only inline content. */
  nonce: string;
  children: Child;
}) {
  const t = DASHBOARD_TEXT[props.lang];
  const other = props.lang === 'ja' ? 'en' : 'ja';
  const pages = ['overview', 'campaigns', 'heatmap', 'recommendations', 'kpi'] as const;
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${t.title}`}</title>
        <link rel="icon" href={`data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`} />
        <style nonce={props.nonce}>{raw(STYLE)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header>
          <strong>{t.title}</strong>
          {props.csrf ? (
            <nav aria-label={t.title}>
              <ul>
                {pages.map((p) => (
                  <li>
                    <a href={`/dashboard/${p}`} aria-current={props.active === p ? 'page' : undefined}>
                      {t.nav[p]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <a
            href={`${props.path}${props.path.includes('?') ? '&' : '?'}lang=${other}`}
            lang={other}
            hreflang={other}
          >
            {t.language}
          </a>
          {props.csrf ? (
            <form class="inline" method="post" action="/dashboard/sign-out">
              <input type="hidden" name="csrf" value={props.csrf} />
              <button type="submit">{t.signOut}</button>
            </form>
          ) : null}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A horizontal bar with its interval, as SVG with a text equivalent. */
export function IntervalBar(props: {
  rate: number | null;
  lower: number | null;
  upper: number | null;
  label: string;
}) {
  const x = (v: number | null) => Math.round((v ?? 0) * 200);
  return (
    <svg width="210" height="18" role="img" aria-label={props.label}>
      <title>{props.label}</title>
      <rect x="0" y="7" width="200" height="4" fill="#e3e3e3" />
      <rect
        x={x(props.lower)}
        y="5"
        width={Math.max(1, x(props.upper) - x(props.lower))}
        height="8"
        fill="#8fb3d9"
      />
      <rect x={Math.max(0, x(props.rate) - 1)} y="2" width="3" height="14" fill="#14365d" />
    </svg>
  );
}

/** An interval as text, '—' when there is none. */
export const range = (lang: Lang, ci: { lower: number; upper: number } | null) =>
  ci ? `${percent(lang, ci.lower)}–${percent(lang, ci.upper)}` : '—';

export const CsvLink = (props: { href: string; lang: Lang }) => (
  <p>
    <a href={props.href} download>
      {DASHBOARD_TEXT[props.lang].csv}
    </a>
  </p>
);
