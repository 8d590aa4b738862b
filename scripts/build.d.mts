// Types of scripts/build.mjs (plain JavaScript: the launcher imports it before anything is built).
export declare const ROOT: string;
export declare const DIST: string;
/** Every input file of the build, relative to the root, sorted. */
export declare function sources(root?: string): string[];
/** Why the recorded build does not match the sources, or undefined when it does. */
export declare function staleness(): string | undefined;
/** The directory (a file: URL ending in '/') of a build made from the sources as they are now, built first if needed. */
export declare function freshBuild(): Promise<string>;
/** Build now; the key of the build. */
export declare function build(): Promise<string>;
