/**
 * Renders a list into a container by key: an item whose data (and the view's context) did not
 * change keeps its element; a changed item gets a newly built element in place of the old one, so
 * every element in the page is one complete rendering of one state.
 */
export class KeyedRows<T, C = null> {
  private rendered = new Map<string, { signature: string; element: HTMLElement }>();

  constructor(
    private readonly container: HTMLElement,
    private readonly keyOf: (item: T) => string,
    private readonly build: (item: T, context: C) => HTMLElement,
  ) {}

  render(items: readonly T[], context: C): void {
    const next = new Map<string, { signature: string; element: HTMLElement }>();
    for (const item of items) {
      const key = this.keyOf(item);
      const signature = JSON.stringify([item, context]);
      const previous = this.rendered.get(key);
      next.set(key, previous && previous.signature === signature ? previous : { signature, element: this.build(item, context) });
    }
    for (const [key, { element }] of this.rendered) {
      if (next.get(key)?.element !== element) element.remove();
    }
    let index = 0;
    for (const { element } of next.values()) {
      const current = this.container.children[index] ?? null;
      if (current !== element) this.container.insertBefore(element, current);
      index += 1;
    }
    this.rendered = next;
  }
}
