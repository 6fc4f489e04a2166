import type { BuildOptions } from 'esbuild';

export declare const SNAPSHOT_BUNDLE: string;
export declare const SNAPSHOT_BLOB: string;
export declare const SNAPSHOT_STAMP: string;
/** esbuild's options for the snapshot's bundle. */
export declare const SNAPSHOT_BUNDLING: BuildOptions;
export declare function buildSnapshotBlob(root: string, entry: string, bundle: string, blob: string): Promise<void>;
export declare function buildCliSnapshot(root: string): Promise<void>;
export declare function nodeFileLine(nodePath: string): string;
