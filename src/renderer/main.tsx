import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { hasApi, MissingApiError } from './api/client';
import { App } from './app/App';
import { preloadScreensWhenIdle } from './app/lazy-screens';
import { initI18n } from './i18n';
import { connectStoreToEvents, loadInitialData } from './store/events';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

const i18n = initI18n(navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en');
const container = document.getElementById('root');
if (!container) throw new Error('The #root element is missing from index.html.');
const root = createRoot(container);

if (hasApi()) {
  connectStoreToEvents();
  void loadInitialData().then(preloadScreensWhenIdle);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} else {
  const problem = new MissingApiError();
  console.error(problem.message);
  root.render(
    <main className="app-main fatal" id="main">
      <h1>{i18n.t('fatal.title')}</h1>
      <p role="alert">{i18n.t('fatal.noApi')}</p>
    </main>,
  );
}
