/**
 * A small seeded random source (mulberry32): the same seed always gives the same population and
 * the same persona behaviour, whatever order conversations run in.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(min: number, max: number): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/**
 * Mixes a seed with a stream index, so each creator draws from its own stream: FNV-1a over the
 * seed's bytes, then the stream's, then murmur3's finaliser. The seed's bytes go first and
 * separately, so two seeds give unrelated populations (mixing the seed into FNV's offset made
 * seed 2's creators a reshuffle of seed 1's).
 */
export function streamSeed(seed: number, stream: number): number {
  let h = 2166136261;
  for (const word of [seed >>> 0, stream >>> 0]) {
    for (const shift of [0, 8, 16, 24]) h = Math.imul(h ^ ((word >>> shift) & 0xff), 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function random(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let x = next() * total;
      for (const [key, w] of entries) {
        x -= w;
        if (x < 0) return key;
      }
      const last = entries.at(-1);
      if (!last) throw new Error("weighted pick from no weights");
      return last[0];
    },
  };
  return r;
}
