/**
 * Shapes of single lines that say what a section is not: a contact ("DevOps: ____", an e-mail,
 * a phone), a count ("Phase 1 : Tests (0/15)", a summary of the plan), a legend entry
 * ("✅ = done"), a link. evidence.ts counts them; a section made of them is not work.
 */
import type { ListItem } from 'mdast';
import { plainText } from './parse.ts';
import { markStatus } from './status.ts';

const CONTACT =
  /^[^:]{1,40}:\s*(_{2,}|@[\w.-]+|tbd|à définir|por definir|a definir|da definire|n\.?n\.?)|[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d .()-]{7,}\d/iu;
const COUNT = /\(?\b\d+\s*\/\s*\d+\b\)?\s*$|\b\d{1,3}\s*%\s*\)?\s*$/u;
const LEGEND_ENTRY = /^\s*\S{1,4}\s*(=|:|→|–|—|-)\s*\S+(\s+\S+){0,3}\s*$/u;

/** Addresses, versions and dates look like phone numbers to the pattern above: they are not contacts. */
const NOT_PHONE =
  /\b\d{1,3}(?:\.\d{1,3}){3}\b|\bv?\d+\.\d+\.\d+\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/u;

/** A contact: "Label: ____", "Label: @handle", an e-mail address or a phone number. */
export const isContact = (text: string): boolean => CONTACT.test(text) && !NOT_PHONE.test(text);

/** An entry ending in a count or a share, without a comparator: a summary line, not work. */
export const isCount = (text: string): boolean => COUNT.test(text) && !/[<>≤≥=]/u.test(text);

/** A mark explained: "✅ = done", "🔄 : in progress". */
export const isLegendEntry = (text: string): boolean => markStatus(text) !== null && LEGEND_ENTRY.test(text);

/** Where an item's first link points, or null. */
export function linkTarget(item: ListItem): string | null {
  const paragraph = item.children.find((child) => child.type === 'paragraph');
  const link = paragraph?.children.find((child) => child.type === 'link');
  return link && link.type === 'link' ? link.url : null;
}

/** Share of an item's own text that is link text or a bare URL. */
export function linkShare(item: ListItem): number {
  const paragraph = item.children.find((child) => child.type === 'paragraph');
  if (!paragraph) return 0;
  const all = plainText(paragraph).replace(/\s+/g, '').length;
  const linked = paragraph.children
    .filter((child) => child.type === 'link')
    .map((child) => plainText(child).replace(/\s+/g, '').length)
    .reduce((a, b) => a + b, 0);
  return all === 0 ? 0 : linked / all;
}
