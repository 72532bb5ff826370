// Reading lifecycle.yml: bytes → text → plain data → validated config.
// Everything a file can do wrong at the YAML level is reported here, with its line and column.
// A file with nothing unusual in it gives its data without a YAML document (plain-data.ts); any
// other is parsed into a document, which is dropped once it has given the data. For a large file
// the document and its parse take many times the memory of the data, and only a file with
// something to report needs positions (positions.ts).
import { LineCounter, isMap, isPair, isScalar, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { CONFLICT_MARK, findConflictMarks } from './conflict-marks.js';
import type { Diagnostic } from './diagnostics.js';
import { hasErrors, sortDiagnostics } from './diagnostics.js';
import { readPlainData } from './plain-data.js';
import { SourceMap } from './positions.js';
import { FileReadError, readRegularFile } from './read-file.js';
import type { LifecycleConfig } from './schema.js';
import { validateConfig } from './validate.js';
import type { ValidateOptions } from './validate.js';

/** A life cycle fits in a few hundred kilobytes; more is almost surely a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Bound on alias expansion (the yaml package counts aliases resolved × aliases inside the
 * anchored node). Sharing a checklist between stages stays far below it; a "billion laughs"
 * file, which multiplies aliases of aliases, does not.
 */
export const MAX_ALIAS_COUNT = 1000;

export interface LoadOptions extends ValidateOptions {
  /** Default MAX_CONFIG_BYTES. */
  maxBytes?: number;
}

export interface LoadResult {
  /** The validated config with defaults applied; null when there is any error. */
  config: LifecycleConfig | null;
  /** Errors and warnings, sorted by position. */
  diagnostics: Diagnostic[];
  /**
   * The parsed YAML document (positions, comments), or null when the bytes never became text.
   * Parsed again when first read, unless diagnostics already needed it.
   */
  readonly doc: Document.Parsed | null;
  /**
   * The plain data and where each value is written, for checking what the config refers to (its
   * templates); null when the YAML could not be read.
   */
  parsed: { data: unknown; source: SourceMap } | null;
}

export interface ParsedConfig {
  file: string;
  source: SourceMap;
  /** The plain data, or undefined when the YAML is too broken to trust. */
  data: unknown;
  diagnostics: Diagnostic[];
}

/** An input that could not be read at all (missing, a directory, no permission): not a config mistake. */
export class ConfigReadError extends Error {
  override name = 'ConfigReadError';
}

/** Validates text already in memory. Pure: nothing is read from disk. */
export function loadConfigText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  if (utf8Length(text, maxBytes) > maxBytes) {
    return { config: null, diagnostics: [tooLarge(file, maxBytes)], doc: null, parsed: null };
  }
  const parsed = parseConfigText(text, file);
  if (parsed.data === undefined) return loaded(null, sortDiagnostics(parsed.diagnostics), parsed.source, null);
  const validated = validateConfig(parsed, options);
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...validated.diagnostics]);
  return loaded(hasErrors(diagnostics) ? null : validated.config, diagnostics, parsed.source, { data: parsed.data, source: parsed.source });
}

function loaded(config: LifecycleConfig | null, diagnostics: Diagnostic[], source: SourceMap, parsed: LoadResult['parsed']): LoadResult {
  return {
    config,
    diagnostics,
    get doc() {
      return source.document();
    },
    parsed,
  };
}

/** Validates raw file contents: size and UTF-8 are checked before anything is parsed. */
export function loadConfigBytes(bytes: Uint8Array, file: string, options: LoadOptions = {}): LoadResult {
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  if (bytes.byteLength > maxBytes) return { config: null, diagnostics: [tooLarge(file, maxBytes)], doc: null, parsed: null };
  const decoded = decodeUtf8(bytes, file);
  if (typeof decoded !== 'string') return { config: null, diagnostics: [decoded], doc: null, parsed: null };
  return loadConfigText(decoded, file, { ...options, maxBytes: Infinity });
}

/**
 * Reads and validates a file. `displayPath` is how diagnostics name it (default: `path` as given).
 * Throws ConfigReadError when the file cannot be read; everything wrong inside it is a diagnostic.
 */
export async function loadConfigFile(path: string, options: LoadOptions & { displayPath?: string } = {}): Promise<LoadResult> {
  const file = options.displayPath ?? path;
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  let bytes: Uint8Array;
  try {
    // Never more than the limit is read, and only from a regular file: /dev/zero would never end.
    bytes = await readRegularFile(path, maxBytes, file);
  } catch (error) {
    if (error instanceof FileReadError && error.problem === 'too-large') return { config: null, diagnostics: [tooLarge(file, maxBytes)], doc: null, parsed: null };
    throw readError(error, file);
  }
  return loadConfigBytes(bytes, file, options);
}

