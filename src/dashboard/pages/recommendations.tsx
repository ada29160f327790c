import type { Lang } from '../../lib/lang.js';
import type { EffectRecommendation, Recommendations } from '../../services/analysis/recommendations.js';
import { DASHBOARD_TEXT, leadSourceName, percent, slotName, subjectFeatureName } from '../../text/index.js';
import { CsvLink, range } from '../layout.js';

/** A yes/no column's header: what it claims, said in full in its title and in a note under the table. */
const ClaimHeader = (props: { name: string; help: string }) => (
  <th scope="col" title={props.help}>
    {props.name}
  </th>
);

export function RecommendationsPage(props: { lang: Lang; recs: Recommendations }) {
  const t = DASHBOARD_TEXT[props.lang].recs;
  const d = DASHBOARD_TEXT[props.lang];
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
            <th scope="col">{d.campaigns.rate}</th>
            <th scope="col">{d.campaigns.ci}</th>
            <ClaimHeader name={t.slotClaim} help={t.slotClaimHelp} />
          </tr>
        </thead>
        <tbody>
          {recs.slots.best.map((s) => (
            <tr>
              <th scope="row">{slotName(props.lang, s.weekday, s.hour)}</th>
              <td>{percent(props.lang, s.shrunkRate)}</td>
              <td>{range(props.lang, s.ci)}</td>
              <td class="text">{s.significant ? d.yes : d.no}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">{t.slotClaimHelp}</p>
      <EffectTable
        lang={props.lang}
        title={t.features}
        effects={recs.subjectFeatures}
        name={(e) => subjectFeatureName(props.lang, e.name)}
      />
      <EffectTable
        lang={props.lang}
        title={t.sources}
        effects={recs.leadSources}
        name={(e) => leadSourceName(props.lang, e.name)}
      />
    </>
  );
}

function EffectTable(props: {
  lang: Lang;
  title: string;
  effects: EffectRecommendation[];
  name: (e: EffectRecommendation) => string;
}) {
  const t = DASHBOARD_TEXT[props.lang].recs;
  const d = DASHBOARD_TEXT[props.lang];
  return (
    <>
      <h2>{props.title}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.title}</th>
            <th scope="col">{t.effect}</th>
            <th scope="col">{d.campaigns.ci}</th>
            <ClaimHeader name={t.effectClaim} help={t.effectClaimHelp} />
          </tr>
        </thead>
        <tbody>
          {props.effects.map((e) => (
            <tr>
              <th scope="row">{props.name(e)}</th>
              <td>{percent(props.lang, e.effect)}</td>
              <td>{range(props.lang, e.ci)}</td>
              <td class="text">{e.significant ? d.yes : d.no}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">{t.effectClaimHelp}</p>
    </>
  );
}
