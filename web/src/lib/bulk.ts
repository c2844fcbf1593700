/** Runs `task` over items, at most `limit` at a time; every item gets its own outcome. */
export async function inPool<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<({ item: T; ok: true; value: R } | { item: T; ok: false; error: unknown })[]> {
  const out: ({ item: T; ok: true; value: R } | { item: T; ok: false; error: unknown })[] = [];
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        out.push({ item, ok: true, value: await task(item) });
      } catch (error) {
        out.push({ item, ok: false, error });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
