import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../../electron/contract/methods/rules.js';
import {
  emptyRuleForm,
  errorField,
  formToParams,
  fromSi,
  ruleToForm,
  toSi,
  triggerFields,
  unitHint,
  withType,
} from './rule-form.js';

describe('triggerFields', () => {
  it('lists the fields a type needs, optional ones after', () => {
    expect(triggerFields('enter')).toEqual([{ field: 'geofence_id', optional: false }]);
    expect(triggerFields('proximity').map((f) => `${f.field}${f.optional ? '?' : ''}`)).toEqual([
      'distance_m',
      'other_filter?',
      'cpa_seconds?',
    ]);
    expect(triggerFields('count_above').map((f) => f.field)).toEqual(['geofence_id', 'count']);
  });
});

describe('units', () => {
  it('converts knots, km/h and feet to SI and back', () => {
    expect(toSi(10, 'kn')).toBeCloseTo(5.1444, 4);
    expect(toSi(36, 'km/h')).toBeCloseTo(10, 9);
    expect(toSi(1000, 'ft')).toBeCloseTo(304.8, 9);
    expect(fromSi(toSi(7, 'kn'), 'kn')).toBeCloseTo(7, 9);
  });
  it('shows a typed value in every unit of its kind, nothing for an empty or bad value', () => {
    expect(unitHint('10', 'm/s')).toBe('= 19.4 kn · 36.0 km/h · 22.4 mph · 10.0 m/s');
    expect(unitHint('1000', 'ft')).toBe('= 305 m · 1000 ft');
    expect(unitHint('', 'm')).toBe('');
    expect(unitHint('x', 'm')).toBe('');
  });
});

describe('formToParams', () => {
  it('sends only the fields of the chosen trigger, the value in SI units', () => {
    const form = {
      ...emptyRuleForm('g1'),
      name: 'Fast',
      filter: ' kind=ship ',
      seconds: '30',
      value: '20',
      valueUnit: 'kn' as const,
    };
    const params = formToParams(withType(form, 'speed_above'));
    expect(params).toMatchObject({ name: 'Fast', filter: 'kind=ship', rearm_seconds: 0, enabled: true });
    expect(Object.keys(params.trigger)).toEqual(['type', 'value']);
    expect(params.trigger.value).toBeCloseTo(10.2889, 4);
  });
  it('leaves empty fields out so main names the missing one', () => {
    expect(formToParams({ ...emptyRuleForm(), type: 'dwell' }).trigger).toEqual({ type: 'dwell' });
    const prox = formToParams({ ...emptyRuleForm(), type: 'proximity', distance: '500', otherFilter: 'kind=drone' });
    expect(prox.trigger).toEqual({ type: 'proximity', distance_m: 500, other_filter: 'kind=drone' });
  });
  it('round-trips a stored rule', () => {
    const rule: Rule = {
      id: 'r',
      name: 'Low',
      filter: 'kind=aircraft',
      trigger: { type: 'altitude_below', value: 304.8 },
      rearm_seconds: 60,
      enabled: false,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
    const form = ruleToForm(rule);
    expect(form).toMatchObject({ type: 'altitude_below', value: '304.8', valueUnit: 'm', rearm: '60', enabled: false });
    expect(formToParams(form)).toEqual({
      name: 'Low',
      filter: 'kind=aircraft',
      trigger: rule.trigger,
      rearm_seconds: 60,
      enabled: false,
    });
  });
});

describe('withType', () => {
  it('switches the unit only when the kind of value changes', () => {
    const speed = withType({ ...emptyRuleForm(), valueUnit: 'kn' }, 'speed_below');
    expect(speed.valueUnit).toBe('kn');
    expect(withType(speed, 'altitude_above').valueUnit).toBe('m');
    expect(withType({ ...speed, valueUnit: 'ft' }, 'altitude_below').valueUnit).toBe('ft');
  });
});

describe("the user's units", () => {
  it('start a new rule in the chosen speed unit, and switch to the chosen altitude unit with the kind', () => {
    const form = emptyRuleForm('g1', { speed: 'kn', altitude: 'ft' });
    expect(form.valueUnit).toBe('kn');
    expect(withType(form, 'altitude_above', { speed: 'kn', altitude: 'ft' }).valueUnit).toBe('ft');
    expect(withType({ ...form, valueUnit: 'ft' }, 'speed_below', { speed: 'mph', altitude: 'ft' }).valueUnit).toBe(
      'mph',
    );
    expect(emptyRuleForm().valueUnit).toBe('m/s');
    expect(formToParams({ ...form, type: 'speed_above', value: '10' }).trigger.value).toBeCloseTo(5.1444, 4);
  });

  it('open an existing rule in the chosen units, and save it back to the same figure', () => {
    const rule: Rule = {
      id: 'r2',
      name: 'Low',
      filter: 'kind=aircraft',
      trigger: { type: 'altitude_below', value: 304.8 },
      rearm_seconds: 0,
      enabled: true,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
    const low = ruleToForm(rule, { speed: 'kn', altitude: 'ft' });
    expect(low).toMatchObject({ value: '1000', valueUnit: 'ft' });
    expect(formToParams(low).trigger.value).toBeCloseTo(304.8, 6);
    const fast = ruleToForm(
      { ...rule, trigger: { type: 'speed_above', value: 5.144444 } },
      { speed: 'kn', altitude: 'ft' },
    );
    expect(fast).toMatchObject({ value: '10', valueUnit: 'kn' });
    expect(formToParams(fast).trigger.value).toBeCloseTo(5.144444, 5);
  });

  it('type a proximity distance in feet when feet or mph are chosen, stored in metres', () => {
    const imperial = { speed: 'mph', altitude: 'm' } as const;
    expect(emptyRuleForm('', imperial).distanceUnit).toBe('ft');
    expect(emptyRuleForm().distanceUnit).toBe('m');
    const form = { ...emptyRuleForm('', imperial), type: 'proximity' as const, distance: '1000' };
    expect(formToParams(form).trigger.distance_m).toBeCloseTo(304.8, 6);
    const near: Rule = {
      id: 'r3',
      name: 'Near',
      filter: 'kind=drone',
      trigger: { type: 'proximity', distance_m: 304.8 },
      rearm_seconds: 0,
      enabled: true,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
    expect(ruleToForm(near, imperial)).toMatchObject({ distance: '1000', distanceUnit: 'ft' });
    expect(ruleToForm(near)).toMatchObject({ distance: '304.8', distanceUnit: 'm' });
  });
});

describe('errorField', () => {
  it('maps the field main names to the form field', () => {
    expect(errorField({ field: 'trigger.geofence_id' })).toBe('geofenceId');
    expect(errorField({ field: 'trigger.distance_m' })).toBe('distance');
    expect(errorField({ field: 'filter', position: 3 })).toBe('filter');
    expect(errorField({ field: 'rearm_seconds' })).toBe('rearm');
    expect(errorField({ field: 'name' })).toBe('name');
  });
  it('answers form for anything else', () => {
    expect(errorField(undefined)).toBe('form');
    expect(errorField({ field: 'trigger.type' })).toBe('form');
    expect(errorField({ field: 'trigger.nope' })).toBe('form');
    expect(errorField({ id: 'x' })).toBe('form');
  });
});
