import { createContext, useContext, type ReactNode } from 'react';
import type { LabApi } from '../../shared/contract';

const ApiContext = createContext<LabApi | undefined>(undefined);

export function ApiProvider({ api, children }: { api: LabApi; children: ReactNode }): ReactNode {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): LabApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
