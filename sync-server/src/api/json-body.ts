// What a request's JSON must satisfy before any handler sees it, beyond being JSON: no NUL characters
// (Postgres cannot store them in text), no lone UTF-16 surrogates (they would be stored as U+FFFD, not
// as sent), and nesting no deeper than our bodies ever need. Checked iteratively, so a body nested a
// million levels deep costs a loop, not the stack.

export const MAX_JSON_DEPTH = 32;

/** Why `value` cannot be accepted, phrased as what to fix; null when it is fine. */
export function jsonValueProblem(value: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return problem;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep: send a flatter body.`;
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
    } else {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) return problem;
        stack.push({ value: item, depth: depth + 1 });
      }
    }
  }
  return null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The same check for one piece of text (a URL parameter, a query value, a JSON string or key). */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'Text must not contain the NUL character (\\u0000): remove it and send again.';
  if (LONE_SURROGATE.test(text)) return 'Text contains a lone UTF-16 surrogate (half of an emoji or similar): send well-formed Unicode.';
  return null;
}
