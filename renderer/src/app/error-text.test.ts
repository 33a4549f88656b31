import { describe, expect, it } from 'vitest';
import { RpcError } from '../api/client.js';
import { errorMessage, filterReason, filterRefusalOf, filterRefusalSentence } from './error-text.js';

// Sentences as the core's parser writes them (electron/filter/scan.ts, docs/filter.md).
const refusal = (message: string, position: number, token: string) =>
  new RpcError({ code: 'INVALID_INPUT', message, details: { field: 'text', position, token, message } });

describe('filterReason', () => {
  it("drops the core's 0-based position and excerpt", () => {
    expect(filterReason("Unexpected '>' at position 6 in 'speed>>3'.")).toBe("Unexpected '>'");
    expect(filterReason("Unknown object type 'nod' (use node, way or relation) at position 5 in 'type:nod'.")).toBe(
      "Unknown object type 'nod' (use node, way or relation)",
    );
  });
  it("drops a rule field's prefix too, and keeps a sentence of another shape as it is", () => {
    expect(filterReason("Field 'filter' is not a valid filter: Unexpected '>' at position 6 in 'speed>>1'.")).toBe(
      "Unexpected '>'",
    );
    expect(filterReason('Something else.')).toBe('Something else.');
  });
});

describe('filterRefusalOf', () => {
  it('reads the reason, the position and the token of a refused filter', () => {
    expect(filterRefusalOf(refusal("Unexpected '>' at position 6 in 'speed>>3'.", 6, '>'))).toEqual({
      reason: "Unexpected '>'",
      position: 6,
      token: '>',
    });
  });
  it('is null for anything else', () => {
    expect(
      filterRefusalOf(new RpcError({ code: 'INVALID_INPUT', message: 'x', details: { field: 'name' } })),
    ).toBeNull();
    expect(filterRefusalOf(new RpcError({ code: 'UNAVAILABLE', message: 'x', details: { position: 1 } }))).toBeNull();
    expect(filterRefusalOf(new Error('x'))).toBeNull();
  });
});

describe('filterRefusalSentence', () => {
  it('counts the column from 1', () => {
    expect(filterRefusalSentence({ reason: "Unexpected '>'", position: 6, token: '>' })).toBe(
      "Unexpected '>' at column 7.",
    );
    expect(filterRefusalSentence({ reason: "Unexpected '>'", position: 0, token: '>' })).toBe(
      "Unexpected '>' at column 1.",
    );
  });
});

describe('errorMessage', () => {
  it('says a filter refusal with its 1-based column', () => {
    expect(errorMessage(refusal("Unexpected '>' at position 6 in 'speed>>3'.", 6, '>'))).toBe(
      "Unexpected '>' at column 7.",
    );
  });
  it("keeps main's sentence for other refusals", () => {
    expect(errorMessage(new RpcError({ code: 'NOT_FOUND', message: "Source 'x' does not exist." }))).toBe(
      "Source 'x' does not exist.",
    );
  });
  it('never shows a method name for faults', () => {
    const internal = new RpcError({
      code: 'INTERNAL',
      message: "Method 'objects.list' failed unexpectedly; the details are in the local log.",
    });
    expect(errorMessage(internal)).not.toContain('objects.list');
    expect(
      errorMessage(new RpcError({ code: 'METHOD_NOT_FOUND', message: "Unknown method 'live.subscribe'." })),
    ).not.toContain('live.subscribe');
  });
  it('keeps only the first line of an error', () => {
    expect(errorMessage(new Error('Broken.\n    at f (x.js:1:2)'))).toBe('Broken.');
  });
});
