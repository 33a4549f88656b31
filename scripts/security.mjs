#!/usr/bin/env node
// `npm run security`: runs Electronegativity over the app's sources (electron/, renderer/,
// package.json, staged without node_modules) and fails on any finding not justified in
// scripts/security-allowlist.json (each justification is explained in docs/security.md).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronVersion } from './lib/electron.mjs';
import { ROOT, fail } from './lib/paths.mjs';

/**
 * Runs the scan; returns `{ findings, unexplained, justified }`. `extraFiles` (path → text) are
 * added to the staged copy, which lets the test prove a bad setting is caught.
 */
export function runSecurityScan({ extraFiles = {} } = {}) {
  const stage = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
  try {
    const skip = (src) => !/\.test\.tsx?$/.test(src) && !src.includes(`${path.sep}node_modules`);
    cpSync(path.join(ROOT, 'electron'), path.join(stage, 'electron'), { recursive: true, filter: skip });
    cpSync(path.join(ROOT, 'renderer'), path.join(stage, 'renderer'), { recursive: true, filter: skip });
    cpSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
    for (const [file, text] of Object.entries(extraFiles)) writeFileSync(path.join(stage, file), text);
    const out = path.join(stage, 'result.sarif');
    const cli = path.join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
    const r = spawnSync(process.execPath, [cli, '-i', stage, '-r', '-v', 'false', '-e', electronVersion(), '-o', out], {
      encoding: 'utf8',
    });
    let sarif;
    try {
      sarif = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(
        `Electronegativity wrote no report (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').pop()}`,
      );
    }
    const findings = sarif.runs[0].results.map((f) => ({
      check: f.ruleId,
      file: f.locations[0].physicalLocation.artifactLocation.uri.replace(/^file:\/\/\/?$/, 'N/A'),
      line: f.locations[0].physicalLocation.region.startLine,
      message: f.message.text,
    }));
    const allow = JSON.parse(readFileSync(path.join(ROOT, 'scripts', 'security-allowlist.json'), 'utf8'));
    const reasonFor = (f) => allow.find((a) => a.check === f.check && (a.file === '*' || a.file === f.file))?.reason;
    return {
      findings,
      justified: findings.filter(reasonFor).map((f) => ({ ...f, reason: reasonFor(f) })),
      unexplained: findings.filter((f) => !reasonFor(f)),
    };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const { findings, justified, unexplained } = runSecurityScan();
    for (const f of justified) process.stdout.write(`justified  ${f.check} ${f.file}:${f.line} — ${f.reason}\n`);
    for (const f of unexplained) process.stdout.write(`UNEXPLAINED ${f.check} ${f.file}:${f.line} — ${f.message}\n`);
    process.stdout.write(`${findings.length} findings, ${unexplained.length} unexplained.\n`);
    if (unexplained.length > 0)
      fail(
        'Electronegativity reported findings that are neither fixed nor justified in scripts/security-allowlist.json (see docs/security.md).',
      );
  } catch (error) {
    fail(error.message);
  }
}
