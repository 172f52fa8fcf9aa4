import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../components/Spinner';
import { useKitDrop } from '../screens/kits/use-kit-drop';
import { OverviewScreen } from '../screens/overview/OverviewScreen';
import { useAppStore } from '../store';
import type { Route } from '../store/types';
import { Banners } from './Banners';
import { Header } from './Header';
import {
  ConnectionScreen,
  ConnectScreen,
  KitsScreen,
  ReportViewerScreen,
  SettingsScreen,
} from './lazy-screens';
import { NoticeArea } from './NoticeArea';
import { useAppearance } from './use-theme';

function routeKey(route: Route): string {
  if (route.name === 'reports' && route.connection !== undefined) return `reports:${route.connection}`;
  return route.name === 'connection' ? `connection:${route.connectionId}` : route.name;
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return <OverviewScreen />;
    case 'connect':
      return <ConnectScreen reconnectId={route.reconnectId} />;
    case 'connection':
      return <ConnectionScreen connectionId={route.connectionId} tab={route.tab} />;
    case 'settings':
      return <SettingsScreen />;
    case 'reports':
      return <ReportViewerScreen connection={route.connection} tab={route.tab ?? 'overview'} />;
    case 'kits':
      return <KitsScreen />;
  }
}

export function App() {
  const { t } = useTranslation();
  useAppearance();
  useKitDrop();
  const route = useAppStore((s) => s.route);
  const key = routeKey(route);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('page-title')?.focus();
  }, [key]);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="app-main">
        <Banners />
        <NoticeArea />
        <Suspense fallback={<Loading />}>
          <Screen key={key} route={route} />
        </Suspense>
      </main>
    </>
  );
}
