import type { Lang } from '../../lib/lang.js';
import type { MonthOverview } from '../../services/kpi/month-overview.js';
import { count, DASHBOARD_TEXT, percent } from '../../text/index.js';

/** Won so far against the target's straight line, one point per business day: SVG with its text equivalent. */
function PaceChart(props: { lang: Lang; data: MonthOverview }) {
  const t = DASHBOARD_TEXT[props.lang].overview;
  const target = props.data.plan.total.wonTarget;
  const days = props.data.daily;
  const max = Math.max(target, ...days.map((d) => d.won), 1);
  const x = (i: number) => 30 + (i * 520) / Math.max(1, days.length - 1);
  const y = (v: number) => 170 - (v / max) * 150;
  const expected = props.data.plan.total.wonTarget * props.data.plan.pace.share;
  const summary = target > 0 ? t.paceText(props.data.plan.total.won, expected, target) : t.noTarget;
  return (
    <figure>
      <svg width="560" height="190" role="img" aria-label={summary}>
        <title>{summary}</title>
        <line x1="30" y1={y(0)} x2="550" y2={y(target)} stroke="#8fb3d9" stroke-dasharray="4 3" />
        <polyline
          fill="none"
          stroke="#14365d"
          stroke-width="2"
          points={days.map((d, i) => `${x(i)},${y(d.won)}`).join(' ')}
        />
        <text x="4" y={y(max) + 4} font-size="11">
          {count(props.lang, max)}
        </text>
        <text x="4" y={y(0)} font-size="11">
          0
        </text>
      </svg>
      <figcaption>
        {t.pace}: {summary}
      </figcaption>
    </figure>
  );
}

export function Overview(props: { lang: Lang; data: MonthOverview }) {
  const t = DASHBOARD_TEXT[props.lang].overview;
  const { plan } = props.data;
  const cards: [string, string][] = [
    [t.humanOpenRate, percent(props.lang, props.data.humanOpenRate)],
    [t.machineOpenRate, percent(props.lang, props.data.machineOpenRate)],
    [t.clickRate, percent(props.lang, props.data.clickRate)],
    [t.meetings, count(props.lang, plan.total.meetings)],
    [
      t.won,
      `${count(props.lang, plan.total.won)}${plan.total.wonTarget ? ` / ${t.target} ${count(props.lang, plan.total.wonTarget)}` : ''}`,
    ],
  ];
  return (
    <>
      <div class="cards">
        {cards.map(([label, value]) => (
          <div class="card">
            {label}
            <strong>{value}</strong>
          </div>
        ))}
      </div>
      <h2>{t.pace}</h2>
      <PaceChart lang={props.lang} data={props.data} />
    </>
  );
}
