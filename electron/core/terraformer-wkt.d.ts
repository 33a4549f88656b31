// Types for @terraformer/wkt, which ships none; only what core/geometry.ts uses.
declare module '@terraformer/wkt' {
  export function wktToGeoJSON(wkt: string): Record<string, unknown>;
  export function geojsonToWKT(geometry: Record<string, unknown>): string;
}