function readError(error: unknown, file: string): ConfigReadError {
  if (error instanceof FileReadError && error.problem === 'not-a-file') {
    const what = error.what === 'a folder' ? 'a directory' : (error.what ?? 'not a regular file');
    return new ConfigReadError(`${file} is ${what}, not a lifecycle.yml file`, { cause: error });
  }
  return new ConfigReadError(error instanceof Error ? error.message : String(error), { cause: error });
}

// The same options every time, so a second parse gives the same ranges as the first.
const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, version: '1.2' } as const;

/**
 * Parses YAML 1.2 and reports syntax problems. `data` is undefined when they are fatal. A file with
 * nothing unusual in it is read for its data alone (plain-data.ts) and parsed for positions only if
 * a later check has something to report; any other goes through parseConfigTextFully.
 */
export function parseConfigText(text: string, file: string): ParsedConfig {
  const source = withoutBom(text);
  const plain = readPlainData(source);
  if (plain === null) return parseConfigTextFully(source, file);
  const map = fullParseOnDemand(source);
  return { file, source: map, data: plain.value, diagnostics: conflictDiagnostics(source, map, file) };
}

/**
 * The `yaml` package's parse, which finds every problem the YAML has and where. The document is kept
 * for positions only when it has something to report; otherwise `source` parses the text again if a
 * later check asks where a value is. parseConfigText gives the same result, sooner when it can.
 */
export function parseConfigTextFully(text: string, file: string): ParsedConfig {
  const source = withoutBom(text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { ...PARSE_OPTIONS, lineCounter });
  const found = yamlDiagnostics(doc, lineCounter, file, source);
  const kept = found.diagnostics.length > 0 ? doc : null;
  return { file, source: sourceMap(source, lineCounter, kept), data: found.data, diagnostics: found.diagnostics };
}

// A BOM is harmless; TextDecoder strips it from bytes, text from elsewhere may still carry one.
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// For a file whose data came from readPlainData: the `yaml` package's parse, which gives both the
// ranges and the line starts (exactly as the full path has them), runs once, when a position is
// first asked for.
function fullParseOnDemand(text: string): SourceMap {
  let parsed: { doc: Document.Parsed; lines: LineCounter } | undefined;
  const parse = () => {
    if (parsed === undefined) {
      const lines = new LineCounter();
      parsed = { doc: parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines }), lines };
    }
    return parsed;
  };
  return new SourceMap(() => parse().doc, () => parse().lines, text);
}

// Apart from parseConfigTextFully, so that the closure holds the text and the document only when given it.
function sourceMap(text: string, lineCounter: LineCounter, kept: Document.Parsed | null): SourceMap {
  return new SourceMap(() => kept ?? parseDocument(text, PARSE_OPTIONS), lineCounter, text);
}

function yamlDiagnostics(doc: Document.Parsed, lineCounter: LineCounter, file: string, source: string): { data: unknown; diagnostics: Diagnostic[] } {
  const map = new SourceMap(() => doc, lineCounter, source);
  const syntax = syntaxDiagnostics(doc, map, file);
  const conflicts = conflictDiagnostics(source, map, file);
  if (syntax.fatal) {
    // An alias is written "*name"; without a "*" anywhere there is none.
    const aliases = source.includes('*') ? aliasDiagnostics(doc, map, file) : { diagnostics: [] };
    return { data: undefined, diagnostics: [...syntax.diagnostics, ...aliases.diagnostics, ...conflicts] };
  }
  const data = toData(doc);
  if ('value' in data) return { data: data.value, diagnostics: [...syntax.diagnostics, ...conflicts] };
  // toJS resolves every alias, so only a file it failed on can hold one that refers to nothing.
  const aliases = aliasDiagnostics(doc, map, file);
  if (aliases.diagnostics.length > 0) return { data: undefined, diagnostics: [...syntax.diagnostics, ...aliases.diagnostics, ...conflicts] };
  return { data: undefined, diagnostics: [...syntax.diagnostics, ...conflicts, dataProblem(data.error, map, file, aliases.first)] };
}

/** Comments `lifecycle upgrade` left at conflicts: an error each, so the file cannot be synced before a person settles them. */
function conflictDiagnostics(text: string, map: SourceMap, file: string): Diagnostic[] {
  return findConflictMarks(text).map((mark) => {
    // "CONFLICT (lifecycle upgrade, both renamed) stage "scope" name" → "(both renamed) stage "scope" name"
    const what = mark.text.slice(CONFLICT_MARK.length).replace(/^,\s*/, '');
    return {
      file,
      ...map.rangeAt(mark.offset, mark.offset + mark.length),
      severity: 'error' as const,
      message: `unresolved upgrade conflict (${what}; keep one side, then delete the conflict comment`,
    };
  });
}

