import type { HeatClient, StackRef } from '../openstack/heat/heat-client';
import { heatError } from '../openstack/heat/heat-errors';
import { stackPath } from '../openstack/heat/urls';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A property's value: a literal string, or `{get_param: name}` read from the stack's parameters. */
function valueOf(property: unknown, parameters: Readonly<Json>): string | undefined {
  if (typeof property === 'string') return property;
  if (isObject(property) && 'get_param' in property) {
    const name = Array.isArray(property.get_param) ? property.get_param[0] : property.get_param;
    const value = typeof name === 'string' ? parameters[name] : undefined;
    return typeof value === 'string' && value ? value : undefined;
  }
  return undefined;
}

/**
 * The flavor of each server of a stack: every resource whose properties name a `flavor`
 * (OS::Nova::Server, or a host type mapped to a nested template with a server, as the sample
 * course's Lab::Host); when none does, the template parameter `flavorParameter` alone.
 */
export function flavorsOfTemplate(template: unknown, parameters: Readonly<Json>, flavorParameter = 'flavor'): string[] {
  const resources = isObject(template) && isObject(template.resources) ? Object.values(template.resources) : [];
  const flavors = resources
    .map((resource) => (isObject(resource) && isObject(resource.properties) ? valueOf(resource.properties.flavor, parameters) : undefined))
    .filter((flavor): flavor is string => flavor !== undefined);
  if (flavors.length > 0) return flavors;
  const parameter = parameters[flavorParameter];
  return typeof parameter === 'string' && parameter ? [parameter] : [];
}

/** GET /stacks/{name}/{id}/template and the stack's parameters, as Heat holds them now. */
export async function stackFlavors(heat: HeatClient, ref: StackRef, flavorParameter?: string, signal?: AbortSignal): Promise<string[]> {
  const res = await heat.session.request('orchestration', { method: 'GET', path: `${stackPath(ref)}/template`, signal });
  if (res.status !== 200) throw heatError(res);
  const stack = await heat.get(ref, signal);
  return flavorsOfTemplate(JSON.parse(res.text) as unknown, stack.parameters as Json, flavorParameter);
}
