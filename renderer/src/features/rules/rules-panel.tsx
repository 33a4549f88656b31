/**
 * The Rules tab: the rules (each with what it watches for, an Enabled switch, Edit and Delete), the
 * rule editor ("New rule"), and the geofences section.
 */
import { useState } from 'react';
import type { Rule } from '../../../../electron/contract/methods/rules.js';
import { useApp } from '../../app/app-context.js';
import { ActionStatusText, useActionStatus } from '../../app/action-status.js';
import { useShell } from '../../app/shell-context.js';
import { GeofenceSection } from './geofence-section.js';
import { RuleEditor } from './rule-editor.js';
import { triggerSummary } from './rule-summary.js';
import { useRulesData } from './use-rules-data.js';
import './rules.css';

function RuleRow({ rule, onEdit }: { rule: Rule; onEdit(): void }) {
  const { client } = useApp();
  const { geofences, reload } = useRulesData();
  const units = useShell((s) => s.units);
  const [confirm, setConfirm] = useState(false);
  // Why the switch or a delete was refused shows in the rule's row.
  const action = useActionStatus();
  const run = (p: Promise<unknown>) =>
    void p.then(() => {
      action.clear();
      return reload('rules');
    }, action.fail);
  return (
    <li className={`rule-row${rule.enabled ? '' : ' disabled'}`} data-testid="rule-row">
      <div className="rule-head">
        <strong>{rule.name}</strong>
        <label className="switch">
          <input
            type="checkbox"
            aria-label={`Enabled: ${rule.name}`}
            checked={rule.enabled}
            onChange={(e) => run(client.call('rules.update', { id: rule.id, enabled: e.target.checked }))}
          />
          {rule.enabled ? 'Enabled' : 'Disabled'}
        </label>
      </div>
      <div className="small">
        {rule.filter ? <code>{rule.filter}</code> : <span className="muted">every object</span>}{' '}
        {triggerSummary(rule.trigger, geofences, units)}
        {rule.rearm_seconds > 0 && <span className="muted">, re-arms after {rule.rearm_seconds} s</span>}
      </div>
      <div className="row-actions">
        <button type="button" aria-label={`Edit ${rule.name}`} onClick={onEdit}>
          Edit
        </button>
        {confirm ? (
          <span className="confirm">
            Delete {rule.name}? Its alerts are kept.{' '}
            <button type="button" className="danger" onClick={() => run(client.call('rules.delete', { id: rule.id }))}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirm(false)}>
              No
            </button>
          </span>
        ) : (
          <button type="button" className="danger" aria-label={`Delete ${rule.name}`} onClick={() => setConfirm(true)}>
            Delete
          </button>
        )}
        <ActionStatusText status={action.status} testId="rule-action-status" />
      </div>
    </li>
  );
}

/** The Rules tab. */
export function RulesPanel() {
  const { rules, loaded } = useRulesData();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  return (
    <div className="panel-body rules-panel" data-testid="rules-panel">
      <div className="panel-toolbar">
        <h2>Rules</h2>
        <button type="button" className="primary" onClick={() => setEditing('new')} disabled={editing !== null}>
          New rule
        </button>
      </div>
      {editing && (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {loaded && rules.length === 0 && !editing && (
        <p className="muted">
          No rules yet. A rule watches the objects a filter matches and raises an alert when its trigger fires.
        </p>
      )}
      <ul className="rule-list">
        {rules.map((r) => (
          <RuleRow key={r.id} rule={r} onEdit={() => setEditing(r)} />
        ))}
      </ul>
      <GeofenceSection />
    </div>
  );
}
