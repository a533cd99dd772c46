import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ApiProvider } from './app/api-context.js';
import { installBridge } from './bridge/index.js';
import { I18nProvider } from './i18n/i18n-context.js';
import { installShortcutListener } from './keyboard/use-shortcuts.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/booth.css';
import './styles/review.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const bridge = installBridge();
installShortcutListener(window);

createRoot(root).render(
  <StrictMode>
    <ApiProvider value={bridge}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </ApiProvider>
  </StrictMode>,
);
