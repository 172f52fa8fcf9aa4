import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { GROUP_KEYS, SORT_KEYS, STATE_FILTERS, type OverviewView } from '../../store/selectors';
import { useOverviewView } from './overview-view';

/**
 * Search, state filter, sort and grouping: native controls with visible labels, so each is reached
 * with Tab and named by its label; the number of connections shown is announced politely.
 */
export function ViewControls({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  const id = useId();
  const view = useOverviewView();
  const changed =
    view.query !== '' || view.state !== 'all' || view.sort !== 'attention' || view.group !== 'none';
  const select = <K extends keyof OverviewView>(key: K, value: string) =>
    view.setView({ [key]: value } as Pick<OverviewView, K>);

  return (
    <div className="overview-controls">
      <div role="search" className="overview-controls-row" aria-label={t('overview.view.label')}>
        <div className="overview-control overview-search">
          <label htmlFor={`${id}-query`}>{t('overview.view.search')}</label>
          <input
            id={`${id}-query`}
            type="search"
            value={view.query}
            placeholder={t('overview.view.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => view.setView({ query: event.target.value })}
          />
        </div>
        <div className="overview-control">
          <label htmlFor={`${id}-state`}>{t('overview.view.state')}</label>
          <select
            id={`${id}-state`}
            value={view.state}
            onChange={(event) => select('state', event.target.value)}
          >
            {STATE_FILTERS.map((state) => (
              <option key={state} value={state}>
                {state === 'all'
                  ? t('overview.view.allStates')
                  : state === 'attention'
                    ? t('overview.view.needsAttention')
                    : t(`state.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="overview-control">
          <label htmlFor={`${id}-sort`}>{t('overview.view.sort')}</label>
          <select
            id={`${id}-sort`}
            value={view.sort}
            onChange={(event) => select('sort', event.target.value)}
          >
            {SORT_KEYS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`overview.view.sortBy.${sort}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="overview-control">
          <label htmlFor={`${id}-group`}>{t('overview.view.group')}</label>
          <select
            id={`${id}-group`}
            value={view.group}
            onChange={(event) => select('group', event.target.value)}
          >
            {GROUP_KEYS.map((group) => (
              <option key={group} value={group}>
                {t(`overview.view.groupBy.${group}`)}
              </option>
            ))}
          </select>
        </div>
        {changed ? (
          <Button size="small" className="overview-reset" onClick={view.resetView}>
            {t('overview.view.reset')}
          </Button>
        ) : null}
      </div>
      <p className="overview-count" role="status" aria-live="polite" aria-atomic="true">
        {shown === total
          ? t('overview.view.countAll', { count: total })
          : t('overview.view.countSome', { count: shown, total })}
      </p>
    </div>
  );
}
