import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { acceleratorLabel, appCommand, matchCommands, type AppCommandId } from '../../shared/commands/app-commands';
import { useApi } from '../api/api-context';
import type { Route } from '../hooks/use-route';
import type { SettingsState } from '../hooks/use-settings';
import { isMacPlatform } from '../terminal/terminal-shortcuts';
import { courseOnScreen, runAppCommand } from './run-command';
import './frame.css';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The command palette (Ctrl+Shift+P, ⌘⇧P on a Mac): the app's commands, the same list as the
 * desktop menu, filtered as you type. It also runs the commands the desktop menu sends (`app.command`).
 */
export function CommandPalette({ route, settings }: { route: Route; settings: SettingsState }): ReactNode {
  const { t } = useTranslation(['ui', 'common']);
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState('');
  const returnFocus = useRef<HTMLElement | null>(null);
  const mac = isMacPlatform(navigator.platform);
  const hasCourse = courseOnScreen(route) !== undefined;
  const commands = matchCommands(query, (c) => t(c.titleKey));

  const run = useCallback(
    (id: AppCommandId) => {
      runAppCommand(id, { api, route, settings: settings.settings, updateSettings: settings.update }).then(
        (text) => setStatus(text),
        (error: unknown) => setStatus(t('palette.failed', { command: t(appCommand(id).titleKey), message: message(error) })),
      );
    },
    [api, route, settings.settings, settings.update, t],
  );

  useEffect(() => api.on('app.command', ({ id }) => run(id)), [api, run]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const command = mac ? event.metaKey : event.ctrlKey;
      if (
        event.type === 'keydown' &&
        command &&
        event.shiftKey &&
        !event.altKey &&
        (event.code === 'KeyP' || event.key.toLowerCase() === 'p')
      ) {
        // Before the terminal sees it: Ctrl+Shift+P means nothing to a shell.
        event.preventDefault();
        event.stopPropagation();
        returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setQuery('');
        setSelected(0);
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [mac]);

  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(''), 6_000);
    return () => clearTimeout(timer);
  }, [status]);

  const close = (): void => {
    setOpen(false);
    returnFocus.current?.focus();
  };
  const choose = (id: AppCommandId): void => {
    close();
    run(id);
  };

  return (
    <>
      {status && (
        <p className="palette-status" role="status">
          {status}
        </p>
      )}
      {open && (
        <div className="palette-backdrop" onClick={close}>
          <div className="palette" role="dialog" aria-label={t('palette.title')} onClick={(event) => event.stopPropagation()}>
            <input
              autoFocus
              role="combobox"
              aria-label={t('palette.input')}
              aria-expanded="true"
              aria-controls="palette-commands"
              aria-activedescendant={commands[selected] ? `palette-${commands[selected].id}` : undefined}
              placeholder={t('palette.placeholder')}
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                setSelected(0);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Escape') close();
                else if (event.key === 'ArrowDown') setSelected((s) => Math.min(s + 1, commands.length - 1));
                else if (event.key === 'ArrowUp') setSelected((s) => Math.max(s - 1, 0));
                else if (event.key === 'Enter' && commands[selected]) choose(commands[selected].id);
                else return;
                event.preventDefault();
              }}
            />
            <ul id="palette-commands" role="listbox" aria-label={t('palette.commands')}>
              {commands.map((command, index) => (
                <li
                  key={command.id}
                  id={`palette-${command.id}`}
                  role="option"
                  aria-selected={index === selected}
                  aria-disabled={command.needsCourse && !hasCourse}
                  onMouseEnter={() => setSelected(index)}
                  onClick={() => choose(command.id)}
                >
                  <span>{t(command.titleKey)}</span>
                  {command.needsCourse && !hasCourse && <span className="muted"> — {t('palette.openCourseFirst')}</span>}
                  {command.accelerator && <kbd>{acceleratorLabel(command.accelerator, mac)}</kbd>}
                </li>
              ))}
              {commands.length === 0 && <li className="muted">{t('palette.noMatch', { query })}</li>}
            </ul>
          </div>
        </div>
      )}
    </>
  );
}
