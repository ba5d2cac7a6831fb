// JSON.parse keeps the last of two equal keys without a word; another parser on the same
// path may keep the first. A body that repeats a key means two things at once, so the kit
// refuses it instead of guessing (`{"amount":"100.00","amount":"1000000.00"}`).

interface Frame {
  /** The keys seen so far in this object; null for an array. */
  keys: Set<string> | null;
  path: string;
  lastKey: string;
}

/**
 * The path of the first key an object of `text` repeats (`amount`, `items[].id`), or null.
 * Keys are compared decoded, so `"a"` and `"\u0061"` are the same key. `text` is JSON that
 * JSON.parse already accepted; this only walks it.
 */
export function repeatedKey(text: string): string | null {
  const stack: Frame[] = [];
  let expectKey = false;
  const childPath = () => {
    const top = stack.at(-1);
    if (!top) return '';
    if (!top.keys) return `${top.path}[]`;
    return top.path ? `${top.path}.${top.lastKey}` : top.lastKey;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.lastKey = key;
        expectKey = false;
      }
      i = j;
    } else if (c === '{') {
      stack.push({ keys: new Set(), path: childPath(), lastKey: '' });
      expectKey = true;
    } else if (c === '[') {
      stack.push({ keys: null, path: childPath(), lastKey: '' });
      expectKey = false;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = Boolean(stack.at(-1)?.keys);
    }
  }
  return null;
}
