/**
 * Exponential reconnect delay with jitter, bounded by `max_ms` (jitter included).
 */
import type { BackoffSettings } from './connection-info.js';

/**
 * Delay before reconnect attempt `attempt` (0-based):
 * min(max_ms, initial_ms * factor^attempt), spread by ± jitter, never above max_ms.
 */
export function computeBackoff(settings: BackoffSettings, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(settings.max_ms, settings.initial_ms * settings.factor ** Math.max(0, attempt));
  const spread = base * settings.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(settings.max_ms, Math.round(base + spread)));
}
