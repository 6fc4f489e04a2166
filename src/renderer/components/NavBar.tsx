import type { ReactNode } from 'react';
import { hrefOf, type Screen } from '../hooks/use-route';
import { BookIcon, GearIcon, TerminalIcon, UsersIcon } from './icons';

const ITEMS: readonly { screen: Screen; label: string; icon: () => ReactNode }[] = [
  { screen: 'courses', label: 'Courses', icon: BookIcon },
  { screen: 'lab', label: 'Lab', icon: TerminalIcon },
  { screen: 'instructor', label: 'Instructor', icon: UsersIcon },
  { screen: 'settings', label: 'Settings', icon: GearIcon },
];

export function NavBar({ current, labHref }: { current: Screen; labHref?: string }): ReactNode {
  return (
    <nav className="nav" aria-label="Main" data-pane>
      <div className="brand">
        <img src="./icon.svg" alt="" width={28} height={28} />
        <span>Lab Console</span>
      </div>
      <ul>
        {ITEMS.map(({ screen, label, icon: Icon }) => (
          <li key={screen}>
            <a
              href={screen === 'lab' && labHref ? labHref : hrefOf(screen)}
              aria-current={current === screen ? 'page' : undefined}
              data-pane-focus={current === screen ? '' : undefined}
              title={label}
            >
              <Icon />
              <span>{label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
