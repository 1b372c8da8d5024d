export declare const COMPILED_DIR: string
export declare const SOURCES_DIR: string
export declare function sourceHashes(dir: string): Record<string, string>
export declare function compiledModule(
  entry: string,
  sourcesDir?: string,
  compiledDir?: string,
): string | undefined
export declare function compileSources(sourcesDir?: string, compiledDir?: string): Promise<number | undefined>
