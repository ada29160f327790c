import type { Lang } from '../../lib/lang.js';
import type { CampaignReport } from '../../services/analysis/campaign-report.js';
import type { Cell } from '../../services/analysis/open-rates.js';
import type { Recommendations } from '../../services/analysis/recommendations.js';
import type { CampaignView } from '../../services/campaigns/present-campaign.js';
import type { KpiPlan } from '../../services/kpi/plan.js';
import { count, percent, TEXT } from './i18n.js';
import { HEAT_LEVELS, IntervalBar } from './layout.js';

const range = (lang: Lang, ci: { lower: number; upper: number } | null) =>
  ci ? `${percent(lang, ci.lower)}–${percent(lang, ci.upper)}` : '—';

export const CsvLink = (props: { href: string; lang: Lang }) => (
  <p>
    <a href={props.href} download>
      {TEXT[props.lang].csv}
    </a>
  </p>
);

export function SignIn(props: { lang: Lang; failed: boolean }) {
  const t = TEXT[props.lang];
  return (
    <form method="post" action="/dashboard/sign-in">
      <p>{t.signInIntro}</p>
      {props.failed ? (
        <p role="alert" class="behind">
          {t.badKey}
        </p>
      ) : null}
      <label for="key">{t.apiKey}</label>{' '}
      <input id="key" name="key" type="password" autocomplete="off" required />{' '}
      <button type="submit">{t.signIn}</button>
    </form>
  );
}

export interface OverviewData {
  humanOpenRate: number | null;
  machineOpenRate: number | null;
  clickRate: number | null;
  plan: KpiPlan;
  /** Won deals by business day of the month, cumulative. */
  daily: { date: string; won: number }[];
}

