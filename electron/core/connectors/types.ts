/**
 * The connector runtime's interface: one connector per active data source, kept in step with the
 * stored sources, each reporting a live status.
 */
import type { DataSource, SourceStatus } from '../../contract/domain.js';

export interface ConnectorRuntime {
  /**
   * Brings the running connector of one source in line with its stored state: starts it when the
   * source is active and has something to run, restarts it when its connection info changed, stops
   * it when it is inactive or deleted (`source` undefined).
   */
  sync(sourceId: string, source: DataSource | undefined): Promise<void>;
  /** Status of every known source, or of one. */
  status(sourceId?: string): SourceStatus[];
  /** Listens to status changes; returns an unsubscribe function. */
  onStatus(listener: (status: SourceStatus) => void): () => void;
  /** Counts one publisher connection the hub refused for a quota in the source's status (`refused_connections`). */
  noteRefusedConnection(sourceId: string): void;
  /** Sets the number of publishers connected to the hub for a source (`publishers` in its status). */
  setPublishers(sourceId: string, count: number): void;
  /** Starts connectors for every active source (at launch). */
  start(): Promise<void>;
  /** Stops every connector, aborting sockets, timers and requests. */
  stop(): Promise<void>;
}
