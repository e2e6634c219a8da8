/**
 * What a section is about, read from its heading in French or English. Titles are compared
 * accent-folded and without emoji, so "🆘 Plan de Continuité (Rollback)" and "Rollback plan"
 * land on the same role.
 */
import { fold, stripEmoji } from '../text.ts';

export type SectionRole =
  | 'rollback'
  | 'gate'
  | 'risks'
  | 'calendar'
  | 'durations'
  | 'objectives'
  | 'overview'
  | 'roles'
  | 'metrics'
  | 'conclusion'
  | 'annex'
  | 'deliverables'
  | 'protocol'
  | 'work';

const RULES: ReadonlyArray<[SectionRole, RegExp]> = [
  ['gate', /go\s*[/-]?\s*no[\s-]*go|feu vert|decision de (lancement|mise en production)|launch decision|go[\s-]*live decision/],
  ['rollback', /roll[\s-]*back|retour arriere|plan de (continuite|reprise|secours)|contingency|back[\s-]*out|fallback|plan de repli|revert/],
  ['risks', /risque|risk|mitigation/],
  ['calendar', /calendrier|calendar|timeline|echeancier|chronogramme|schedule|planning des etapes|gantt/],
  ['durations', /duree|duration|estimation|estimated time/],
  ['objectives', /objecti|goals?\b|buts?\b|purpose/],
  ['overview', /vue d.ensemble|overview|introduction|contexte|context|resume|summary|a propos|about/],
  ['roles', /roles?\b|responsabilit|raci|owners?\b|equipe projet|team\b/],
  ['metrics', /metriques de succes|success metrics|kpis?\b|indicateurs|mesures de succes|criteres de succes/],
  ['conclusion', /conclusion/],
  ['annex', /annexes?|appendix|appendices|references?\b|glossaire|glossary/],
  ['deliverables', /livrables?|deliverables?|outputs?\b/],
  ['protocol', /protocole|jour j|launch day|d[\s-]*day|runbook|cutover|bascule|deroulement du lancement/],
];

/** The role of a section from its title; 'work' when nothing special is recognised. */
export function roleOfTitle(title: string): SectionRole {
  const folded = fold(stripEmoji(title));
  for (const [role, pattern] of RULES) if (pattern.test(folded)) return role;
  return 'work';
}

/** Titles that describe monitoring, whose `metric: <threshold>` lines are alert rules. */
export function isMonitoringTitle(title: string): boolean {
  return /monitor|surveillance|seuils?|thresholds?|alert|observabilit|sla\b|slo\b|metriques? systeme|system metrics|health/.test(
    fold(stripEmoji(title)),
  );
}

/** Titles that name the go-live: the phase a go/no-go naturally stands before. */
export function isLaunchTitle(title: string): boolean {
  return /lancement|launch|go[\s-]*live|\bproduction\b|jour j|ouverture|release/.test(
    fold(stripEmoji(title)),
  );
}

/** Continuous phases never finish: maintenance, run, evolution… */
export function isContinuousTitle(title: string): boolean {
  return /\bcontinue?\b|continuous|ongoing|en continu|maintenance|\brun\b|operations?\b|evolution continue/.test(
    fold(stripEmoji(title)),
  );
}
