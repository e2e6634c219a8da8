/**
 * Heading words of each section role, in English, French, Spanish, Portuguese, German, Italian
 * and Dutch, matched whole and accent-folded (keywords.ts). A heading's words are one kind of
 * evidence among several (evidence.ts): every list that matches counts, none decides alone.
 *
 * Word lists stand several words to a line (`// prettier-ignore`): one word a line, as Prettier
 * lays them out, made the file about twice as long for nothing to read.
 */
import { findKeyword, keywords, wordsOf, type Keywords } from './keywords.ts';
import { memoized } from '../text.ts';

/** Headings of what to do when something goes wrong, by symptom: a contingency protocol (rollback.ts reads one way per symptom). */
// prettier-ignore
export const WHEN_SOMETHING_GOES_WRONG = [
  'en cas de probleme', 'if something goes wrong', 'in case of problems', 'in case of issues', 'si algo sale mal',
  'en caso de problemas', 'se algo der errado', 'em caso de problemas', 'wenn etwas schiefgeht', 'im fehlerfall',
  'in caso di problemi', 'als er iets misgaat',
];

/** Headings that say how to use the plan: a legend, whatever they hold (roles.ts decides on them alone). */
// prettier-ignore
export const HOW_TO_USE_PHRASES = [
  'how to use', 'how to read', 'mode d emploi', 'comment utiliser', 'como usar', 'como utilizar', 'anleitung',
  'come usare', 'gebruiksaanwijzing', 'hoe te gebruiken',
];

/** The kinds of heading words; each is a feature `title.<kind>` of a section. */
export type TitleWord =
  | 'gate'
  | 'signoff'
  | 'rollback'
  | 'risks'
  | 'contents'
  | 'progress'
  | 'legend'
  | 'contacts'
  | 'links'
  | 'weekly'
  | 'calendar'
  | 'durations'
  | 'metrics'
  | 'monitoring'
  | 'objectives'
  | 'overview'
  | 'fields'
  | 'roles'
  | 'conclusion'
  | 'annex'
  | 'glossary'
  | 'template'
  | 'summary'
  | 'diagram'
  | 'deliverables'
  | 'protocol'
  | 'checklist'
  | 'tasks'
  | 'criteria'
  | 'verification'
  | 'communication'
  | 'final'
  | 'before'
  | 'after'
  | 'launch';

