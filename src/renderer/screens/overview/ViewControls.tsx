import { memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { GROUP_KEYS, SORT_KEYS, STATE_FILTERS, type OverviewView } from '../../store/selectors';
import { useOverviewView } from './overview-view';

type Choice = 'state' | 'sort' | 'group';

/**
 * One labelled native select of the view. Memoised: a keystroke in the search box does not
 * re-render (and re-translate) the options of the three selects.
 */
const ViewSelect = memo(function ViewSelect({
  choice,
  id,
  value,
}: {
  choice: Choice;
  id: string;
  value: string;
}) {
  const { t } = useTranslation();
  const setView = useOverviewView((s) => s.setView);
  const options: { value: string; label: string }[] =
    choice === 'state'
      ? STATE_FILTERS.map((state) => ({
          value: state,
          label:
            state === 'all'
              ? t('overview.view.allStates')
              : state === 'attention'
                ? t('overview.view.needsAttention')
                : t(`state.${state}`),
        }))
      : choice === 'sort'
        ? SORT_KEYS.map((sort) => ({ value: sort, label: t(`overview.view.sortBy.${sort}`) }))
        : GROUP_KEYS.map((group) => ({ value: group, label: t(`overview.view.groupBy.${group}`) }));
  return (
    <div className="overview-control">
      <label htmlFor={id}>{t(`overview.view.${choice}`)}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => setView({ [choice]: event.target.value } as Partial<OverviewView>)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
});

/**
 * Search, state filter, sort and grouping: native controls with visible labels, so each is reached
 * with Tab and named by its label; the number of connections shown is announced politely.
 */
export function ViewControls({ shown, total }: { shown: number; total: number }) {
  const { t } = useTranslation();
  const id = useId();
  const query = useOverviewView((s) => s.query);
  const state = useOverviewView((s) => s.state);
  const sort = useOverviewView((s) => s.sort);
  const group = useOverviewView((s) => s.group);
  const setView = useOverviewView((s) => s.setView);
  const resetView = useOverviewView((s) => s.resetView);
  const changed = query !== '' || state !== 'all' || sort !== 'attention' || group !== 'none';

  return (
    <div className="overview-controls">
      <div role="search" className="overview-controls-row" aria-label={t('overview.view.label')}>
        <div className="overview-control overview-search">
          <label htmlFor={`${id}-query`}>{t('overview.view.search')}</label>
          <input
            id={`${id}-query`}
            type="search"
            value={query}
            placeholder={t('overview.view.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setView({ query: event.target.value })}
          />
        </div>
        <ViewSelect choice="state" id={`${id}-state`} value={state} />
        <ViewSelect choice="sort" id={`${id}-sort`} value={sort} />
        <ViewSelect choice="group" id={`${id}-group`} value={group} />
        {changed ? (
          <Button size="small" className="overview-reset" onClick={resetView}>
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
