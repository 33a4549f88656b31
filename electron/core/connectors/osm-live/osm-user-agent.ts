/**
 * The User-Agent the live OpenStreetMap sources send: the app's name, what it does, and the
 * analyst's contact when set, as the OSM API and Overpass usage policies ask (docs/connectors.md).
 */

/** The app's name as servers see it. */
export const OSM_USER_AGENT_NAME = 'OSM-Object-Tracker';

/** `OSM-Object-Tracker (live source overpass; contact: me@example.org)`. */
export function osmUserAgent(sourceType: string, contact?: string): string {
  const who = contact === undefined ? '' : `; contact: ${contact}`;
  return `${OSM_USER_AGENT_NAME} (live source ${sourceType}${who})`;
}
