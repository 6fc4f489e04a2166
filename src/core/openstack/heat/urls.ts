/** Heat v1 paths, relative to the orchestration endpoint (which already ends in /v1/{project_id}). */

export interface StackRef {
  readonly name: string;
  readonly id: string;
}

const seg = encodeURIComponent;

export const stacksPath = (): string => '/stacks';
export const validatePath = (): string => '/validate';
export const buildInfoPath = (): string => '/build_info';
/** By name (or id) alone: Heat answers 302 to the canonical /stacks/{name}/{id}. */
export const stackLookupPath = (nameOrId: string): string => `/stacks/${seg(nameOrId)}`;
export const stackPath = (ref: StackRef): string => `/stacks/${seg(ref.name)}/${seg(ref.id)}`;
export const stackActionsPath = (ref: StackRef): string => `${stackPath(ref)}/actions`;
export const stackEventsPath = (ref: StackRef): string => `${stackPath(ref)}/events`;

/** The stack name and id out of a Location like https://heat/v1/{project}/stacks/{name}/{id}. */
export function refFromLocation(location: string): StackRef | undefined {
  const match = /\/stacks\/([^/?#]+)\/([^/?#]+)/.exec(location);
  if (!match) return undefined;
  return { name: decodeURIComponent(match[1]!), id: decodeURIComponent(match[2]!) };
}
