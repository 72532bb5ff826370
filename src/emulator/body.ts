// Reading JSON request bodies with GitHub's answers for the wrong shape: 422 "Invalid request."
// naming the property, never a crash; and GitHub's length limits on the values read.
import { invalidRequest, type ValidationItem } from './errors.js';

/** GitHub's limits on what it stores, in characters as it counts them (see characters()). */
export const LIMITS = {
  /** Issue and pull request bodies, comments. */
  body: 65_536,
  issueTitle: 256,
  labelName: 50,
  labelDescription: 100,
  labelsPerIssue: 100,
  // GitHub documents no limit on milestones; the emulator holds them to the issue limits.
  milestoneTitle: 256,
  milestoneDescription: 65_536,
} as const;

/**
 * Length as GitHub counts it: Unicode code points, so an emoji outside the Basic Multilingual Plane
 * is one character although it is two UTF-16 units (JavaScript's `length`).
 */
export function characters(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/**
 * GitHub's "custom" validation error for a value over its limit, worded as GitHub words it:
 * `body is too long (maximum is 65536 characters)`; comments capitalize it ("Body is …").
 */
export function tooLong(resource: string, field: string, value: string | null | undefined, max: number, capitalized = false): ValidationItem | null {
  if (typeof value !== 'string' || characters(value) <= max) return null;
  const name = capitalized ? field.charAt(0).toUpperCase() + field.slice(1) : field;
  return { resource, code: 'custom', field, message: `${name} is too long (maximum is ${max} characters)` };
}

type Kind = 'string' | 'integer' | 'boolean' | 'array' | 'object';

export class BodyReader {
  private readonly data: Record<string, unknown>;

  constructor(raw: unknown) {
    if (raw === undefined) this.data = {};
    else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) this.data = raw as Record<string, unknown>;
    else throw invalidRequest(`${describe(raw)} is not an object.`);
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data, name);
  }

  raw(name: string): unknown {
    return this.data[name];
  }

  private check(name: string, kinds: Kind[], nullable: boolean): unknown {
    const value = this.data[name];
    if (value === null && nullable) return null;
    if (kinds.some((kind) => isKind(value, kind))) return value;
    const expected = kinds.map((k) => `${/^[aeiou]/.test(k) ? 'an' : 'a'} ${k}`).join(' or ');
    throw invalidRequest(`For 'properties/${name}', ${describe(value)} is not ${expected}.`);
  }

  /**
   * Some operations refuse keys they do not know (milestones do: `"per_page" is not a permitted
   * key.`); most ignore them.
   */
  permitOnly(...names: string[]): void {
    const unknown = Object.keys(this.data).filter((key) => !names.includes(key));
    if (unknown.length === 0) return;
    const quoted = unknown.map((key) => JSON.stringify(key)).join(', ');
    throw invalidRequest(unknown.length === 1 ? `${quoted} is not a permitted key.` : `${quoted} are not permitted keys.`);
  }

  requirePresent(name: string): void {
    if (!this.has(name)) throw invalidRequest(`"${name}" wasn't supplied.`);
  }

  string(name: string): string | undefined {
    return this.has(name) ? (this.check(name, ['string'], false) as string) : undefined;
  }

  nullableString(name: string): string | null | undefined {
    return this.has(name) ? (this.check(name, ['string'], true) as string | null) : undefined;
  }

  /** GitHub accepts a number where it documents `string | integer` (an issue title, for one). */
  stringOrInteger(name: string): string | undefined {
    return this.has(name) ? String(this.check(name, ['string', 'integer'], false)) : undefined;
  }

  nullableInteger(name: string): number | string | null | undefined {
    if (!this.has(name)) return undefined;
    return this.check(name, ['integer', 'string'], true) as number | string | null;
  }

  integer(name: string): number | undefined {
    return this.has(name) ? (this.check(name, ['integer'], false) as number) : undefined;
  }

  boolean(name: string): boolean | undefined {
    return this.has(name) ? (this.check(name, ['boolean'], false) as boolean) : undefined;
  }

  stringList(name: string, nullable = false): string[] | null | undefined {
    if (!this.has(name)) return undefined;
    const value = this.check(name, ['array'], nullable);
    if (value === null) return null;
    const list = value as unknown[];
    list.forEach((item, index) => {
      if (typeof item !== 'string') throw invalidRequest(`For 'items', ${describe(item)} is not a string (at properties/${name}/${index}).`);
    });
    return list as string[];
  }

  /** Labels may be names or `{ name }` objects. */
  labelList(name: string): string[] | undefined {
    if (!this.has(name)) return undefined;
    const value = this.check(name, ['array'], true);
    if (value === null) return [];
    return (value as unknown[]).map((item, index) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string') return (item as { name: string }).name;
      throw invalidRequest(`For 'items', ${describe(item)} is not a string or an object with a name (at properties/${name}/${index}).`);
    });
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], nullable = false): T | null | undefined {
    if (!this.has(name)) return undefined;
    const value = this.check(name, ['string'], nullable);
    if (value === null) return null;
    if (!allowed.includes(value as T)) throw invalidRequest(`For 'properties/${name}', ${describe(value)} is not one of ${allowed.join(', ')}.`);
    return value as T;
  }
}

function isKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
