/**
 * Heading words are matched whole and accent-folded, aware of Pre-/Post- prefixes, in seven
 * languages: the causes of sections lost or misplaced in real plans.
 */
import { describe, expect, it } from 'vitest';
import { isLaunchTitle } from '../../src/plan/markdown/classify.ts';
import { titleWordsOf } from '../../src/plan/markdown/roleWords.ts';
import { findThreshold, findThresholds } from '../../src/plan/markdown/thresholds.ts';

describe('heading keywords', () => {
  it('should never find a keyword inside a word', () => {
    expect(titleWordsOf('Preparación del entorno')).not.toHaveProperty('roles');
    expect(titleWordsOf('Configuración de la red')).not.toHaveProperty('roles');
    expect(titleWordsOf('Matriz RACI')).toMatchObject({ roles: 'raci' });
    expect(titleWordsOf('6.2 Déploiement progressif')).not.toHaveProperty('progress');
    expect(titleWordsOf('Plan de Continuité (Rollback)')).toMatchObject({ rollback: 'plan de continuite' });
    expect(titleWordsOf('Piano di ripristino')).toMatchObject({ rollback: 'piano di ripristino' });
    expect(titleWordsOf('Terugvalplan')).toMatchObject({ rollback: 'terugvalplan' });
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
    expect(titleWordsOf('📅 Calendrier des Étapes')).toMatchObject({ calendar: 'calendrier' });
    expect(titleWordsOf('Go-Live-Freigabe')).toMatchObject({ gate: 'go live freigabe' });
    expect(titleWordsOf('✍️ Approvazioni finali')).toMatchObject({ signoff: 'approvazioni' });
  });
});

describe('thresholds', () => {
  /** A threshold as [metric, comparison, number], or null. */
  const read = (text: string) => {
    const found = findThreshold(text);
    return found && [found.metric, found.comparison, found.threshold];
  };

  it('should read a negated comparator as its bound, in every language, not as its opposite', () => {
    expect(read('Latency not more than 2s')).toEqual(['Latency', '<=', 2]);
    expect(read('Website-Ladezeit nicht mehr als 1.5 Sekunden')).toEqual(['Website-Ladezeit', '<=', 1.5]);
    expect(read('Temps de réponse pas plus de 2 secondes')).toEqual(['Temps de réponse', '<=', 2]);
    expect(read('Tiempo de respuesta no más de 2 segundos')).toEqual(['Tiempo de respuesta', '<=', 2]);
    expect(read('Disponibilidade não menos de 99%')).toEqual(['Disponibilidade', '>=', 99]);
    expect(read('Error rate more than 2%')).toEqual(['Error rate', '>', 2]);
  });

  it('should read abbreviated bounds with their period: "mind. 80 %", "max. 300 ms", "mín. 95%"', () => {
    expect(read('Testabdeckung mind. 80%')).toEqual(['Testabdeckung', '>=', 80]);
    expect(read('Antwortzeit max. 300 ms')).toEqual(['Antwortzeit', '<=', 300]);
    expect(read('Tiempo de respuesta máx. 2 s')).toEqual(['Tiempo de respuesta', '<=', 2]);
    expect(read('Run the 3 min. smoke tests')).toBeNull();
  });

  it('should read comparators as signs or words, trailing text aside, and keep an alert condition as written', () => {
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
      comparison: '>',
      threshold: 80,
      hint: 'alert',
    });
    expect(findThreshold('Target: p95 latency < 300 ms')).toMatchObject({
      metric: 'p95 latency',
      hint: 'healthy',
    });
    expect(findThreshold('Latenza sotto 300 ms')).toMatchObject({ metric: 'Latenza', comparison: '<' });
    expect(findThreshold('Foutpercentage boven 2%')).toMatchObject({
      metric: 'Foutpercentage',
      comparison: '>',
    });
    expect(findThreshold('Chargement dégradé (> 8s par page)')).toMatchObject({
      metric: 'Chargement dégradé',
    });
    expect(findThresholds('CPU < 70%, Memory < 80%').map((found) => found.metric)).toEqual(['CPU', 'Memory']);
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
