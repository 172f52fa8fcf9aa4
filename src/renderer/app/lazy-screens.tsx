import { lazy, type ComponentType } from 'react';

/**
 * The screens other than the overview, in their own chunks: the first paint needs only the
 * overview, and the wizard, the detail tabs and the settings are most of the renderer's code (and
 * all of what needs the schema library). Once the window is idle they are fetched in the
 * background, so that opening one later does not wait for its chunk.
 */
function deferred<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then((component) => {
      loaded = component;
      return component;
    }));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  // Rendered directly once loaded: no Suspense fallback flashes when the chunk is already there.
  function Screen(props: P) {
    const Component = loaded ?? Lazy;
    return <Component {...props} />;
  }
  return { Screen, preload };
}

const connect = deferred(() => import('../screens/connect/ConnectScreen').then((m) => m.ConnectScreen));
const connection = deferred(() =>
  import('../screens/connection/ConnectionScreen').then((m) => m.ConnectionScreen),
);
const settings = deferred(() => import('../screens/settings/SettingsScreen').then((m) => m.SettingsScreen));
const kits = deferred(() => import('../screens/kits/KitsScreen').then((m) => m.KitsScreen));
const reports = deferred(() =>
  import('../screens/report-viewer/ReportViewerScreen').then((m) => m.ReportViewerScreen),
);

export const ConnectScreen = connect.Screen;
export const ConnectionScreen = connection.Screen;
export const SettingsScreen = settings.Screen;
export const KitsScreen = kits.Screen;
export const ReportViewerScreen = reports.Screen;

/** Fetches the other screens' chunks once the window has nothing else to do. */
export function preloadScreensWhenIdle(): void {
  const run = () => {
    for (const screen of [settings, connect, connection, kits, reports]) void screen.preload();
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
