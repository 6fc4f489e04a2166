import { stackParameters, type CourseManifest, type CourseIssue } from '../../shared/course';
import type { Logger } from '../log/logger';
import { cloudEnvironmentSource } from '../openstack/heat/cloud-environment';
import { HeatError } from '../openstack/errors';
import { connect } from '../openstack/openstack-client';
import type { ResolvedCloud } from '../openstack/clouds-config/cloud-types';
import type { BundleCloudCheck } from './bundle-check';
import { prepareCourseLab } from './lab-template';

/**
 * Heat's own template-validate for a course's lab, on a given cloud: the template, the course's
 * environment and then the cloud's, the files they need and the course's parameters — what a
 * launch would send. A refusal becomes an issue on the template; a cloud that cannot be reached
 * stays an error (it says nothing about the bundle).
 */
export function heatTemplateCheck(cloud: ResolvedCloud, logger: Logger): BundleCloudCheck {
  return {
    name: `Heat on ${cloud.name}`,
    async check(root: string, manifest: CourseManifest): Promise<CourseIssue[]> {
      const lab = manifest.lab;
      if (!lab) return [];
      const prepared = await prepareCourseLab(root, lab, cloudEnvironmentSource(cloud));
      const connection = await connect(cloud, { logger });
      try {
        await connection.heat.validate({
          template: prepared.template,
          files: prepared.files,
          environment: prepared.environment,
          parameters: stackParameters(manifest),
        });
        return [];
      } catch (error) {
        if (!(error instanceof HeatError) || error.status >= 500) throw error;
        return [
          {
            file: lab.template,
            line: 0,
            column: 0,
            path: 'lab.template',
            message: `Heat on cloud "${cloud.name}" refused it: ${error.message}`,
          },
        ];
      } finally {
        await connection.close();
      }
    },
  };
}
