import { describe, expect, it } from 'vitest';
import type { StoredCloud } from '../../../shared/openstack/stored-cloud';
import { UserFacingError } from '../../api/user-error';
import { updatedCloud } from './cloud-update';

const school: StoredCloud = {
  name: 'school',
  authUrl: 'https://keystone.school.example:5000/v3',
  authType: 'password',
  username: 'ada',
  userDomainName: 'Default',
  projectId: 'p-123',
  projectDomainName: 'Default',
  regionName: 'RegionOne',
  cacertPem: '-----BEGIN CERTIFICATE-----',
  secretKey: 'openstack/clouds/school',
  labConsole: { heatEnvironment: { parameter_defaults: { image: 'debian-12' } }, capacity: 3 },
};

describe('a cloud with a new login', () => {
  it('keeps everything but the password when only the password is rotated', () => {
    const { cloud, secret } = updatedCloud(school, { kind: 'password', name: 'school', password: 'new-one' });
    const { secretKey: _key, ...rest } = school;
    expect(cloud).toEqual(rest);
    expect(secret).toBe('new-one');
  });

  it('lets a project name replace the project id it was kept with', () => {
    const { cloud } = updatedCloud(school, { kind: 'password', name: 'school', password: 'x', projectName: 'lab-ada' });
    expect(cloud.projectName).toBe('lab-ada');
    expect(cloud).not.toHaveProperty('projectId');
  });

  it('switches to an application credential without keeping the user, project or domains', () => {
    const { cloud, secret } = updatedCloud(school, {
      kind: 'app-credential',
      name: 'school',
      applicationCredentialId: 'ac-9',
      applicationCredentialSecret: 'shh',
    });
    expect(cloud).toEqual({
      name: 'school',
      authUrl: school.authUrl,
      authType: 'v3applicationcredential',
      applicationCredentialId: 'ac-9',
      regionName: 'RegionOne',
      cacertPem: school.cacertPem,
      labConsole: school.labConsole,
    });
    expect(secret).toBe('shh');
  });

  it('asks for the user and project when an application-credential cloud moves to a password', () => {
    const credential: StoredCloud = {
      name: 'c',
      authUrl: school.authUrl,
      authType: 'v3applicationcredential',
      applicationCredentialId: 'ac',
      secretKey: 'k',
    };
    expect(() => updatedCloud(credential, { kind: 'password', name: 'c', password: 'p' })).toThrow(UserFacingError);
    const { cloud } = updatedCloud(credential, { kind: 'password', name: 'c', password: 'p', username: 'ada', projectName: 'lab-ada' });
    expect(cloud).toEqual({
      name: 'c',
      authUrl: school.authUrl,
      authType: 'password',
      username: 'ada',
      projectName: 'lab-ada',
      userDomainName: 'Default',
      projectDomainName: 'Default',
    });
  });
});