// prettier-ignore
export const TITLE_WORDS: Readonly<Record<TitleWord, Keywords>> = {
  gate: keywords(
    'go no go', 'go nogo', 'gonogo', 'go or no go', 'feu vert', 'decision de lancement',
    'decision de mise en production', 'launch decision', 'go live decision', 'release decision',
    'go decision', 'decision go', 'decisao go', 'decision de go', 'decisao de go', 'go live approval',
    'launch approval', 'freigabe*', 'checkpoint', 'point de controle', 'punto de control', 'ponto de controle',
    'decision point', 'decision gate', 'quality gate', 'readiness review', 'go live freigabe',
    'decisione go', 'punto di decisione', 'beslismoment', 'go no go besluit', 'besluit', 'decision finale',
    'point of no return', 'punto de no retorno', 'point de non retour', 'ponto sem retorno',
    'ponto de nao retorno', 'punto di non ritorno', 'punkt ohne wiederkehr',
    'final decision', 'decision', 'decisao', 'beslissing', 'decisione', 'verdict', 'veredicto', 'veredito', 'verdetto', 'entscheidung', 'decisao final',
  ),
  signoff: keywords(
    'sign off', 'signoff', 'sign offs', 'signatures', 'signature', 'approvals', 'approval', 'approbation*',
    'aprobacion*', 'aprovacao', 'aprovacoes', 'assinatura*', 'firmas', 'firma', 'unterschrift*',
    'genehmigung*', 'abnahme', 'visa', 'validation finale', 'approvazion*', 'approvazione', 'firme',
    'goedkeuring*', 'handtekening*', 'akkoord', 'stakeholder approval', 'approbateurs', 'approvers',
  ),
  rollback: keywords(
    'roll back', 'rollback*', 'retour arriere', 'plan de continuite', 'plan de reprise', 'plan de secours',
    'contingency', 'back out', 'backout', 'fallback', 'plan de repli', 'revert', 'reversion', 'reversao',
    'contingencia', 'ruckfall*', 'ruckabwicklung', 'zuruckrollen', 'ruckrollen', 'ruckrollung',
    'notfallplan', 'ripristino', 'piano di ripristino', 'terugval*', 'terugdraai*', 'terugrol*',
    'uitwijk*', 'noodplan', 'retour en arriere', 'marcha atras', 'volta atras', 'desfazer', 'contingence',
    'plan de contingence', 'abort protocol', 'abort procedure', 'abort plan', 'plan b', 'plan d urgence',
    'emergency plan', 'emergency procedure*', 'emergency rollback', 'plan de emergencia', 'plano de emergencia',
    'piano di emergenza', 'plan de reversa', 'reversa', 'vuelta atras', 'reverter', 'reversion',
    ...WHEN_SOMETHING_GOES_WRONG,
    'criterios de stop', 'stop criteria', 'abort criteria', 'kill criteria', 'kill switch', 'criteres d arret',
    'criterios de parada', 'criterios de detencion', 'abbruchkriteri*', 'criteri di arresto', 'stopcriteria',
  ),
  risks: keywords(
    'risque*', 'risk*', 'mitigation', 'riesgo*', 'mitigacion', 'risco*', 'mitigacao', 'risiko*', 'risiken',
    'rischi', 'rischio', 'mitigazione', 'risico*', 'mitigatie',
  ),
  contents: keywords(
    'table of contents', 'contents', 'toc', 'sommaire', 'table des matieres', 'indice', 'contenido',
    'sumario', 'inhalt', 'inhaltsverzeichnis', 'indice dei contenuti', 'sommario', 'inhoud',
    'inhoudsopgave',
  ),
  progress: keywords(
    'progress', 'progres', 'avancement', 'progreso', 'progresso', 'fortschritt*', 'etat d avancement',
    'status summary', 'resume d avancement', 'statusubersicht', 'estado del proyecto', 'estado actual',
    'avanzamento', 'stato di avanzamento', 'voortgang', 'current status', 'statut actuel', 'status atual',
  ),
  legend: keywords(
    'legend', 'legende', 'leyenda', 'legenda', 'key to symbols', 'instructions', 'instrucciones', 'instrucoes',
    'istruzioni', 'instructies', ...HOW_TO_USE_PHRASES,
  ),
  contacts: keywords(
    'contact*', 'contacto*', 'contato*', 'kontakt*', 'ansprechpartner*', 'annuaire', 'who to call',
    'a qui s adresser', 'contatti', 'referenti', 'escalation*', 'escalade', 'escalada', 'eskalation*',
    'escalation path', 'on call', 'astreinte', 'guardia', 'plantao', 'rufbereitschaft', 'bereitschaft',
    'reperibilita', 'piket', 'war room', 'emergency contacts',
  ),
  links: keywords(
    'links', 'liens', 'liens utiles', 'useful links', 'resources', 'ressources', 'recursos', 'ressourcen',
    'enlaces', 'references', 'referencias', 'referenzen', 'documentation links', 'notes', 'remarques',
    'notas', 'notizen', 'anmerkungen', 'observaciones', 'observacoes', 'link utili', 'risorse',
    'riferimenti', 'note', 'bronnen', 'referenties', 'opmerkingen', 'related documents', 'see also',
    'documents associes', 'documentos relacionados', 'weiterfuhrende*',
  ),
  weekly: keywords(
    'weekly', 'hebdomadaire*', 'semanal*', 'wochenplan', 'wochenziele', 'plan semaine par semaine',
    'week by week', 'settimanale', 'wekelijks*', 'week per week',
  ),
  calendar: keywords(
    'calendrier', 'calendar', 'timeline', 'echeancier', 'chronogramme', 'schedule', 'planning des etapes',
    'gantt', 'cronograma', 'calendario', 'zeitplan', 'zeitleiste', 'terminplan', 'meilensteine',
    'milestones', 'jalons', 'hitos', 'marcos', 'tempistica', 'cronoprogramma', 'tijdlijn', 'planning',
    'tijdschema', 'mijlpalen', 'pietre miliari', 'key dates', 'dates cles', 'fechas clave', 'datas chave',
  ),
  durations: keywords(
    'duree*', 'duration', 'estimation', 'estimated time', 'duracion', 'duracao', 'dauer', 'zeitaufwand',
    'tiempo estimado', 'tempo estimado', 'durata', 'stima', 'duur', 'doorlooptijd',
  ),
  metrics: keywords(
    'metriques de succes', 'success metrics', 'kpi', 'kpis', 'indicateurs', 'mesures de succes',
    'criteres de succes', 'success criteria', 'metricas de exito', 'indicadores', 'metricas de sucesso',
    'erfolgskennzahlen', 'kennzahlen', 'erfolgskriterien', 'criterios de exito', 'criterios de sucesso',
    'metriche di successo', 'criteri di successo', 'indicatori', 'succescriteria', 'kpi s',
    'business metrics', 'okr*', 'launch metrics', 'success measures',
  ),
  monitoring: keywords(
    'monitor*', 'surveillance', 'seuil*', 'threshold*', 'alert*', 'alarm*', 'observabilit*', 'observabilidad*',
    'osservabilita', 'beobachtbarkeit', 'sla', 'slo',
    'slos', 'metriques', 'metrics', 'metricas', 'metrique systeme', 'health', 'monitoreo', 'monitorizacion',
    'monitoramento', 'uberwachung', 'schwellenwert*', 'umbral*', 'umbrales', 'limiar*', 'limites',
    'supervision', 'metriken', 'performance targets', 'monitoraggio', 'soglie', 'soglia', 'metriche',
    'bewaking', 'drempel*', 'meetwaarden', 'hypercare', 'observability', 'dashboards', 'halt',
    'halt rules', 'stop rules', 'abort criteria', 'guardrails', 'garde fous', 'health checks', 'sli', 'slis',
  ),
  objectives: keywords(
    'objectif*', 'objective*', 'goal', 'goals', 'but', 'buts', 'purpose', 'objetivo*', 'ziel', 'ziele',
    'zielsetzung', 'metas', 'obiettiv*', 'scopo', 'doel', 'doelen', 'doelstelling*', 'scope', 'perimetre',
    'alcance', 'escopo', 'umfang', 'ambito', 'reikwijdte',
  ),
  overview: keywords(
    'vue d ensemble', 'overview', 'introduction', 'contexte', 'context', 'resume', 'summary', 'a propos',
    'about', 'resumen', 'contexto', 'visao geral', 'resumo', 'ubersicht', 'einleitung', 'hintergrund',
    'zusammenfassung', 'vision general', 'descripcion general', 'introduccion', 'introducao', 'panoramica',
    'introduzione', 'contesto', 'sintesi', 'overzicht', 'inleiding', 'achtergrond', 'samenvatting',
    'executive summary', 'synthese', 'background',
  ),
  fields: keywords(
    'information*', 'informations generales', 'infos', 'details', 'document info*', 'metadata',
    'metadonnees', 'informacion*', 'informacoes', 'informacao', 'dados gerais', 'datos generales',
    'allgemeine*', 'angaben', 'stammdaten', 'informazioni', 'dati generali', 'gegevens', 'algemene*',
    'project info*', 'release info*', 'launch info*', 'fiche', 'ficha', 'steckbrief', 'scheda', 'versie*',
    'version history', 'historique des versions', 'revision history', 'document control', 'change log',
    'changelog', 'historial', 'historico', 'anderungshistorie', 'cronologia', 'versiebeheer',
  ),
  roles: keywords(
    'roles', 'role', 'responsabilit*', 'responsibilit*', 'raci', 'owners', 'equipe projet', 'team',
    'rollen', 'verantwortlich*', 'zustandigkeit*', 'responsables', 'responsaveis', 'papeis',
    'equipo del proyecto', 'ruoli', 'responsabili', 'squadra', 'rollen en verantwoordelijkheden',
    'verantwoordelijkhed*', 'stakeholders', 'parties prenantes', 'partes interesadas', 'partes interessadas',
  ),
  conclusion: keywords(
    'conclusion', 'conclusao', 'fazit', 'schlussfolgerung*', 'conclusione', 'conclusie', 'conclusiones',
    'next steps', 'prochaines etapes', 'proximos pasos', 'proximos passos', 'nachste schritte',
    'prossimi passi', 'volgende stappen', 'lessons learned', 'retour d experience', 'lecciones aprendidas',
  ),
  annex: keywords(
    'annexe', 'annexes', 'appendix', 'appendices', 'anexo', 'anexos', 'anhang', 'appendice', 'allegat*',
    'bijlage*', 'faq', 'troubleshooting', 'depannage', 'solucion de problemas', 'resolucao de problemas',
    'fehlerbehebung', 'risoluzione dei problemi', 'probleemoplossing', 'best practices', 'bonnes pratiques',
    'buenas practicas', 'boas praticas', 'best practice', 'tips', 'astuces', 'consejos', 'dicas', 'tipps',
    'suggerimenti', 'useful commands', 'commands', 'commandes', 'commandes utiles', 'comandos',
    'comandos uteis', 'comandos utiles', 'befehle', 'nutzliche befehle', 'comandi', 'comandi utili',
    'commando s', 'handige commando s', 'reference', 'cheatsheet', 'incident response', 'known issues',
    'problemes connus', 'problemas conocidos', 'problemas conhecidos', 'bekannte probleme',
    'problemi noti', 'bekende problemen', 'guidelines', 'lignes directrices', 'richtlinien', 'linee guida',
    'richtlijnen', 'pautas', 'diretrizes',
  ),
  glossary: keywords(
    'glossaire', 'glossary', 'glosario', 'glossario', 'glossar', 'definitions', 'definitionen', 'acronyms',
    'acronymes', 'termes', 'terminologie', 'begriffe', 'abkurzungen', 'woordenlijst', 'begrippen',
    'terminologia', 'siglas',
  ),
  template: keywords(
    'template*', 'modele*', 'gabarit', 'plantilla*', 'modelo*', 'vorlage*', 'modello', 'modelli',
    'sjabloon*', 'formulier', 'formulaire', 'formulario', 'formular', 'fill in', 'a remplir', 'boilerplate',
    'log', 'logbook', 'logboek', 'journal de bord', 'bitacora', 'diario di bordo',
    'example', 'exemple', 'ejemplo', 'exemplo', 'beispiel', 'esempio', 'voorbeeld',
  ),
  summary: keywords(
    'recap*', 'recapitulatif', 'resume final', 'final status', 'statut final', 'estado final', 'status final',
    'endstatus', 'stato finale', 'eindstatus', 'score*', 'scorecard', 'bilan', 'balance', 'balanco',
    'bilanz', 'riepilogo', 'overall status', 'readiness score', 'final summary', 'resultado final',
    'quick reference', 'cheat sheet', 'at a glance', 'en bref', 'en resumen', 'auf einen blick', 'tldr',
    'evidence', 'evidencia', 'evidencias', 'evidencia de ejecucion', 'preuves', 'nachweis*', 'evidenze', 'bewijs',
    'resultados', 'resultats', 'ergebnisse', 'risultati', 'resultaten', 'results', 'execution log',
  ),
  diagram: keywords(
    'diagram*', 'diagramme', 'diagrama', 'schema', 'schemas', 'architecture', 'arquitectura',
    'arquitetura', 'architektur', 'architettura', 'architectuur', 'flowchart', 'flow', 'flux',
    'flujo', 'fluxo', 'ablaufdiagramm', 'flusso', 'stroomschema', 'topology', 'topologie',
  ),
  deliverables: keywords(
    'livrable*', 'deliverable*', 'outputs', 'entregable*', 'entregave*', 'lieferergebnis*', 'lieferobjekt*',
    'deliverabl*', 'consegn*', 'opleverbaar*', 'opleveringen',
  ),
  protocol: keywords(
    'protocole', 'jour j', 'launch day', 'd day', 'runbook', 'cutover', 'bascule', 'go live day',
    'deroulement du lancement', 'dia d', 'dia del lanzamiento', 'dia do lancamento', 'go live tag',
    'umstellung', 'ablauf am go live', 'run sheet', 'giorno del rilascio', 'giorno x', 'livegang dag',
    'dag van livegang', 'execution', 'execucao', 'ejecucion', 'durchfuhrung', 'esecuzione', 'uitvoering',
  ),
  checklist: keywords(
    'checklist*', 'check list', 'liste de controle', 'liste de verification', 'lista de verificacion',
    'lista de control', 'lista de verificacao', 'lista de checagem', 'checkliste', 'prufliste',
    'lista di controllo', 'controlelijst', 'afvinklijst', 'todo', 'to do', 'a faire',
  ),
  tasks: keywords(
    'tasks', 'taches', 'tareas', 'tarefas', 'aufgaben', 'compiti', 'attivita', 'taken', 'actions', 'acciones',
    'acoes', 'massnahmen', 'azioni', 'acties', 'activities', 'activites', 'actividades', 'atividades',
    'aktivitaten', 'steps', 'etapes', 'pasos', 'passos', 'schritte', 'passi', 'stappen',
  ),
  criteria: keywords(
    'criteria', 'criteres', 'criterios', 'kriterien', 'criteri', 'criteria go', 'acceptance',
    'acceptation', 'aceptacion', 'aceitacao', 'akzeptanz*', 'accettazione', 'acceptatie*', 'prerequisit*',
    'prerequis', 'prerrequisitos', 'pre requisitos', 'voraussetzung*', 'prerequisiti', 'randvoorwaarden',
    'readiness', 'exit criteria', 'entry criteria', 'definition of done', 'must have', 'blockers',
  ),
  verification: keywords(
    'verification*', 'validation*', 'verificacion', 'validacion', 'verificacao', 'validacao', 'prufung',
    'validierung', 'verifica', 'validazione', 'verificatie', 'validatie', 'smoke test*', 'tests', 'testing',
    'recette', 'pruebas', 'testes', 'collaudo', 'testen', 'qa',
  ),
  communication: keywords(
    'communication*', 'comunicacion', 'comunicacao', 'kommunikation', 'comunicazione', 'communicatie',
    'announcement*', 'annonce*', 'anuncio*', 'ankundigung*', 'annuncio', 'aankondiging*',
  ),
  final: keywords(
    'final', 'finale', 'finales', 'finaux', 'last', 'ultima', 'ultimo', 'ultime', 'letzte*', 'abschliessend*',
    'laatste', 'eindcontrole', 'go live ready', 'ready for', 'pronto', 'pronto per', 'prete', 'pret pour',
    'listo', 'bereit', 'klaar voor',
  ),
  before: keywords(
    'pre', 'avant', 'antes', 'vor', 'vorab', 'before', 'prior', 'prima', 'vooraf', 'preparation',
    'preparacion', 'preparacao', 'vorbereitung', 'preparazione', 'voorbereiding', 'readiness', 'prep',
    'pre launch', 'prelaunch', 'pre go live', 'pre deploy*',
  ),
  after: keywords(
    'post', 'apres', 'despues', 'pos', 'nach', 'nachbereitung', 'after', 'dopo', 'na', 'hypercare',
    'stabilisation', 'stabilization', 'estabilizacion', 'estabilizacao', 'stabilisierung',
    'stabilizzazione', 'stabilisatie', 'follow up', 'suivi', 'seguimiento', 'acompanhamento', 'nazorg',
    'monitoring', 'first 24', 'primeras', 'premieres', 'primeiras', 'erste', 'prime', 'eerste',
  ),
  launch: keywords(
    'mise en production', 'puesta en produccion', 'entrada em producao', 'lancement', 'launch', 'ship',
    'ships', 'shipped', 'goes live', 'go live day', 'rollout', 'roll out', 'go live', 'golive', 'production', 'prod', 'jour j', 'ouverture', 'release',
    'lanzamiento', 'produccion', 'lancamento', 'producao', 'inbetriebnahme', 'produktivsetzung', 'livegang',
    'produktion', 'cutover', 'bascule', 'corte', 'virada', 'd day', 'dia d', 'despliegue', 'implantacao',
    'mise en service', 'puesta en marcha', 'umstellung', 'liveschaltung', 'messa in produzione',
    'rilascio', 'avvio', 'lancio', 'in productie', 'ingebruikname', 'uitrol', 'deploy*', 'deployment',
    'migration', 'migracion', 'migracao', 'migrazione', 'migratie', 'switch', 'upgrade', 'overstap',
  ),
};

