// The part of js-yaml 4 that config/plain-data.ts uses; the package ships no types of its own.
declare module 'js-yaml' {
  export interface TypeOptions {
    kind: 'scalar' | 'sequence' | 'mapping';
    resolve?: (data: string, tag?: string) => boolean;
    construct?: (data: string) => unknown;
  }
  export class Type {
    constructor(tag: string, options: TypeOptions);
  }
  export class Schema {
    constructor(definition: { implicit?: Type[]; explicit?: Type[] });
  }
  /** What the loader reports for each node it opens and closes. */
  export interface LoaderState {
    kind: 'scalar' | 'sequence' | 'mapping' | null;
    result: unknown;
  }
  export interface LoadOptions {
    schema?: Schema;
    json?: boolean;
    maxDepth?: number;
    onWarning?: (warning: Error) => void;
    listener?: (event: 'open' | 'close', state: LoaderState) => void;
  }
  export function load(text: string, options?: LoadOptions): unknown;
}
