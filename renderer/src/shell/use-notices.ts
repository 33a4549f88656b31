// The notification list: add one (a repeated message moves to the top instead of stacking), dismiss one.
import { useCallback, useRef, useState } from 'react';
import type { Notice } from '../features/status-bar/notifications.js';
import type { NoticeLevel } from '../app/app-context.js';

export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const next = useRef(1);
  const notify = useCallback((level: NoticeLevel, message: string) => {
    setNotices((list) => [...list.filter((n) => n.message !== message), { id: next.current++, level, message }]);
  }, []);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  return { notices, notify, dismiss };
}
