import type { Lang } from '../../lib/lang.js';
import type { FunnelRow } from '../../services/kpi/funnel.js';
import type { KpiPlan, Planned, RateUsed } from '../../services/kpi/plan.js';
import { count, DASHBOARD_TEXT, KPI_PAGE_TEXT, leadSourceName, percent } from '../../text/index.js';
import { CsvLink } from '../layout.js';

export interface KpiPageProps {
  lang: Lang;
  plan: KpiPlan;
  funnels: { leadSource: FunnelRow[]; campaign: (FunnelRow & { name: string })[] };
  /** The months the picker offers, newest first. */
  months: string[];
}

/** A planned figure over its 95% range, each formatted the same way. */
const WithRange = (props: { lang: Lang; value: number; low: number; high: number; format: typeof count }) => (
  <>
    {props.format(props.lang, props.value)}
    <br />
    <small>
      {KPI_PAGE_TEXT[props.lang].range(
        props.format(props.lang, props.low),
        props.format(props.lang, props.high),
      )}
    </small>
  </>
);

const Rate = (props: { lang: Lang; rate: RateUsed }) => (
  <WithRange lang={props.lang} value={props.rate.rate} {...props.rate.interval} format={percent} />
);

const Range = (props: { lang: Lang; planned: Planned }) => (
  <WithRange lang={props.lang} {...props.planned} format={count} />
);

function FunnelTable(props: { lang: Lang; label: string; rows: { name: string; row: FunnelRow }[] }) {
  const p = KPI_PAGE_TEXT[props.lang];
  const cell = (n: number, rate: number | null) => `${count(props.lang, n)} (${percent(props.lang, rate)})`;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col" class="text">
            {props.label}
          </th>
          <th scope="col">{p.delivered}</th>
          <th scope="col">{p.humanOpens}</th>
          <th scope="col">{p.clicks}</th>
          <th scope="col">{p.meetings}</th>
          <th scope="col">{p.won}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map(({ name, row }) => (
          <tr>
            <th scope="row" class="text">
              {name}
            </th>
            <td>{count(props.lang, row.delivered)}</td>
            <td>{cell(row.humanOpens, row.rates.open.rate)}</td>
            <td>{cell(row.humanClicks, row.rates.click.rate)}</td>
            <td>{cell(row.meetings, row.rates.meeting.rate)}</td>
            <td>{cell(row.won, row.rates.win.rate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KpiPlanPage(props: KpiPageProps) {
  const { lang, plan } = props;
  const t = DASHBOARD_TEXT[lang].kpi;
  const p = KPI_PAGE_TEXT[lang];
  return (
    <>
      <form method="get" action="/dashboard/kpi">
        <label>
          {p.month}{' '}
          <select name="month">
            {props.months.map((m) => (
              <option value={m} selected={m === plan.month}>
                {m}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">{p.show}</button>
      </form>
      <CsvLink href={`/dashboard/kpi?format=csv&month=${plan.month}`} lang={lang} />
      <h2>{p.plan}</h2>
      <p>{p.through(plan.month, plan.pace.elapsed, plan.pace.businessDays)}</p>
      {plan.notes.map((note) => (
        <p>{note}</p>
      ))}
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
            <th scope="col">{p.reach}</th>
            <th scope="col" class="text">
              {t.basis}
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.sources.map((s) => (
            <tr>
              <th scope="row">{leadSourceName(lang, s.leadSource)}</th>
              <td>{count(lang, s.wonTarget)}</td>
              <td>
                <Rate lang={lang} rate={s.winRate} />
              </td>
              <td>
                <Rate lang={lang} rate={s.meetingRate} />
              </td>
              <td>
                <Range lang={lang} planned={s.range.meetingsNeeded} />
              </td>
              <td>
                <Range lang={lang} planned={s.range.engagedLeadsNeeded} />
              </td>
              <td>{`${count(lang, s.actual.won)} / ${count(lang, s.actual.meetings)}`}</td>
              <td class={s.pace.status === 'on_track' ? 'ok' : 'behind'}>
                {s.pace.status === 'on_track' ? t.onTrack : t.behind} ({s.pace.gap >= 0 ? '+' : ''}
                {s.pace.gap.toFixed(1)})
              </td>
              <td>{percent(lang, s.reach.probability)}</td>
              <td class="text">{`${s.winRate.reason}; ${s.meetingRate.reason}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <small>{p.planNote}</small>
      </p>
      <h2>{p.funnel}</h2>
      {props.funnels.leadSource.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <>
          <FunnelTable
            lang={lang}
            label={p.bySource}
            rows={props.funnels.leadSource.map((row) => ({
              name: leadSourceName(lang, row.key.leadSource),
              row,
            }))}
          />
          <FunnelTable
            lang={lang}
            label={p.byCampaign}
            rows={props.funnels.campaign.map((row) => ({ name: row.name, row }))}
          />
          <p>
            <small>{p.funnelNote}</small>
          </p>
        </>
      )}
    </>
  );
}