/** Won so far against the target's straight line, one point per business day: SVG with its text equivalent. */
function PaceChart(props: { lang: Lang; data: OverviewData }) {
  const t = TEXT[props.lang].overview;
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

export function Overview(props: { lang: Lang; data: OverviewData }) {
  const t = TEXT[props.lang].overview;
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

export function CampaignList(props: { lang: Lang; campaigns: CampaignView[] }) {
  const t = TEXT[props.lang].campaigns;
  return (
    <table>
      <caption>{TEXT[props.lang].nav.campaigns}</caption>
      <thead>
        <tr>
          <th scope="col">{t.name}</th>
          <th scope="col" class="text">
            {t.status}
          </th>
          <th scope="col">{t.sends}</th>
          <th scope="col" title={t.uncertainHelp}>
            {t.uncertain}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.campaigns.map((c) => (
          <tr>
            <th scope="row">
              <a href={`/dashboard/campaigns/${c.id}`}>{c.name}</a>
            </th>
            <td class="text">{c.status}</td>
            <td>{count(props.lang, c.progress.sent)}</td>
            {c.progress.uncertain > 0 ? (
              <td class="uncertain" title={t.uncertainHelp}>
                {count(props.lang, c.progress.uncertain)}
              </td>
            ) : (
              <td>{count(props.lang, 0)}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CampaignDetail(props: {
  lang: Lang;
  report: CampaignReport;
  outbox: { to: string; subject: string }[];
  canTestSend: boolean;
  /** What the test send just made went out, when the page follows one. */
  testSent?: { sent: number; skipped: number } | undefined;
  csrf: string;
}) {
  const t = TEXT[props.lang].campaigns;
  const { report } = props;
  const decision = report.decision as { winnerLabel?: string; reason?: string } | null;
  return (
    <>
      <p>
        <a href="/dashboard/campaigns">{t.back}</a>
      </p>
      <CsvLink href={`/dashboard/campaigns/${report.campaignId}?format=csv`} lang={props.lang} />
      <table>
        <caption>{report.name}</caption>
        <thead>
          <tr>
            <th scope="col">{t.variant}</th>
            <th scope="col" class="text">
              {t.subject}
            </th>
            <th scope="col">{t.delivered}</th>
            <th scope="col">{t.humanOpens}</th>
            <th scope="col">{t.machineOpens}</th>
            <th scope="col">{t.rate}</th>
            <th scope="col">{t.ci}</th>
            <th scope="col">{t.best}</th>
          </tr>
        </thead>
        <tbody>
          {report.variants.map((v) => {
            const r = v.rates.humanOpens;
            const label = `${percent(props.lang, r.rate)} (${percent(props.lang, r.ci?.lower)}–${percent(props.lang, r.ci?.upper)})`;
            return (
              <tr>
                <th scope="row">{v.label}</th>
                <td class="text">{v.subject}</td>
                <td>{count(props.lang, v[report.denominator])}</td>
                <td>{count(props.lang, v.humanOpens)}</td>
                <td>{count(props.lang, v.machineOpens)}</td>
                <td>{percent(props.lang, r.rate)}</td>
                <td>
                  <IntervalBar
                    rate={r.rate}
                    lower={r.ci?.lower ?? null}
                    upper={r.ci?.upper ?? null}
                    label={label}
                  />
                </td>
                <td>{percent(props.lang, v.probabilityToBeBest)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t.decision}</h2>
      <p>
        {decision
          ? `${decision.winnerLabel} (${t.reasons[decision.reason ?? ''] ?? decision.reason})`
          : t.noDecision}
      </p>
      <ul>
        {report.notes.map((n) => (
          <li>{n}</li>
        ))}
      </ul>
      {props.outbox.length > 0 ? (
        <>
          <h2>{t.outbox}</h2>
          <ul>
            {props.outbox.map((m) => (
              <li>
                {m.to}: {m.subject}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.canTestSend ? (
        <form method="post" action={`/dashboard/campaigns/${report.campaignId}/test-send`}>
          <h2>{t.testSend}</h2>
          {props.testSent ? (
            <p role="status">{t.testSent(props.testSent.sent, props.testSent.skipped)}</p>
          ) : null}
          <input type="hidden" name="csrf" value={props.csrf} />
          <label for="emails">{t.addresses}</label> <input id="emails" name="emails" required />{' '}
          <button type="submit">{t.send}</button>
        </form>
      ) : null}
    </>
  );
}

export function Heatmap(props: {
  lang: Lang;
  cells: Cell[];
  raw: boolean;
  lists: { id: string; name: string }[];
  filters: { listId?: string | undefined; from?: string | undefined; to?: string | undefined };
  query: string;
}) {
  const t = TEXT[props.lang].heatmap;
  const at = (weekday: number, hour: number) =>
    props.cells.find((c) => Number(c.key.weekday) === weekday && Number(c.key.hour) === hour);
  const value = (c: Cell | undefined) => (c ? (props.raw ? c.rate : c.shrunkRate) : null);
  const max = Math.max(0.01, ...props.cells.map((c) => value(c) ?? 0));
  const toggle = new URLSearchParams(props.query);
  if (props.raw) toggle.delete('view');
  else toggle.set('view', 'raw');
  return (
    <>
      <form method="get" action="/dashboard/heatmap">
        <label for="listId">{t.list}</label>{' '}
        <select id="listId" name="listId">
          <option value="">{t.all}</option>
          {props.lists.map((l) => (
            <option value={l.id} selected={props.filters.listId === l.id}>
              {l.name}
            </option>
          ))}
        </select>{' '}
        <label for="from">{t.from}</label>{' '}
        <input id="from" name="from" type="date" value={props.filters.from ?? ''} />{' '}
        <label for="to">{t.to}</label> <input id="to" name="to" type="date" value={props.filters.to ?? ''} />{' '}
        {props.raw ? <input type="hidden" name="view" value="raw" /> : null}
        <button type="submit">{t.apply}</button>
      </form>
      <p>
        <a href={`/dashboard/heatmap?${toggle}`}>{props.raw ? t.shrunk : t.raw}</a> ·{' '}
        <a
          href={`/dashboard/heatmap?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(props.query)), format: 'csv' })}`}
          download
        >
          {TEXT[props.lang].csv}
        </a>
      </p>
      <table id="heatmap">
        <caption>
          {t.title} ({props.raw ? t.raw : t.shrunk})
        </caption>
        <thead>
          <tr>
            <td />
            {Array.from({ length: 24 }, (_, h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.weekdays.map((day, weekday) => (
            <tr>
              <th scope="row">{day}</th>
              {Array.from({ length: 24 }, (_, hour) => {
                const cell = at(weekday, hour);
                const v = value(cell);
                const n = cell ? cell[cell.denominator] : 0;
                const heat =
                  v === null
                    ? undefined
                    : `heat${Math.min(HEAT_LEVELS - 1, Math.floor((v / max) * HEAT_LEVELS))}`;
                return (
                  <td
                    data-weekday={weekday}
                    data-hour={hour}
                    data-rate={v ?? ''}
                    data-n={n}
                    title={cell ? t.cell(percent(props.lang, v), n) : ''}
                    class={heat}
                  >
                    {cell ? percent(props.lang, v) : ''}
                    {cell ? <small> ({count(props.lang, n)})</small> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function RecommendationsPage(props: { lang: Lang; recs: Recommendations }) {
  const t = TEXT[props.lang].recs;
  const h = TEXT[props.lang].heatmap;
  const { recs } = props;
  return (
    <>
      <CsvLink href="/dashboard/recommendations?format=csv" lang={props.lang} />
      <h2>{t.slots}</h2>
      <p>
        {recs.slots.status === 'established' ? t.established : t.thin}
        {recs.slots.sampleNeeded ? ` ${t.needed(recs.slots.sampleNeeded.perSlot)}` : ''}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col" class="text">
              {t.slot}
            </th>
            <th scope="col">{TEXT[props.lang].campaigns.rate}</th>
            <th scope="col">{TEXT[props.lang].campaigns.ci}</th>
            <th scope="col">{t.significant}</th>
          </tr>
        </thead>
        <tbody>
          {recs.slots.best.map((s) => (
            <tr>
              <th scope="row">{`${h.weekdays[s.weekday]} ${String(s.hour).padStart(2, '0')}:00`}</th>
              <td>{percent(props.lang, s.shrunkRate)}</td>
              <td>{range(props.lang, s.ci)}</td>
              <td class="text">{s.significant ? TEXT[props.lang].yes : TEXT[props.lang].no}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {[
        [t.features, recs.subjectFeatures],
        [t.sources, recs.leadSources],
      ].map(([title, effects]) => (
        <>
          <h2>{title as string}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{title as string}</th>
                <th scope="col">{t.effect}</th>
                <th scope="col">{TEXT[props.lang].campaigns.ci}</th>
                <th scope="col">{t.significant}</th>
              </tr>
            </thead>
            <tbody>
              {(effects as Recommendations['subjectFeatures']).map((e) => (
                <tr>
                  <th scope="row">{e.name}</th>
                  <td>{percent(props.lang, e.effect)}</td>
                  <td>{range(props.lang, e.ci)}</td>
                  <td class="text">{e.significant ? TEXT[props.lang].yes : TEXT[props.lang].no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ))}
    </>
  );
}

export function KpiPlanPage(props: { lang: Lang; plan: KpiPlan }) {
  const t = TEXT[props.lang].kpi;
  return (
    <>
      <CsvLink href={`/dashboard/kpi?format=csv&month=${props.plan.month}`} lang={props.lang} />
      <p>
        {props.plan.month} · {props.plan.pace.elapsed}/{props.plan.pace.businessDays}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.source}</th>
            <th scope="col">{t.target}</th>
            <th scope="col">{t.winRate}</th>
            <th scope="col">{t.meetingRate}</th>
            <th scope="col">{t.meetingsNeeded}</th>
            <th scope="col">{t.leadsNeeded}</th>
            <th scope="col">{t.actual}</th>
            <th scope="col">{t.pace}</th>
            <th scope="col" class="text">
              {t.basis}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.plan.sources.map((s) => (
            <tr>
              <th scope="row">{s.leadSource}</th>
              <td>{count(props.lang, s.wonTarget)}</td>
              <td>{percent(props.lang, s.winRate.rate)}</td>
              <td>{percent(props.lang, s.meetingRate.rate)}</td>
              <td>{count(props.lang, s.meetingsNeeded)}</td>
              <td>{count(props.lang, s.engagedLeadsNeeded)}</td>
              <td>{`${count(props.lang, s.actual.won)} / ${count(props.lang, s.actual.meetings)}`}</td>
              <td class={s.pace.status === 'on_track' ? 'ok' : 'behind'}>
                {s.pace.status === 'on_track' ? t.onTrack : t.behind} ({s.pace.gap >= 0 ? '+' : ''}
                {s.pace.gap.toFixed(1)})
              </td>
              <td class="text">{`${s.winRate.reason}; ${s.meetingRate.reason}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