/** Titles of what comes before the go-live, in any language: "Pre-Launch", "Avant", "Vorbereitung". */
// prettier-ignore
export const BEFORE_WORDS = keywords(
  'pre', 'avant', 'antes', 'vor', 'before', 'prior', 'prima', 'voor', 'preparation', 'preparacion',
  'preparacao', 'vorbereitung', 'preparazione', 'voorbereiding', 'readiness', 'prerequis*', 'prep',
);

/** What a table's header row says its rows are; each is a feature `header.<kind>` of a section. */
export type HeaderWord = 'signoff' | 'contacts' | 'metrics' | 'risks' | 'glossary' | 'schedule' | 'links';

// prettier-ignore
export const HEADER_WORDS: Readonly<Record<HeaderWord, Keywords>> = {
  signoff: keywords(
    'approver*', 'approbateur*', 'aprobador*', 'aprovador*', 'genehmiger', 'approvatore', 'goedkeurder',
    'signature*', 'signed', 'sign', 'sign off', 'signoff', 'firma', 'firmas', 'assinatura*', 'unterschrift*',
    'visa', 'handtekening', 'approved by', 'approuve par', 'aprobado por', 'aprovado por', 'genehmigt von',
    'approvato da', 'goedgekeurd door', 'approved', 'approval', 'approbation', 'aprobacion', 'aprovacao',
    'freigabe', 'approvazione', 'goedkeuring', 'abgenommen', 'abnahme',
  ),
  contacts: keywords(
    'phone', 'telephone', 'tel', 'telefono', 'telefone', 'telefon', 'cellulare', 'telefoon', 'mobile',
    'email', 'e mail', 'mail', 'courriel', 'correo', 'slack', 'teams', 'handle', 'contact*', 'contacto*',
    'contato*', 'kontakt*', 'contatto', 'escalation', 'on call', 'astreinte', 'disponibilite',
    'availability', 'disponibilidad', 'erreichbarkeit', 'bereikbaarheid', 'pager',
  ),
  metrics: keywords(
    'metric*', 'metrique*', 'metrica*', 'metrik*', 'metriche', 'meetwaarde', 'kpi', 'kpis', 'indicateur*',
    'indicador*', 'indicatore', 'kennzahl*', 'target', 'cible', 'objetivo', 'meta', 'alvo', 'zielwert',
    'threshold*', 'seuil*', 'umbral*', 'limiar*', 'schwellenwert*', 'soglia', 'soglie', 'drempel*',
    'actual', 'baseline', 'slo', 'sla', 'current', 'warning', 'critical', 'critique', 'critico', 'kritisch',
    'alert', 'alerte', 'alerta', 'alarm', 'acceptable', 'aceptable', 'aceitavel', 'akzeptabel',
    'accettabile', 'acceptabel', 'excellent', 'excelente', 'eccellente', 'uitstekend',
  ),
  risks: keywords(
    'risk*', 'risque*', 'riesgo*', 'risco*', 'risiko*', 'rischio', 'risico', 'impact*', 'impacto',
    'auswirkung', 'impatto', 'probabilit*', 'probabilidad', 'probabilidade', 'wahrscheinlichkeit',
    'waarschijnlijkheid', 'kans', 'likelihood', 'mitigation', 'mitigacion', 'mitigacao', 'mitigazione',
    'mitigatie', 'gegenmassnahme*',
  ),
  glossary: keywords(
    'term', 'terms', 'terme', 'termino', 'termo', 'begriff', 'termine', 'term', 'definition*', 'definicion',
    'definicao', 'definizione', 'definitie', 'acronym*', 'acronyme', 'sigla', 'abkurzung', 'afkorting',
    'meaning', 'signification', 'significado', 'bedeutung', 'significato', 'betekenis',
  ),
  schedule: keywords(
    'week', 'semaine', 'semana', 'woche', 'kw', 'settimana', 'date', 'jour', 'day', 'dia', 'tag', 'giorno',
    'dag', 'when', 'quand', 'cuando', 'quando', 'wann', 'wanneer', 'month', 'mois', 'mes', 'monat', 'mese',
    'maand', 'sprint', 'milestone', 'jalon', 'hito', 'marco', 'meilenstein', 'mijlpaal', 'deadline',
    'echeance', 'plazo', 'prazo', 'frist', 'scadenza', 'time', 'heure', 'hora', 'uhrzeit', 'ora', 'tijd',
  ),
  links: keywords(
    'link*', 'lien*', 'enlace*', 'url', 'document*', 'documento*', 'dokument*', 'resource*', 'ressource*',
    'recurso*', 'risorsa', 'bron', 'location', 'emplacement', 'ubicacion', 'localizacao', 'ort',
  ),
};

/** The kinds of heading words a title holds, each with the words that matched ("calendrier"). */
export const titleWordsOf = memoized(titleWordsIn);

function titleWordsIn(title: string): Partial<Record<TitleWord, string>> {
  const words = wordsOf(title);
  const found: Partial<Record<TitleWord, string>> = {};
  for (const [kind, list] of Object.entries(TITLE_WORDS) as [TitleWord, Keywords][]) {
    const match = findKeyword(words, list);
    if (match) found[kind] = match.matched;
  }
  return found;
}
