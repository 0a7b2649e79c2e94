/** Types of scripts/build.mjs (plain JavaScript, so that a production machine builds without tsx). */
export declare const projectDir: string;
export declare const engineBundle: string;
export declare const engineEntry: string;
export declare function buildEngine(): Promise<string>;
