// Dismissable notifications (errors from main, failed calls); newest on top, at most five shown.
export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export function Notifications({ notices, onDismiss }: { notices: Notice[]; onDismiss(id: number): void }) {
  if (notices.length === 0) return null;
  return (
    <div className="notifications" aria-live="polite">
      {notices
        .slice(-5)
        .reverse()
        .map((n) => (
          <div
            key={n.id}
            className={`notice notice-${n.level}`}
            role={n.level === 'error' ? 'alert' : 'status'}
            data-testid="notice"
          >
            <span>{n.message}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
              ✕
            </button>
          </div>
        ))}
    </div>
  );
}
