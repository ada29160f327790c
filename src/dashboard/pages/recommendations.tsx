import type { Lang } from '../../lib/lang.js';
import type { Recommendations } from '../../services/analysis/recommendations.js';
import { DASHBOARD_TEXT, percent } from '../../text/index.js';
import { CsvLink, range } from '../layout.js';

export function RecommendationsPage(props: { lang: Lang; recs: Recommendations }) {
  const t = DASHBOARD_TEXT[props.lang].recs;
  const h = DASHBOARD_TEXT[props.lang].heatmap;
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
            <th scope="col">{DASHBOARD_TEXT[props.lang].campaigns.rate}</th>
            <th scope="col">{DASHBOARD_TEXT[props.lang].campaigns.ci}</th>
            <th scope="col">{t.significant}</th>
          </tr>
        </thead>
        <tbody>
          {recs.slots.best.map((s) => (
            <tr>
              <th scope="row">{`${h.weekdays[s.weekday]} ${String(s.hour).padStart(2, '0')}:00`}</th>
              <td>{percent(props.lang, s.shrunkRate)}</td>
              <td>{range(props.lang, s.ci)}</td>
              <td class="text">
                {s.significant ? DASHBOARD_TEXT[props.lang].yes : DASHBOARD_TEXT[props.lang].no}
              </td>
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
                <th scope="col">{DASHBOARD_TEXT[props.lang].campaigns.ci}</th>
                <th scope="col">{t.significant}</th>
              </tr>
            </thead>
            <tbody>
              {(effects as Recommendations['subjectFeatures']).map((e) => (
                <tr>
                  <th scope="row">{e.name}</th>
                  <td>{percent(props.lang, e.effect)}</td>
                  <td>{range(props.lang, e.ci)}</td>
                  <td class="text">
                    {e.significant ? DASHBOARD_TEXT[props.lang].yes : DASHBOARD_TEXT[props.lang].no}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ))}
    </>
  );
}
