/** A child of `h`: text, an element, or nothing (skipped). */
export type Child = Node | string | null | undefined | false;

export interface ElementProps {
  class?: string;
  data?: Record<string, string>;
  attrs?: Record<string, string>;
  onClick?: (event: Event) => void;
  onSubmit?: (event: Event) => void;
}

/** Creates an element with classes, data attributes, attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.data ?? {})) element.dataset[name] = value;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  if (props.onClick) element.addEventListener('click', props.onClick);
  if (props.onSubmit) element.addEventListener('submit', props.onSubmit);
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

/** A badge: `tone` is an API Tone (NEUTRAL, INFO, SUCCESS, WARNING, DANGER). */
export function pill(label: string, tone: string, className = ''): HTMLSpanElement {
  return h('span', { class: `pill ${tone.toLowerCase()} ${className}`.trim() }, label);
}

export function time(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

/** Replaces the options of a select when they changed, keeping the selected value when it still exists. */
export function setOptions(select: HTMLSelectElement, options: readonly { value: string; label: string }[]): void {
  const current = [...select.options];
  if (current.length === options.length && current.every((option, index) => option.value === options[index]!.value && option.text === options[index]!.label))
    return;
  const selected = select.value;
  select.replaceChildren(...options.map((option) => new Option(option.label, option.value)));
  if (options.some((option) => option.value === selected)) select.value = selected;
}
