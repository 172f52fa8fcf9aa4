import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';

export interface HeaderRow {
  key: string;
  name: string;
  value: string;
}

let rowCounter = 0;
export const newHeaderRow = (): HeaderRow => ({ key: `h${++rowCounter}`, name: '', value: '' });

/** Request headers as editable name/value rows. */
export function HeadersEditor({
  rows,
  onChange,
}: {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
}) {
  const { t } = useTranslation();
  const legendId = useId();
  const update = (key: string, patch: Partial<HeaderRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <fieldset className="headers-editor" aria-labelledby={legendId}>
      <legend id={legendId}>{t('testCall.headers')}</legend>
      <p className="help">{t('testCall.headersHelp')}</p>
      {rows.map((row, index) => (
        <div key={row.key} className="header-row">
          <input
            aria-label={t('testCall.headerName', { n: index + 1 })}
            placeholder={t('testCall.headerNamePlaceholder')}
            value={row.name}
            onChange={(e) => update(row.key, { name: e.target.value })}
            spellCheck={false}
          />
          <input
            aria-label={t('testCall.headerValue', { n: index + 1 })}
            placeholder={t('testCall.headerValuePlaceholder')}
            value={row.value}
            onChange={(e) => update(row.key, { value: e.target.value })}
            spellCheck={false}
          />
          <Button
            size="small"
            variant="ghost"
            onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
            aria-label={t('testCall.removeHeader', { n: index + 1 })}
          >
            <span aria-hidden="true">✕</span>
          </Button>
        </div>
      ))}
      <Button size="small" onClick={() => onChange([...rows, newHeaderRow()])}>
        {t('testCall.addHeader')}
      </Button>
    </fieldset>
  );
}
