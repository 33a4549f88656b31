/**
 * The rule editor's form as plain data: the fields as typed (strings, so a field can be empty),
 * which trigger fields a type shows, unit conversion for speed (kn, km/h, mph, m/s) and altitude (m,
 * ft) through units.ts,
 * the params for rules.create / rules.update, and which field main's error names.
 */
import {
  TRIGGER_FIELDS,
  TRIGGER_OPTIONAL_FIELDS,
  type Rule,
  type RuleTrigger,
  type TriggerType,
} from '../../../../electron/contract/methods/rules.js';
import {
  ALTITUDE_UNITS,
  altitudeIn,
  altitudeToM,
  distanceSystem,
  METRES_PER_FOOT,
  SPEED_UNITS,
  speedIn,
  speedToMps,
  type AltitudeUnit,
  type SpeedUnit,
  type Units,
} from '../../app/units.js';

export { ALTITUDE_UNITS, SPEED_UNITS };
export type { AltitudeUnit, SpeedUnit };
export type ValueUnit = SpeedUnit | AltitudeUnit;

const isSpeedUnit = (unit: ValueUnit): unit is SpeedUnit => (SPEED_UNITS as readonly string[]).includes(unit);

/** The editor's fields as typed. */
export interface RuleForm {
  name: string;
  filter: string;
  type: TriggerType;
  geofenceId: string;
  seconds: string;
  distance: string;
  /** The unit `distance` is typed in: feet when the user chose feet or mph (units.ts distanceSystem). */
  distanceUnit: DistanceUnit;
  cpaSeconds: string;
  otherFilter: string;
  value: string;
  valueUnit: ValueUnit;
  count: string;
  rearm: string;
  enabled: boolean;
}

/** A form field, or 'form' for an error that names none of them. */
export type FormField = Exclude<keyof RuleForm, 'valueUnit' | 'distanceUnit' | 'enabled'> | 'form';

export type DistanceUnit = 'm' | 'ft';

/** The unit a proximity distance is typed in for the user's units. */
export const distanceUnitOf = (units: FormUnits): DistanceUnit => (distanceSystem(units) === 'imperial' ? 'ft' : 'm');

/** Trigger field (contract name) → form field. */
const TRIGGER_FORM_FIELD: Record<Exclude<keyof RuleTrigger, 'type'>, FormField> = {
  geofence_id: 'geofenceId',
  seconds: 'seconds',
  distance_m: 'distance',
  cpa_seconds: 'cpaSeconds',
  other_filter: 'otherFilter',
  value: 'value',
  count: 'count',
};

/** 'speed' or 'altitude' for triggers with a value, else null. */
export function valueKind(type: TriggerType): 'speed' | 'altitude' | null {
  if (type === 'speed_above' || type === 'speed_below') return 'speed';
  if (type === 'altitude_above' || type === 'altitude_below') return 'altitude';
  return null;
}

/** The trigger fields a type shows, required ones first. */
export function triggerFields(type: TriggerType): { field: Exclude<keyof RuleTrigger, 'type'>; optional: boolean }[] {
  const required = TRIGGER_FIELDS[type].map((f) => ({
    field: f as Exclude<keyof RuleTrigger, 'type'>,
    optional: false,
  }));
  const optional = (TRIGGER_OPTIONAL_FIELDS[type] ?? []).map((f) => ({
    field: f as Exclude<keyof RuleTrigger, 'type'>,
    optional: true,
  }));
  return [...required, ...optional];
}

/** A value in `unit` as m/s or metres. */
export function toSi(value: number, unit: ValueUnit): number {
  return isSpeedUnit(unit) ? speedToMps(value, unit) : altitudeToM(value, unit);
}

/** A value in m/s or metres as `unit`. */
export function fromSi(value: number, unit: ValueUnit): number {
  return isSpeedUnit(unit) ? speedIn(value, unit) : altitudeIn(value, unit);
}

/** "= 5.14 m/s · 10.0 kn · 18.5 km/h" (or m / ft) for a typed value, '' when it is not a number. */
export function unitHint(value: string, unit: ValueUnit): string {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) return '';
  const si = toSi(n, unit);
  const units: readonly ValueUnit[] = isSpeedUnit(unit) ? SPEED_UNITS : ALTITUDE_UNITS;
  return `= ${units.map((u) => `${round(fromSi(si, u))} ${u}`).join(' · ')}`;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(Math.abs(n) >= 10 ? 1 : 2);
}

/** The units a value field starts in: the user's chosen speed and altitude units (m/s and m by default). */
export type FormUnits = Pick<Units, 'speed' | 'altitude'>;
const SI_UNITS: FormUnits = { speed: 'm/s', altitude: 'm' };

