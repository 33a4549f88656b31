// Types for osmtogeojson (the package ships none): converts OSM XML DOM or Overpass JSON to GeoJSON.
declare module 'osmtogeojson' {
  interface OsmToGeoJsonOptions {
    flatProperties?: boolean;
    uninterestingTags?:
      Record<string, boolean> | ((tags: Record<string, string>, ignore: Record<string, string>) => boolean);
    polygonFeatures?: Record<string, unknown> | ((tags: Record<string, string>) => boolean);
  }
  function osmtogeojson(
    data: Document | { elements: unknown[] },
    options?: OsmToGeoJsonOptions,
  ): {
    type: 'FeatureCollection';
    features: Array<{ type: 'Feature'; id?: string; properties?: unknown; geometry: unknown }>;
  };
  export = osmtogeojson;
}
