import type { ReactNode } from 'react';
import { useApi } from './api/api-context';
import type { WebSocketBridge } from './api/ws-bridge';
import { ConnectionBanner } from './components/ConnectionBanner';
import { ErrorBoundary } from './components/ErrorBoundary';
import { NavBar } from './components/NavBar';
import { useRoute, type Screen } from './hooks/use-route';
import { useSettings, type SettingsState } from './hooks/use-settings';
import { useTheme } from './hooks/use-theme';
import { CoursesScreen } from './screens/CoursesScreen';
import { InstructorScreen } from './screens/InstructorScreen';
import { LabScreen } from './screens/LabScreen';
import { SettingsScreen } from './screens/SettingsScreen';

function ScreenFor({ screen, settings }: { screen: Screen; settings: SettingsState }): ReactNode {
  switch (screen) {
    case 'courses':
      return <CoursesScreen />;
    case 'lab':
      return <LabScreen settings={settings} />;
    case 'instructor':
      return <InstructorScreen />;
    case 'settings':
      return <SettingsScreen settings={settings} />;
  }
}

export function App({ socket }: { socket?: WebSocketBridge }): ReactNode {
  const api = useApi();
  const route = useRoute();
  const settings = useSettings();
  useTheme(settings.settings?.theme);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <NavBar current={route.screen} />
      <main id="main" className={`main main-${route.screen}`} tabIndex={-1}>
        <ConnectionBanner socket={socket} />
        <ErrorBoundary api={api} resetKey={route.screen}>
          <ScreenFor screen={route.screen} settings={settings} />
        </ErrorBoundary>
      </main>
    </div>
  );
}
