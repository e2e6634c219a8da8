/** A large synthetic plan in the style of the examples, for benchmarks. */

/** Markdown of `phases` phases × `steps` steps × `items` task items (nested every third). */
export function generatePlanMarkdown(phases: number, steps: number, items: number): string {
  const lines = ['# 🚀 Plan de Déploiement Généré', ''];
  for (let phase = 1; phase <= phases; phase += 1) {
    lines.push(
      `## 🎯 Phase ${phase} : Livraison du lot ${phase} (Semaines ${phase * 2 - 1}-${phase * 2})`,
      '',
    );
    for (let step = 1; step <= steps; step += 1) {
      lines.push(`### ${phase}.${step} **Étape ${step} du lot ${phase}**`, '');
      for (let item = 1; item <= items; item += 1) {
        const indent = item % 3 === 0 ? '  ' : '';
        lines.push(
          `${indent}- [${item % 4 === 0 ? 'x' : ' '}] **Tâche ${phase}.${step}.${item}** : Vérification du service n°${item} (tests de charge, déploiement)`,
        );
      }
      lines.push('', '```bash', `# déploiement de l'étape ${step}`, './deploy.sh production', '```', '');
    }
  }
  return lines.join('\n');
}
