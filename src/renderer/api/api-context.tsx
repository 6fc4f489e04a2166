import { createContext, useContext, type ReactNode } from 'react';
import type { LabApi } from '../../shared/contract';
import type { StreamOpener } from './live-stream';

const ApiContext = createContext<LabApi | undefined>(undefined);

export function ApiProvider({ api, children }: { api: LabApi; children: ReactNode }): ReactNode {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): LabApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

const StreamContext = createContext<StreamOpener | undefined>(undefined);

export function StreamProvider({ open, children }: { open: StreamOpener; children: ReactNode }): ReactNode {
  return <StreamContext.Provider value={open}>{children}</StreamContext.Provider>;
}

/** Opens live session streams (terminals) over whichever transport this window uses. */
export function useStreamOpener(): StreamOpener {
  const open = useContext(StreamContext);
  if (!open) throw new Error('useStreamOpener outside StreamProvider');
  return open;
}
