/** Objects are independent, so work on many of them runs a few at a time. */
const CONCURRENCY = 6;

/** Runs `work` over `items`, at most CONCURRENCY at once. */
export async function inPool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
