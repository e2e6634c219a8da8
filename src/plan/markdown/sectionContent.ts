/** Every node of a section and its sub-sections, asked for many times in one read: computed once per section. */
import type { RootContent } from 'mdast';
import type { Section } from './parse.ts';

const contents = new WeakMap<Section, RootContent[]>();

/** Every node of a section and its sub-sections, in document order. */
export function allContent(section: Section): RootContent[] {
  const known = contents.get(section);
  if (known) return known;
  const nodes = [...section.content, ...section.children.flatMap(allContent)];
  contents.set(section, nodes);
  return nodes;
}
