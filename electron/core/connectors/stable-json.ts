/**
 * JSON text with object keys sorted, built with an explicit stack instead of recursion, so equal
 * settings compare equal whatever their key order and no nesting depth can overflow the call stack.
 */

type Step = { text: string } | { value: unknown };

/**
 * `value` as JSON with every object's keys sorted. Like JSON.stringify, except that `undefined`
 * members are written as `null` and nothing is skipped; meant for comparing plain JSON data.
 */
export function stableJson(value: unknown): string {
  const out: string[] = [];
  const stack: Step[] = [{ value }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('text' in step) {
      out.push(step.text);
      continue;
    }
    const v = step.value;
    if (Array.isArray(v)) {
      // Pushed in reverse, so the items come off the stack in order.
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i -= 1) {
        stack.push({ value: v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
    } else if (v !== null && typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      stack.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i]!;
        stack.push({ value: obj[key] });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      stack.push({ text: '{' });
    } else {
      out.push(JSON.stringify(v) ?? 'null');
    }
  }
  return out.join('');
}
