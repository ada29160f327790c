import type { Lang } from '../../lib/lang.js';
import type { CampaignView } from '../../services/campaigns/present-campaign.js';
import { count, DASHBOARD_TEXT } from '../../text/index.js';

export function CampaignList(props: { lang: Lang; campaigns: CampaignView[] }) {
  const t = DASHBOARD_TEXT[props.lang].campaigns;
  return (
    <table>
      <caption>{DASHBOARD_TEXT[props.lang].nav.campaigns}</caption>
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
