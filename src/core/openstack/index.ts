/** The OpenStack client: cloud configuration, Keystone v3, Heat v1. */
export * from './errors';
export { CloudConfigLoader } from './clouds-config/cloud-config-loader';
export { CloudRegistry } from './clouds-config/cloud-registry';
export type { ResolvedCloud, CloudAuth, LabConsoleCloudSettings } from './clouds-config/cloud-types';
export { connect, type ConnectOptions, type OpenStackConnection } from './openstack-client';
export { checkCloud } from './check-cloud';
export { KeystoneSession, type Token } from './keystone/keystone-session';
export { ApplicationCredentials } from './keystone/application-credentials';
export { HeatClient, toSummary, type Stack, type StackRef, type StackPage } from './heat/heat-client';
export { StackOperations } from './heat/stack-operations';
export { waitForStack, type WaitOptions } from './heat/stack-waiter';
export { prepareTemplate, prepareInlineTemplate, deepUpdate, TemplateFileError } from './heat/template-files';
export { cloudEnvironmentSource } from './heat/cloud-environment';