/** A new rule's form (an enter rule on the first geofence), its value in the user's speed unit. */
export function emptyRuleForm(geofenceId = '', units: FormUnits = SI_UNITS): RuleForm {
  return {
    name: '',
    filter: '',
    type: 'enter',
    geofenceId,
    seconds: '',
    distance: '',
    distanceUnit: distanceUnitOf(units),
    cpaSeconds: '',
    otherFilter: '',
    value: '',
    valueUnit: units.speed,
    count: '',
    rearm: '0',
    enabled: true,
  };
}

const str = (n: number | undefined): string => (n === undefined ? '' : String(n));
const metresPer = (unit: DistanceUnit): number => (unit === 'ft' ? METRES_PER_FOOT : 1);

/** A stored value (m/s or m) as typed in `unit`: at most 4 decimals, so 304.8 m reads "1000" ft. */
function valueIn(value: number | undefined, unit: ValueUnit): string {
  return value === undefined ? '' : String(Number(fromSi(value, unit).toFixed(4)));
}

/** The form for an existing rule, its value in the user's speed or altitude unit (m/s and m by default). */
export function ruleToForm(rule: Rule, units: FormUnits = SI_UNITS): RuleForm {
  const t = rule.trigger;
  const valueUnit = valueKind(t.type) === 'altitude' ? units.altitude : units.speed;
  const distanceUnit = distanceUnitOf(units);
  return {
    name: rule.name,
    filter: rule.filter,
    type: t.type,
    geofenceId: t.geofence_id ?? '',
    seconds: str(t.seconds),
    distance: t.distance_m === undefined ? '' : String(Number((t.distance_m / metresPer(distanceUnit)).toFixed(4))),
    distanceUnit,
    cpaSeconds: str(t.cpa_seconds),
    otherFilter: t.other_filter ?? '',
    value: valueIn(t.value, valueUnit),
    valueUnit,
    count: str(t.count),
    rearm: String(rule.rearm_seconds),
    enabled: rule.enabled,
  };
}

/** A number field: undefined when empty (main then says it is required), NaN passes on as typed text's error. */
function num(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** The trigger with only the fields its type uses (empty ones left out, the value in SI units). */
export function formTrigger(form: RuleForm): RuleTrigger {
  const trigger: RuleTrigger = { type: form.type };
  for (const { field } of triggerFields(form.type)) {
    switch (field) {
      case 'geofence_id':
        if (form.geofenceId) trigger.geofence_id = form.geofenceId;
        break;
      case 'other_filter':
        if (form.otherFilter.trim()) trigger.other_filter = form.otherFilter.trim();
        break;
      case 'value': {
        const v = num(form.value);
        if (v !== undefined) trigger.value = toSi(v, form.valueUnit);
        break;
      }
      case 'distance_m': {
        const v = num(form.distance);
        if (v !== undefined) trigger.distance_m = v * metresPer(form.distanceUnit);
        break;
      }
      default: {
        const v = num(form[TRIGGER_FORM_FIELD[field] as 'seconds' | 'cpaSeconds' | 'count']);
        if (v !== undefined) trigger[field] = v;
      }
    }
  }
  return trigger;
}

/** The params of rules.create for the form (rules.update takes the same plus the id). */
export function formToParams(form: RuleForm) {
  return {
    name: form.name,
    filter: form.filter.trim(),
    trigger: formTrigger(form),
    rearm_seconds: num(form.rearm) ?? 0,
    enabled: form.enabled,
  };
}

/** The form field main's error names (details.field such as 'trigger.geofence_id'), else 'form'. */
export function errorField(details: unknown): FormField {
  const field = (details as { field?: unknown } | null | undefined)?.field;
  if (typeof field !== 'string') return 'form';
  if (field === 'name' || field === 'filter') return field;
  if (field === 'rearm_seconds') return 'rearm';
  const m = /^trigger\.(\w+)/.exec(field);
  if (m?.[1] === 'type') return 'form';
  return (m && TRIGGER_FORM_FIELD[m[1] as keyof typeof TRIGGER_FORM_FIELD]) || 'form';
}

/**
 * The form with another trigger type; when the kind of value changes, its unit becomes the user's
 * unit of that kind (kn and ft, say; m/s and m by default).
 */
export function withType(form: RuleForm, type: TriggerType, units: FormUnits = SI_UNITS): RuleForm {
  const kind = valueKind(type);
  const unitFits = kind === 'altitude' ? !isSpeedUnit(form.valueUnit) : isSpeedUnit(form.valueUnit);
  return { ...form, type, valueUnit: unitFits ? form.valueUnit : kind === 'altitude' ? units.altitude : units.speed };
}
