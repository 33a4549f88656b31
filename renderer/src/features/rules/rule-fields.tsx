/**
 * The rule editor's fields: a labelled field with main's error under it, the filter field checked
 * by main with its live match count, the speed/altitude value with units, and the trigger's fields.
 */
import { useId, useRef, type ReactNode } from 'react';
import { formatCount } from '../../app/format.js';
import { useShell } from '../../app/shell-context.js';
import { FilterCompletionList } from '../filter-bar/filter-completion.js';
import { FilterErrorLine } from '../filter-bar/filter-error-line.js';
import { useFilterCheck } from '../filter-bar/use-filter-check.js';
import { useFilterCompletion } from '../filter-bar/use-filter-completion.js';
import {
  ALTITUDE_UNITS,
  SPEED_UNITS,
  triggerFields,
  unitHint,
  valueKind,
  type FormField,
  type RuleForm,
  type ValueUnit,
} from './rule-form.js';
import { useRulesData } from './use-rules-data.js';

/** A labelled field (`control` gets the id its label points to) with a hint and main's error under it. */
export function Field({
  label,
  error,
  hint,
  control,
}: {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  control(id: string): ReactNode;
}) {
  const id = useId();
  return (
    <div className="rule-field">
      <label className="rule-field-label" htmlFor={id}>
        {label}
      </label>
      {control(id)}
      {hint && <span className="muted small">{hint}</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A filter text field checked by main, with the live count of matching objects. */
export function FilterField({
  label,
  value,
  onChange,
  error,
  optional,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string;
  optional?: boolean;
}) {
  const id = useId();
  const text = value.trim();
  // Asked again when live data changed, so the count stays current while the editor is open.
  const check = useFilterCheck(
    text ? { text } : {},
    useShell((s) => s.listTick),
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const completion = useFilterCompletion(inputRef, value, onChange);
  return (
    <div className="rule-field">
      <label className="rule-field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        {...completion.inputProps}
        className={`filter-input${check.error ? ' invalid' : ''}`}
        aria-invalid={!!check.error}
        spellCheck={false}
        placeholder={optional ? 'empty: the rule’s own objects' : 'e.g. kind=ship speed>5 (empty: every object)'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <FilterCompletionList completion={completion} />
      {check.error ? (
        <FilterErrorLine text={text} error={check.error} />
      ) : (
        <span className="muted small" data-testid="rule-filter-count">
          {check.matches === null
            ? ' '
            : `${formatCount(check.matches)} object${check.matches === 1 ? '' : 's'} match${check.matches === 1 ? 'es' : ''} now`}
        </span>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The value field of speed and altitude rules: a number, its unit, and the value in the other units. */
function ValueField({ form, set, error }: { form: RuleForm; set(p: Partial<RuleForm>): void; error?: string }) {
  const units = valueKind(form.type) === 'altitude' ? ALTITUDE_UNITS : SPEED_UNITS;
  return (
    <Field
      label={valueKind(form.type) === 'altitude' ? 'Altitude' : 'Speed'}
      error={error}
      hint={unitHint(form.value, form.valueUnit)}
      control={(id) => (
        <span className="rule-value">
          <input id={id} type="number" step="any" value={form.value} onChange={(e) => set({ value: e.target.value })} />
          <select
            aria-label="Unit"
            value={form.valueUnit}
            onChange={(e) => set({ valueUnit: e.target.value as ValueUnit })}
          >
            {units.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </span>
      )}
    />
  );
}

/** The fields the chosen trigger needs. */
export function TriggerFields({
  form,
  set,
  errors,
}: {
  form: RuleForm;
  set(p: Partial<RuleForm>): void;
  errors: Partial<Record<FormField, string>>;
}) {
  const { geofences } = useRulesData();
  const number = (key: 'seconds' | 'distance' | 'cpaSeconds' | 'count', label: string, optional: boolean) => (
    <Field
      key={key}
      label={`${label}${optional ? ' (optional)' : ''}`}
      error={errors[key]}
      control={(id) => (
        <input
          id={id}
          type="number"
          min={0}
          step="any"
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    />
  );
  return triggerFields(form.type).map(({ field, optional }) => {
    switch (field) {
      case 'geofence_id':
        return (
          <Field
            key={field}
            label="Geofence"
            error={errors.geofenceId}
            control={(id) => (
              <select id={id} value={form.geofenceId} onChange={(e) => set({ geofenceId: e.target.value })}>
                <option value="">
                  {geofences.length ? 'Choose a geofence…' : 'No geofences yet: draw or import one'}
                </option>
                {geofences.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            )}
          />
        );
      case 'seconds':
        return number('seconds', form.type === 'dwell' ? 'Inside for (s)' : 'No update for (s)', optional);
      case 'distance_m':
        return number('distance', `Closer than (${form.distanceUnit})`, optional);
      case 'cpa_seconds':
        return number('cpaSeconds', 'Closest approach within (s)', optional);
      case 'count':
        return number('count', 'More than (objects)', optional);
      case 'other_filter':
        return (
          <FilterField
            key={field}
            label="Other objects (filter, optional)"
            optional
            value={form.otherFilter}
            onChange={(otherFilter) => set({ otherFilter })}
            error={errors.otherFilter}
          />
        );
      case 'value':
        return <ValueField key={field} form={form} set={set} error={errors.value} />;
    }
  });
}
