import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface MenuItem {
  readonly label: string;
  readonly shortcut?: string;
  readonly disabled?: boolean;
  run(): void;
}

/**
 * The terminal's menu (right-click, Shift+F10, or "More…"): a small ARIA menu at the pointer, kept
 * inside the window. Escape or an item gives the keyboard back to the terminal (`onClose(true)`);
 * a click elsewhere leaves it where the click put it.
 */
export function TerminalContextMenu({
  x,
  y,
  items,
  onClose,
}: {
  x: number;
  y: number;
  items: readonly MenuItem[];
  onClose: (returnFocus: boolean) => void;
}): ReactNode {
  const { t } = useTranslation();
  const menu = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState({ left: x, top: y });
  useLayoutEffect(() => {
    const box = menu.current?.getBoundingClientRect();
    if (!box) return;
    setAt({
      left: Math.max(4, Math.min(x, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - box.height - 4)),
    });
  }, [x, y]);
  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    const away = (event: MouseEvent): void => {
      if (!menu.current?.contains(event.target as Node)) onClose(false);
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [onClose]);
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={t('terminal.menu.label')}
      className="terminal-menu"
      style={at}
      onKeyDown={(event) => {
        if (event.key === 'Escape' || event.key === 'Tab') {
          event.preventDefault();
          onClose(true);
        }
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          const buttons = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
          const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
          buttons[(index + (event.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
          event.preventDefault();
        }
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          role="menuitem"
          type="button"
          disabled={item.disabled}
          onClick={() => {
            onClose(true);
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd>{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
