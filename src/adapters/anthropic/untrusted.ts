/**
 * Wraps untrusted text (email content) in tags the model is told to treat as data. Any tag-like
 * sequence inside is defused so the content cannot close the block and speak as us.
 */
export function untrusted(text: string, tag: string): string {
  const defused = text.replace(/<\s*\/?\s*([a-z_]+)[^>]*>/gi, (m) =>
    m.replace(/</g, "‹").replace(/>/g, "›"),
  );
  return `<${tag}>\n${defused}\n</${tag}>`;
}
