/**
 * Typed reads of one gpsd JSON report's fields: a wrong type stops the report with one sentence
 * naming the class, the field and the bad value.
 */

/** Thrown for a report whose field has the wrong type; the message is the rejection reason. */
export class GpsdFieldError extends Error {}

/** Reads fields of one report of class `cls` (`TPV`, `AIS type 5`, …). */
export interface FieldReader {
  /** A finite number, or undefined when absent; throws when present with another type. */
  num(name: string): number | undefined;
  /** A number or one of the string legends gpsd writes instead (e.g. `"nan"`), as given. */
  numOr(name: string, legends: readonly string[]): number | string | undefined;
  /** A string, or undefined when absent. */
  str(name: string): string | undefined;
  /** A boolean, or undefined when absent. */
  bool(name: string): boolean | undefined;
}

export function fieldReader(obj: Record<string, unknown>, cls: string): FieldReader {
  const fail = (name: string, want: string, value: unknown): never => {
    throw new GpsdFieldError(`gpsd ${cls} field '${name}' must be ${want}, got ${describe(value)}.`);
  };
  return {
    num(name) {
      const v = obj[name];
      if (v === undefined) return undefined;
      return typeof v === 'number' && Number.isFinite(v) ? v : fail(name, 'a number', v);
    },
    numOr(name, legends) {
      const v = obj[name];
      if (v === undefined) return undefined;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && legends.includes(v)) return v;
      return fail(name, `a number or one of ${legends.map((l) => `'${l}'`).join(', ')}`, v);
    },
    str(name) {
      const v = obj[name];
      if (v === undefined) return undefined;
      return typeof v === 'string' ? v : fail(name, 'a string', v);
    },
    bool(name) {
      const v = obj[name];
      if (v === undefined) return undefined;
      return typeof v === 'boolean' ? v : fail(name, 'true or false', v);
    },
  };
}

/** A short, quoted rendering of a bad value for an error sentence. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
