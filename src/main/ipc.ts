import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/contract/contract';
import type { AppContext } from '../core/app/app-context';
import { dispatch } from '../core/api/dispatch';
import { APP_ORIGIN } from './app-protocol';

/** Wires the contract to IPC: one validated call channel in, one event channel out. */
export function wireIpc(context: AppContext, window: () => BrowserWindow | undefined): () => void {
  const handlers = context.handlers();
  const logger = context.logger.child('ipc');
  ipcMain.handle(IPC_CALL_CHANNEL, (event, name: unknown, input: unknown) => {
    // Only our own UI may call: not a page that somehow got navigated into the window.
    if (!event.senderFrame?.url.startsWith(APP_ORIGIN)) {
      logger.warn('call from a foreign frame refused', { url: event.senderFrame?.url });
      return { ok: false, error: { code: 'unauthorized', message: 'Calls are only accepted from the Lab Console UI.' } };
    }
    return dispatch(handlers, name, input, logger);
  });
  const unsubscribe = context.events.subscribe((name, payload) => {
    window()?.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    unsubscribe();
  };
}
