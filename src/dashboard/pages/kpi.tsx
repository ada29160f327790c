import type { Lang } from '../../lib/lang.js';
import type { KpiPlan } from '../../services/kpi/plan.js';
import { count, DASHBOARD_TEXT, percent } from '../../text/index.js';
import { CsvLink } from '../layout.js';

export function KpiPlanPage(props: { lang: Lang; plan: KpiPlan }) {
  const t = DASHBOARD_TEXT[props.lang].kpi;
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
