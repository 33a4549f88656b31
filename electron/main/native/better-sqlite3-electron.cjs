// Stands in for `better-sqlite3` inside the Electron bundles (scripts/build.mjs aliases it): the
// same class, but opened with the Electron-ABI binding named by TRACKER_SQLITE_BINDING, so the
// Node build in node_modules stays usable for tests and headless mode.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS stand-in for a CommonJS package
const Real = require('better-sqlite3');

function Database(filename, options) {
  const binding = process.env.TRACKER_SQLITE_BINDING;
  const opts = binding && !(options && options.nativeBinding) ? { ...options, nativeBinding: binding } : options;
  return new Real(filename, opts);
}
Database.prototype = Real.prototype;
Object.setPrototypeOf(Database, Real);
Database.SqliteError = Real.SqliteError;

module.exports = Database;
