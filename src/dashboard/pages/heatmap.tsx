import type { Lang } from '../../lib/lang.js';
import type { Cell } from '../../services/analysis/open-rates.js';
import { count, DASHBOARD_TEXT, percent, slotName } from '../../text/index.js';
import { HEAT_LEVELS } from '../layout.js';

export function Heatmap(props: {
  lang: Lang;
  cells: Cell[];
  /** What every cell's rate divides by (OpenRates.denominator). */
  denominator: Cell['denominator'];
  raw: boolean;
  lists: { id: string; name: string }[];
  filters: { listId?: string | undefined; from?: string | undefined; to?: string | undefined };
  query: string;
}) {
  const t = DASHBOARD_TEXT[props.lang].heatmap;
  const at = (weekday: number, hour: number) =>
    props.cells.find((c) => Number(c.key.weekday) === weekday && Number(c.key.hour) === hour);
  const value = (c: Cell | undefined) => (c ? (props.raw ? c.rate : c.shrunkRate) : null);
  const max = Math.max(0.01, ...props.cells.map((c) => value(c) ?? 0));
  /** A cell's words: its rate over its count, or — where mail went out but none was delivered, its sends. */
  const shown = (cell: Cell, v: number | null, slot: string) => {
    const n = cell[cell.denominator];
    if (n === 0 && cell.sends > 0) {
      const sends = count(props.lang, cell.sends);
      return {
        title: t.undelivered(slot, sends),
        text: (
          <>
            —<small>{t.sent(sends)}</small>
          </>
        ),
      };
    }
    return {
      title: t.cell(slot, percent(props.lang, v), count(props.lang, n), cell.denominator),
      text: (
        <>
          {percent(props.lang, v)}
          <small>{count(props.lang, n)}</small>
        </>
      ),
    };
  };
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
          {DASHBOARD_TEXT[props.lang].csv}
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
                const words = cell ? shown(cell, v, slotName(props.lang, weekday, hour)) : null;
                const heat =
                  v === null
                    ? undefined
                    : `heat${Math.min(HEAT_LEVELS - 1, Math.floor((v / max) * HEAT_LEVELS))}`;
                return (
                  <td
                    data-weekday={weekday}
                    data-hour={hour}
                    data-rate={v ?? ''}
                    data-n={cell ? cell[cell.denominator] : 0}
                    data-sends={cell?.sends ?? 0}
                    title={words?.title}
                    class={heat}
                  >
                    {words?.text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="note">{t.legend(props.denominator)}</p>
    </>
  );
}
