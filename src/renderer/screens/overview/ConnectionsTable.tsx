import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ConnectionSummary } from '../../../shared/models';
import { Countdown } from '../../components/Countdown';
import { StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store';
import type { ConnectionGroup, OverviewView } from '../../store/selectors';
import { useOverviewView } from './overview-view';
import { visibleRange, withFocusedRow } from './windowing';

/** One table row's height in pixels; overview.css gives every row exactly this height. */
export const ROW_HEIGHT = 44;
const COLUMNS = 5;

type Item =
  | { kind: 'group'; key: string; title: string; count: number }
  | { kind: 'row'; connection: ConnectionSummary };

function flatten(groups: readonly ConnectionGroup[]): Item[] {
  const items: Item[] = [];
  for (const group of groups) {
    if (group.key !== '') {
      items.push({ kind: 'group', key: group.key, title: group.title, count: group.connections.length });
    }
    for (const connection of group.connections) items.push({ kind: 'row', connection });
  }
  return items;
}

/** One connection's row; memoised, so a keystroke re-renders only the rows that came or went. */
const ConnectionRow = memo(function ConnectionRow({
  connection: c,
  rowIndex,
}: {
  connection: ConnectionSummary;
  rowIndex: number;
}) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <tr data-connection-id={c.id} aria-rowindex={rowIndex}>
      <th scope="row">
        <button
          type="button"
          className="link-button"
          title={c.label || c.providerName}
          onClick={() => navigate({ name: 'connection', connectionId: c.id, tab: 'overview' })}
        >
          {c.label || c.providerName}
        </button>
        {c.environment === 'sandbox' ? <span className="muted small"> · {t('app.sandbox')}</span> : null}
      </th>
      <td>{c.providerName}</td>
      <td>
        <StateBadge state={c.state} />
      </td>
      <td>
        {/* Its own key: what it announces depends on the phase it first showed for this connection. */}
        <Countdown key={c.id} until={c.accessTokenExpiresAt} emptyText={t('overview.noExpiry')} />
      </td>
      <td>
        {c.attention.length === 0 ? (
          <span className="muted">{t('overview.nothingToDo')}</span>
        ) : (
          c.attention.map((a) => t(`attentionShort.${a.kind}`)).join(' · ')
        )}
      </td>
    </tr>
  );
});

/**
 * The connections as a table that renders only the rows in view (and a margin around them), so
 * that 1,000 connections cost what 30 do. Screen readers still hear the whole table: it carries
 * aria-rowcount and each row its aria-rowindex. Tabbing through the rows scrolls the focused one
 * into view, which brings the next ones in before they are reached.
 */
export function ConnectionsTable({
  groups,
  shown,
  view,
}: {
  groups: ConnectionGroup[];
  shown: number;
  view: OverviewView;
}) {
  const { t } = useTranslation();
  const resetView = useOverviewView((s) => s.resetView);
  const items = useMemo(() => flatten(groups), [groups]);
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(() => ({
    top: useOverviewView.getState().scrollTop,
    // The scroller's CSS height (overview.css), until it is measured.
    height: Math.max(320, window.innerHeight - 256),
  }));
  const measure = () => {
    const element = scroller.current;
    if (!element) return;
    const next = { top: element.scrollTop, height: element.clientHeight };
    // Unchanged (the first measure usually is): no second render before the first paint.
    setViewport((current) => (current.top === next.top && current.height === next.height ? current : next));
  };

  /** The item (index in the flattened rows) holding the keyboard focus. */
  const [focused, setFocused] = useState<number | null>(null);

  // Back where the list was (coming back from a connection); remember it when leaving.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = useOverviewView.getState().scrollTop;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
      useOverviewView.getState().setScrollTop(element.scrollTop);
    };
  }, []);

  // A new search, filter, sort or grouping starts at the top of its results.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [view.query, view.state, view.sort, view.group]);

  const range = withFocusedRow(
    visibleRange({
      count: items.length,
      rowHeight: ROW_HEIGHT,
      // The header row is about one row high; the overscan absorbs the difference.
      scrollTop: Math.max(0, viewport.top - ROW_HEIGHT),
      viewportHeight: viewport.height,
    }),
    focused,
    items.length,
  );

  const rows = [];
  for (let index = range.start; index < range.end; index += 1) {
    const item = items[index];
    if (!item) continue;
    const rowIndex = index + 2; // 1 is the header row
    if (item.kind === 'group') {
      rows.push(
        <tr key={`group:${item.key}`} className="overview-group-row" aria-rowindex={rowIndex}>
          <th scope="colgroup" colSpan={COLUMNS}>
            {item.title}{' '}
            <span className="muted">({t('overview.view.groupCount', { count: item.count })})</span>
          </th>
        </tr>,
      );
      continue;
    }
    // Keyed by place, not by connection: a keystroke that changes which connections are in view
    // updates the rows there instead of unmounting and mounting each (its hooks, its listeners).
    rows.push(<ConnectionRow key={`row:${index}`} connection={item.connection} rowIndex={rowIndex} />);
  }

  return (
    <div
      className="table-wrap overview-table-scroll"
      ref={scroller}
      onScroll={measure}
      onFocus={(event) => {
        const index = Number(event.target.closest('tr')?.getAttribute('aria-rowindex')) - 2;
        // Synchronously, so that the rows after it exist before the next Tab.
        if (index >= 0) flushSync(() => setFocused(index));
      }}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(null);
      }}
    >
      <table
        className="table overview-table"
        data-testid="connections-table"
        data-result-count={shown}
        data-search={view.query}
        aria-rowcount={items.length + 1}
      >
        <caption className="visually-hidden">{t('overview.tableCaption')}</caption>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{t('overview.colShop')}</th>
            <th scope="col">{t('overview.colVendor')}</th>
            <th scope="col">{t('overview.colState')}</th>
            <th scope="col">{t('overview.colExpiry')}</th>
            <th scope="col">{t('overview.colAttention')}</th>
          </tr>
        </thead>
        <tbody>
          {range.before > 0 ? (
            <tr aria-hidden="true" className="overview-spacer">
              <td colSpan={COLUMNS} style={{ height: range.before * ROW_HEIGHT }} />
            </tr>
          ) : null}
          {rows}
          {range.after > 0 ? (
            <tr aria-hidden="true" className="overview-spacer">
              <td colSpan={COLUMNS} style={{ height: range.after * ROW_HEIGHT }} />
            </tr>
          ) : null}
          {shown === 0 ? (
            <tr>
              <td colSpan={COLUMNS} className="overview-no-match">
                {t('overview.view.noMatch')}{' '}
                <button type="button" className="link-button" onClick={resetView}>
                  {t('overview.view.reset')}
                </button>
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
