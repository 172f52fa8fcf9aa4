import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store';
import type { Route } from '../store/types';

type Section = 'overview' | 'connect' | 'settings' | 'kits' | 'reports';

function sectionOf(route: Route): Section {
  if (route.name === 'connection') return 'overview';
  return route.name;
}

export function Nav() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const resetConnectFlow = useAppStore((s) => s.resetConnectFlow);
  const attemptRunning = useAppStore(
    (s) => s.attempt.attemptId !== null && !['done', 'failed', 'cancelled', 'idle'].includes(s.attempt.step),
  );
  const current = sectionOf(route);

  const items: { section: Section; label: string; go: () => void }[] = [
    { section: 'overview', label: t('nav.connections'), go: () => navigate({ name: 'overview' }) },
    {
      section: 'connect',
      label: t('nav.connect'),
      go: () => {
        if (!attemptRunning) resetConnectFlow();
        navigate({ name: 'connect' });
      },
    },
    { section: 'settings', label: t('nav.settings'), go: () => navigate({ name: 'settings' }) },
    { section: 'kits', label: t('nav.kits'), go: () => navigate({ name: 'kits' }) },
    { section: 'reports', label: t('reports.nav'), go: () => navigate({ name: 'reports' }) },
  ];

  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <ul>
        {items.map((item) => (
          <li key={item.section}>
            <button
              type="button"
              className="nav-link"
              aria-current={
                current === item.section ? (route.name === item.section ? 'page' : 'true') : undefined
              }
              onClick={item.go}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
