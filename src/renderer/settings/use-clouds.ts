import { useCallback, useEffect, useState } from 'react';
import type { CloudListing } from '../../shared/contract';
import { useApi } from '../api/api-context';

export interface CloudsState {
  readonly listing: CloudListing | undefined;
  readonly error: string | undefined;
  /** Shows the app's answer to a cloud call at once (it carries the new list). */
  accept(listing: CloudListing): void;
  reload(): void;
}

/** The clouds of Settings › Clouds, fresh after every settings change (from this window or another). */
export function useClouds(): CloudsState {
  const api = useApi();
  const [listing, setListing] = useState<CloudListing>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.call('clouds.list', {}).then(
        (value) => {
          if (!live) return;
          setListing(value);
          setError(undefined);
        },
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    };
    load();
    const off = api.on('settings.changed', load);
    return () => {
      live = false;
      off();
    };
  }, [api, generation]);

  const accept = useCallback((next: CloudListing) => {
    setListing(next);
    setError(undefined);
  }, []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { listing, error, accept, reload };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
