/**
 * Heading words are matched whole and accent-folded, aware of Pre-/Post- prefixes, in five
 * languages: the causes of sections lost or misplaced in real plans.
 */
import { describe, expect, it } from 'vitest';
import { classifyTitle, isLaunchTitle } from '../../src/plan/markdown/classify.ts';
import { findThreshold } from '../../src/plan/markdown/thresholds.ts';

describe('heading keywords', () => {
  it('should never find a keyword inside a word', () => {
    expect(classifyTitle('Preparación del entorno').role).toBe('work');
    expect(classifyTitle('Configuración de la red').role).toBe('work');
    expect(classifyTitle('Matriz RACI').role).toBe('roles');
    expect(classifyTitle('6.2 Déploiement progressif').role).toBe('work');
    expect(classifyTitle('Plan de Continuité (Rollback)').role).toBe('rollback');
  });

  it('should tell the go-live from what comes before or after it, and from its checklist', () => {
    for (const title of [
      'Pre-Go-Live',
      'Pré-production',
      'Avant la mise en production',
      'Pós-Go-Live',
      'Nach dem Go-Live',
      'Antes del corte',
      'Launch checklist',
      'Check-list de lancement',
    ])
      expect(isLaunchTitle(title), title).toBe(false);
    for (const title of [
      'Go-Live',
      'Mise en production',
      'Lanzamiento a producción',
      'Ejecución del corte',
      'Produktivsetzung',
      'Cutover weekend (T-0)',
    ])
      expect(isLaunchTitle(title), title).toBe(true);
  });

  it('should say which words chose a role', () => {
    expect(classifyTitle('📅 Calendrier des Étapes')).toMatchObject({
      role: 'calendar',
      match: { matched: 'calendrier' },
    });
    expect(classifyTitle('Go-Live-Freigabe')).toMatchObject({ role: 'gate', match: { matched: 'freigabe' } });
  });
});

describe('thresholds', () => {
  it('should read comparators as signs or words, trailing text aside, alert conditions as their healthy side', () => {
    expect(findThreshold('Tiempo de respuesta ≤ 2 segundos (p95)')).toMatchObject({
      metric: 'Tiempo de respuesta',
      comparison: '<=',
      threshold: 2,
      unit: 's',
    });
    expect(findThreshold("- [ ] Taux d'erreur < 0.1%")).toMatchObject({
      metric: "Taux d'erreur",
      comparison: '<',
      threshold: 0.1,
      unit: '%',
    });
    expect(findThreshold('CPU alerts if >80%')).toMatchObject({
      metric: 'CPU',
      comparison: '<=',
      threshold: 80,
    });
    expect(findThreshold('Latenz unter 300 ms')).toMatchObject({
      metric: 'Latenz',
      comparison: '<',
      threshold: 300,
      unit: 'ms',
    });
    expect(findThreshold('Error rate > 5% for 5 min')).toMatchObject({
      comparison: '>',
      sustained: { unit: 'minute', min: 5 },
    });
    expect(findThreshold('Throughput: 1000 req/sec')).toBeNull();
  });
});
