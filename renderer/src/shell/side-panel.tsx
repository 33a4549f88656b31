// The side panel: tabs (keys 1–6), the open tab's view, and the keyboard shortcuts help.
import { ErrorBoundary } from '../app/error-boundary.js';
import { useShell, useShellActions } from '../app/shell-context.js';
import type { Tab } from '../app/shell-store.js';
import { AlertsPanel } from '../features/alerts/alerts-panel.js';
import { useAlerts } from '../features/alerts/use-alerts.js';
import { ObjectDetail } from '../features/object-detail/object-detail.js';
import { ObjectList } from '../features/object-list/object-list.js';
import { OfflinePanel } from '../features/offline/offline-panel.js';
import { RulesPanel } from '../features/rules/rules-panel.js';
import { SourcesPanel } from '../features/sources/sources-panel.js';
import { SHORTCUTS } from './use-shortcuts.js';

const TABS: { id: Tab; label: string }[] = [
  { id: 'objects', label: 'Objects' },
  { id: 'detail', label: 'Detail' },
  { id: 'sources', label: 'Sources' },
  { id: 'offline', label: 'Maps & files' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'rules', label: 'Rules' },
];

function TabBar() {
  const tab = useShell((s) => s.tab);
  const { showTab, toggleHelp } = useShellActions();
  const { unacknowledged } = useAlerts();
  return (
    <nav className="tabs" role="tablist">
      {TABS.map((t, i) => (
        <button
          key={t.id}
          role="tab"
          type="button"
          aria-selected={tab === t.id}
          className={tab === t.id ? 'active' : undefined}
          data-testid={`tab-${t.id}`}
          onClick={() => showTab(t.id)}
          title={`${t.label} (${i + 1})`}
        >
          {t.label}
          {t.id === 'alerts' && unacknowledged > 0 && (
            <span className="alert-count" aria-label={`${unacknowledged} unacknowledged`}>
              {unacknowledged}
            </span>
          )}
        </button>
      ))}
      <button type="button" className="link-button help-button" onClick={toggleHelp} title="Keyboard shortcuts (?)">
        ?
      </button>
    </nav>
  );
}

function DetailTab() {
  const selectedId = useShell((s) => s.selectedId);
  if (!selectedId) return <div className="panel-body muted">Select an object on the map or in the list.</div>;
  return <ObjectDetail key={selectedId} id={selectedId} />;
}

function HelpDialog() {
  const { closeHelp } = useShellActions();
  return (
    <div className="help" role="dialog" aria-label="Keyboard shortcuts">
      <h3>Keyboard shortcuts</h3>
      <dl>
        {SHORTCUTS.map((s) => (
          <div key={s.key}>
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.label}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={closeHelp}>
        Close
      </button>
    </div>
  );
}

/** The right part of the workspace. */
export function SidePanel() {
  const tab = useShell((s) => s.tab);
  const showHelp = useShell((s) => s.showHelp);
  return (
    <aside className="side-panel">
      <TabBar />
      <ErrorBoundary name={tab}>
        {tab === 'objects' && <ObjectList />}
        {tab === 'detail' && <DetailTab />}
        {tab === 'sources' && <SourcesPanel />}
        {tab === 'offline' && <OfflinePanel />}
        {tab === 'alerts' && <AlertsPanel />}
        {tab === 'rules' && <RulesPanel />}
      </ErrorBoundary>
      {showHelp && <HelpDialog />}
    </aside>
  );
}
