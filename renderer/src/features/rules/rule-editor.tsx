/**
 * The rule editor: name, the filter (checked by main as you type, with "N objects match now"), the
 * trigger type and only the fields that type needs with their units, re-arm seconds and enabled.
 * Main's one-sentence errors are shown by the field they name.
 */
import { useState } from 'react';
import { TRIGGER_TYPES, type Rule, type TriggerType } from '../../../../electron/contract/methods/rules.js';
import { RpcError } from '../../api/client.js';
import { errorMessage, useApp } from '../../app/app-context.js';
import { useShell } from '../../app/shell-context.js';
import {
  emptyRuleForm,
  errorField,
  formToParams,
  ruleToForm,
  withType,
  type FormField,
  type RuleForm,
} from './rule-form.js';
import { Field, FilterField, TriggerFields } from './rule-fields.js';
import { useRulesData } from './use-rules-data.js';

export const TRIGGER_LABELS: Record<TriggerType, string> = {
  enter: 'Enters a geofence',
  exit: 'Leaves a geofence',
  dwell: 'Stays inside a geofence',
  proximity: 'Comes close to another object',
  lost_contact: 'Stops reporting',
  speed_above: 'Speed above',
  speed_below: 'Speed below',
  altitude_above: 'Altitude above',
  altitude_below: 'Altitude below',
  count_above: 'Too many inside a geofence',
};

/** The editor for a new rule (`rule` null) or an existing one; `onDone` after save or cancel. */
export function RuleEditor({ rule, onDone }: { rule: Rule | null; onDone(): void }) {
  const { client } = useApp();
  const { geofences, reload } = useRulesData();
  // A new rule's value starts in the user's units (Maps & files → Units).
  const units = useShell((s) => s.units);
  const [form, setForm] = useState<RuleForm>(() =>
    rule ? ruleToForm(rule, units) : emptyRuleForm(geofences[0]?.id, units),
  );
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const params = formToParams(form);
      if (rule) await client.call('rules.update', { id: rule.id, ...params });
      else await client.call('rules.create', params);
      await reload('rules');
      onDone();
    } catch (err) {
      setErrors({ [err instanceof RpcError ? errorField(err.details) : 'form']: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="rule-editor"
      aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{rule ? `Edit rule ${rule.name}` : 'New rule'}</h3>
      <Field
        label="Rule name"
        error={errors.name}
        control={(id) => (
          <input
            id={id}
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            placeholder="e.g. Ships in the harbour"
          />
        )}
      />
      <FilterField
        label="Objects (filter)"
        value={form.filter}
        onChange={(filter) => set({ filter })}
        error={errors.filter}
      />
      <Field
        label="Trigger"
        control={(id) => (
          <select
            id={id}
            value={form.type}
            onChange={(e) => setForm((f) => withType(f, e.target.value as TriggerType, units))}
          >
            {TRIGGER_TYPES.map((t) => (
              <option key={t} value={t}>
                {TRIGGER_LABELS[t]}
              </option>
            ))}
          </select>
        )}
      />
      <TriggerFields form={form} set={set} errors={errors} />
      <Field
        label="Re-arm after (s)"
        error={errors.rearm}
        hint="Not again for the same object within this time; 0: whenever it happens again."
        control={(id) => (
          <input
            id={id}
            type="number"
            min={0}
            step="any"
            value={form.rearm}
            onChange={(e) => set({ rearm: e.target.value })}
          />
        )}
      />
      <label className="inline">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        Enabled
      </label>
      {errors.form && (
        <p className="error-text" role="alert">
          {errors.form}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {rule ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
