/**
 * A value built on its first use and kept. Building a schema costs CPU where it is declared, and
 * what is declared at a module's top level is built while the Worker starts: a schema that only
 * some work needs (a model call, one object's methods) is built by the first such work instead.
 */
export function lazily<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}
