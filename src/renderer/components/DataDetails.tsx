import { stringifyValue } from '../lib/json';

/** Technical key/value data behind a disclosure: support needs it, a shop manager can skip it. */
export function DataDetails({ data, label }: { data: Record<string, unknown> | undefined; label: string }) {
  if (!data || Object.keys(data).length === 0) return null;
  return (
    <details className="tech-details">
      <summary>{label}</summary>
      <dl className="kv">
        {Object.entries(data).map(([key, value]) => (
          <div key={key} className="kv-row">
            <dt>{key}</dt>
            <dd>
              <code className="wrap">{stringifyValue(value)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
