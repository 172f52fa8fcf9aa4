import { useTranslation } from 'react-i18next';
import type { ReportConnection } from '../../../shared/report';
import { Button } from '../../components/Button';
import { Section } from '../../components/Section';
import { StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store';

/** The connections a report describes; each opens read-only in the detail screens. */
export function ReportConnections({ connections }: { connections: ReportConnection[] }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <Section title={t('reports.connectionsTitle', { count: connections.length })} testId="report-connections">
      {connections.length === 0 ? (
        <p className="muted">{t('reports.connectionsNone')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('detail.shopLabel')}</th>
                <th scope="col">{t('detail.vendor')}</th>
                <th scope="col">{t('detail.state')}</th>
                <th scope="col">{t('detail.grant')}</th>
              </tr>
            </thead>
            <tbody>
              {connections.map(({ detail }, index) => (
                <tr key={`${detail.id}-${index}`}>
                  <th scope="row">
                    <Button
                      variant="link"
                      onClick={() => navigate({ name: 'reports', connection: index, tab: 'overview' })}
                    >
                      {detail.label}
                    </Button>
                  </th>
                  <td>{detail.providerName}</td>
                  <td>
                    <StateBadge state={detail.state} />
                  </td>
                  <td>{t(`grant.${detail.grant}.short`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
