import { EndpointNotFoundError, type CatalogCandidate } from '../errors';
import type { CatalogService } from './results';

export interface EndpointQuery {
  readonly type: string;
  readonly interface: string;
  /** Any region when absent. */
  readonly region?: string;
}

interface Candidate extends CatalogCandidate {
  /** region_id and the legacy region name, either of which may be what the user configured. */
  readonly regionNames: readonly string[];
}

function candidates(catalog: readonly CatalogService[]): Candidate[] {
  return catalog.flatMap((service) =>
    service.endpoints.map((e) => ({
      type: service.type,
      interface: e.interface,
      region: e.region_id ?? e.region ?? '',
      regionNames: [e.region_id, e.region].filter((r): r is string => !!r),
      url: e.url,
    })),
  );
}

const strip = ({ regionNames: _r, ...candidate }: Candidate): CatalogCandidate => candidate;

/**
 * The one endpoint of the catalog matching service type, interface and region
 * (gophercloud openstack/endpoint_location.go V3EndpointURL): none or several is an error.
 */
export function selectEndpoint(catalog: readonly CatalogService[], query: EndpointQuery): string {
  const all = candidates(catalog);
  const interfaceName = query.interface.replace(/URL$/, '');
  const matches = all.filter(
    (c) => c.type === query.type && c.interface === interfaceName && (!query.region || c.regionNames.includes(query.region)),
  );
  const distinct = [...new Map(matches.map((m) => [m.url, m])).values()];
  if (distinct.length === 1) return distinct[0]!.url;
  if (distinct.length === 0) throw new EndpointNotFoundError(query.type, interfaceName, query.region, all.map(strip));
  throw new EndpointNotFoundError(query.type, interfaceName, query.region, distinct.map(strip), true);
}
