import type { Lang } from '../../lib/lang.js';
import type { CampaignReport } from '../../services/analysis/campaign-report.js';
import { count, DASHBOARD_TEXT, minutesSpan, percent } from '../../text/index.js';
import { CsvLink, IntervalBar } from '../layout.js';

/** The time-to-open quantiles shown, with the share of openers each stands for. */
const TIME_TO_OPEN = [
  [0.25, 'p25'],
  [0.5, 'median'],
  [0.75, 'p75'],
  [0.9, 'p90'],
] as const;

/**
 * The comparison's notes, less its verdict ("No winner yet: …", always the last note once there is enough data)
 * unless an A/B test is still to decide: otherwise the decision above says what picks the winner, or that nothing
 * does.
 */
const notesOf = (report: CampaignReport, pending: boolean) =>
  pending || !report.sufficient || report.variants.length === 0 ? report.notes : report.notes.slice(0, -1);

export function CampaignDetail(props: {
  lang: Lang;
  report: CampaignReport;
  /** Whether the campaign runs an A/B test: only then does anything pick a winner. */
  abTest: boolean;
  outbox: { to: string; subject: string }[];
  canTestSend: boolean;
  /** What the test send just made went out, when the page follows one. */
  testSent?: { sent: number; skipped: number } | undefined;
  csrf: string;
}) {
  const t = DASHBOARD_TEXT[props.lang].campaigns;
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
      <h2>{t.timeToOpen}</h2>
      {report.timeToOpen ? (
        <table>
          <caption>{t.timeToOpenCaption(count(props.lang, report.timeToOpen.recipients))}</caption>
          <thead>
            <tr>
              {TIME_TO_OPEN.map(([share]) => (
                <th scope="col">{t.timeToOpenShare(percent(props.lang, share))}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {TIME_TO_OPEN.map(([, at]) => (
                <td>{minutesSpan(props.lang, report.timeToOpen?.minutes[at] ?? 0)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      ) : (
        <p>{t.noOpensYet}</p>
      )}
      <h2>{t.decision}</h2>
      <p>
        {decision
          ? `${decision.winnerLabel} (${t.reasons[decision.reason ?? ''] ?? decision.reason})`
          : props.abTest
            ? t.noWinnerYet
            : t.noAbTest}
      </p>
      <ul>
        {notesOf(report, props.abTest && !decision).map((n) => (
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
