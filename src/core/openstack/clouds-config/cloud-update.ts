import type { UpdateCloudInput } from '../../../shared/contract/cloud-calls';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import { UserFacingError } from '../../api/user-error';

/** The fields of each way to sign in: switching the way drops the other's. */
const PASSWORD_FIELDS = [
  'username',
  'userId',
  'userDomainName',
  'userDomainId',
  'projectName',
  'projectId',
  'projectDomainName',
  'projectDomainId',
] as const;
const CREDENTIAL_FIELDS = ['applicationCredentialId', 'applicationCredentialName'] as const;

function without(cloud: Omit<StoredCloud, 'secretKey'>, fields: readonly string[]): Omit<StoredCloud, 'secretKey'> {
  return Object.fromEntries(Object.entries(cloud).filter(([key]) => !fields.includes(key))) as Omit<StoredCloud, 'secretKey'>;
}

/**
 * A stored cloud with a new login, everything else (TLS, rates, capacity, Heat environment) kept;
 * and the secret that goes with it. Throws for what the new login lacks.
 */
export function updatedCloud(
  old: StoredCloud,
  input: UpdateCloudInput,
): { readonly cloud: Omit<StoredCloud, 'secretKey'>; readonly secret: string } {
  const { secretKey: _old, ...kept } = old;
  const base = {
    ...kept,
    ...(input.authUrl ? { authUrl: input.authUrl } : {}),
    ...(input.regionName ? { regionName: input.regionName } : {}),
  };
  if (input.kind === 'app-credential') {
    const cloud = without(base, [...PASSWORD_FIELDS, 'applicationCredentialName']);
    return {
      cloud: { ...cloud, authType: 'v3applicationcredential', applicationCredentialId: input.applicationCredentialId },
      secret: input.applicationCredentialSecret,
    };
  }
  const wasPassword = old.authType === 'password';
  // A password cloud keeps its user, project and domains unless new ones are given (a name replaces an id).
  let cloud: Omit<StoredCloud, 'secretKey'> = without(base, wasPassword ? CREDENTIAL_FIELDS : [...CREDENTIAL_FIELDS, ...PASSWORD_FIELDS]);
  const given: [keyof StoredCloud, string | undefined, keyof StoredCloud][] = [
    ['username', input.username, 'userId'],
    ['projectName', input.projectName, 'projectId'],
    ['userDomainName', input.userDomainName, 'userDomainId'],
    ['projectDomainName', input.projectDomainName, 'projectDomainId'],
  ];
  for (const [field, value, idField] of given) {
    if (value) cloud = { ...without(cloud, [idField]), [field]: value };
  }
  if (!cloud.username && !cloud.userId)
    throw new UserFacingError('invalid_input', `Cloud "${old.name}": enter the user name to sign in with.`);
  if (!cloud.projectName && !cloud.projectId)
    throw new UserFacingError('invalid_input', `Cloud "${old.name}": enter the project to sign in to.`);
  if (!cloud.userDomainName && !cloud.userDomainId) cloud = { ...cloud, userDomainName: 'Default' };
  if (!cloud.projectDomainName && !cloud.projectDomainId) cloud = { ...cloud, projectDomainName: 'Default' };
  return { cloud: { ...cloud, authType: 'password' }, secret: input.password };
}