interface Found {
  diagnostics: Diagnostic[];
  /** A problem after which the data cannot be read. */
  fatal: boolean;
}

// Columns count from after the BOM: it is invisible in every editor.
function syntaxDiagnostics(doc: Document, map: SourceMap, file: string): Found {
  const diagnostics: Diagnostic[] = [];
  // Walking the tree costs time on large files; do it only when there is something to find.
  const duplicates = doc.errors.some((e) => e.code === 'DUPLICATE_KEY') ? duplicateKeys(doc) : new Map<number, { key: string; firstOffset: number }>();
  let fatal = false;
  for (const error of doc.errors) {
    const [start, end] = error.pos;
    let message: string;
    if (error.code === 'DUPLICATE_KEY') {
      const dup = duplicates.get(start);
      message = dup
        ? `duplicate key "${dup.key}"; it is already set on line ${map.position(dup.firstOffset).line}, and YAML allows each key once`
        : 'duplicate key; YAML allows each key once per mapping';
    } else {
      fatal = true;
      message = yamlMessage(error.code, error.message);
    }
    diagnostics.push({ file, ...map.rangeAt(start, end), severity: 'error', message });
  }
  for (const warning of doc.warnings) {
    diagnostics.push({ file, ...map.rangeAt(warning.pos[0], warning.pos[1]), severity: 'warning', message: yamlMessage(warning.code, warning.message) });
  }
  return { diagnostics, fatal };
}

// Every alias that refers to no anchor, and the first alias of all (where an expansion error points).
function aliasDiagnostics(doc: Document, map: SourceMap, file: string): { diagnostics: Diagnostic[]; first: Node | null } {
  const diagnostics: Diagnostic[] = [];
  let first: Node | null = null;
  visit(doc, {
    Alias(_key, alias) {
      first ??= alias;
      if (alias.resolve(doc) === undefined) {
        diagnostics.push({
          file,
          ...map.rangeAt(alias.range?.[0] ?? 0, alias.range?.[1]),
          severity: 'error',
          message: `alias *${alias.source} refers to no anchor; declare &${alias.source} before using it`,
        });
      }
    },
  });
  return { diagnostics, first };
}

function toData(doc: Document): { value: unknown } | { error: unknown } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    return { error };
  }
}

function dataProblem(error: unknown, map: SourceMap, file: string, firstAlias: Node | null): Diagnostic {
  const excessive = error instanceof ReferenceError && /alias count/i.test(error.message);
  return {
    file,
    ...map.rangeAt(firstAlias?.range?.[0] ?? 0),
    severity: 'error',
    message: excessive
      ? 'anchors and aliases expand into far too much data (each alias repeats everything its anchor holds); write the values out or use fewer nested aliases'
      : `cannot read the YAML: ${error instanceof Error ? error.message : String(error)}`,
  };
}

// Offset of each repeated key → the key text and where it first appeared in the same mapping.
function duplicateKeys(doc: Document): Map<number, { key: string; firstOffset: number }> {
  const found = new Map<number, { key: string; firstOffset: number }>();
  visit(doc, {
    Map(_key, node) {
      if (!isMap(node)) return;
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, pair.key.range[0]);
        else found.set(pair.key.range[0], { key, firstOffset: first });
      }
    },
  });
  return found;
}

// The yaml package's messages are accurate but terse; say the common ones in plain words.
function yamlMessage(code: string, message: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML indents with spaces only';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a "---" line in the middle); keep everything in one';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value contains ": " (a colon and a space); quote the value, for example name: "A: B"';
    case 'MISSING_CHAR':
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
    default: {
      const first = (message.split('\n')[0] ?? message).replace(/\s+at line \d+, column \d+:?$/, '').trim();
      return `YAML syntax: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
    }
  }
}

function tooLarge(file: string, maxBytes: number): Diagnostic {
  const limit = maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MiB` : `${maxBytes} bytes`;
  return { file, line: 1, column: 1, severity: 'error', message: `the file is larger than ${limit}; a lifecycle.yml is expected to be far smaller` };
}

/** Byte length in UTF-8, stopping early once past `limit`. */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).byteLength;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, file: string): string | Diagnostic {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = strictDecoder.decode(bytes.subarray(0, Math.max(0, offset))).replace(/^\uFEFF/, '');
    const lines = before.split('\n');
    const line = lines.length;
    const column = (lines[lines.length - 1] ?? '').length + 1;
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      file,
      line,
      column,
      severity: 'error',
      message: `the file is not valid UTF-8 (byte 0x${byte}); save it as UTF-8`,
    };
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0; // overlong
      if (b === 0xed) upper = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90; // overlong
      if (b === 0xf4) upper = 0x8f; // beyond U+10FFFF
    } else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < lower || second > upper) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}
