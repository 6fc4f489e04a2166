import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hrefOf, type Screen } from '../hooks/use-route';
import { BookIcon, GearIcon, TerminalIcon, UsersIcon } from './icons';

const ITEMS = [
  { screen: 'courses', label: 'nav.courses', icon: BookIcon },
  { screen: 'lab', label: 'nav.lab', icon: TerminalIcon },
  { screen: 'instructor', label: 'nav.instructor', icon: UsersIcon },
  { screen: 'settings', label: 'nav.settings', icon: GearIcon },
] as const satisfies readonly { screen: Screen; label: `nav.${string}`; icon: () => ReactNode }[];

export function NavBar({ current, labHref }: { current: Screen; labHref?: string }): ReactNode {
  const { t } = useTranslation(['ui', 'common']);
  return (
    <nav className="nav" aria-label={t('nav.main')} data-pane>
      <div className="brand">
        <img src="./icon.svg" alt="" width={28} height={28} />
        <span>{t('common:appName')}</span>
      </div>
      <ul>
        {ITEMS.map(({ screen, label, icon: Icon }) => (
          <li key={screen}>
            <a
              href={screen === 'lab' && labHref ? labHref : hrefOf(screen)}
              aria-current={current === screen ? 'page' : undefined}
              data-pane-focus={current === screen ? '' : undefined}
              title={t(label)}
            >
              <Icon />
              <span>{t(label)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
