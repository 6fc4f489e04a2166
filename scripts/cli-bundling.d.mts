import type { BuildOptions, Plugin } from 'esbuild';

export declare const CLI_BUNDLED: ReadonlySet<string>;
export declare function externalExcept(bundled: ReadonlySet<string>): Plugin;
export declare const cliBundling: Pick<BuildOptions, 'plugins' | 'banner' | 'mainFields'>;
