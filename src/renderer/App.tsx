import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from './api/api-context';
import type { WebSocketBridge } from './api/ws-bridge';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { NavBar } from './components/NavBar';
import { useRoute, type Screen } from './hooks/use-route';
import { useSettings, type SettingsState } from './hooks/use-settings';
import { useTheme } from './hooks/use-theme';
import { useLanguage } from './i18n/use-language';
import { usePaneKeys } from './hooks/use-pane-keys';
import { LibraryScreen } from './course/LibraryScreen';
import { CommandPalette } from './frame/CommandPalette';
import { DeepLinks } from './frame/DeepLinks';
import { useLabNotifications } from './frame/use-lab-notifications';

// The first screen is the library: every other screen is its own chunk, loaded when first opened —
// the lab (terminal, desktop, steps), the settings, the instructor's dashboard.
const LabScreen = lazy(() => import('./screens/LabScreen').then((m) => ({ default: m.LabScreen })));
const SettingsScreen = lazy(() => import('./screens/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const InstructorScreen = lazy(() => import('./screens/InstructorScreen').then((m) => ({ default: m.InstructorScreen })));

function ScreenFor({ screen, params, settings }: { screen: Screen; params: readonly string[]; settings: SettingsState }): ReactNode {
  switch (screen) {
    case 'courses':
      return <LibraryScreen />;
    case 'lab':
      return <LabScreen settings={settings} params={params} />;
    case 'instructor':
      return <InstructorScreen />;
    case 'settings':
      return <SettingsScreen settings={settings} />;
  }
}

export function App({ socket }: { socket?: WebSocketBridge }): ReactNode {
  const { t } = useTranslation();
  const api = useApi();
  const route = useRoute();
  const settings = useSettings();
  useTheme(settings.settings?.theme);
  useLanguage(settings.settings?.language);
  usePaneKeys();
  useLabNotifications(settings.settings);
  // The Lab link goes back to the course last shown there (its shells are still running).
  const [labHref, setLabHref] = useState<string>();
  const shownLab = route.screen === 'lab' && route.params.length > 0 ? window.location.hash : undefined;
  if (shownLab && shownLab !== labHref) setLabHref(shownLab);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <NavBar current={route.screen} labHref={labHref} />
      <main id="main" className={`main main-${route.screen}`} tabIndex={-1} data-pane>
        <ConnectionBanner socket={socket} />
        <ErrorBoundary api={api} resetKey={route.screen}>
          <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
            <ScreenFor screen={route.screen} params={route.params} settings={settings} />
          </Suspense>
        </ErrorBoundary>
      </main>
      <DeepLinks />
      <CommandPalette route={route} settings={settings} />
    </div>
  );
}
