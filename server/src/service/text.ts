/** "a", "a and b", "a, b and c": lists in messages read as sentences. */
export function joinList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
