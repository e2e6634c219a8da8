/**
 * What a metric is about, from its words in seven languages: the system (errors, latency, CPU,
 * availability…), people (how fast support answers a P1), or the business and its users (sign-ups,
 * NPS, satisfaction, coverage of tests). Only the system's metrics are alert rules; and for them,
 * whether high is bad (errors) or good (availability) tells which side of the line a bare number
 * is on.
 *
 * Word lists stand several words to a line (`// prettier-ignore`).
 */
import { fold } from '../text.ts';
import { findKeyword, keywords, wordsOf } from './keywords.ts';

// prettier-ignore
const HIGH_IS_BAD = keywords(
  'error*', 'erreur*', 'fehler*', 'errore*', 'errori', 'fout*', 'erro', 'erros', 'latenc*', 'latenz*', 'latentie',
  'response time', 'temps de reponse', 'tiempo de respuesta', 'tempo de resposta', 'antwortzeit*',
  'tempo di risposta', 'responstijd', 'reactietijd', 'p50', 'p75', 'p90', 'p95', 'p99', 'p999', 'cpu', 'memory',
  'memoire', 'memoria', 'speicher*', 'geheugen', 'ram', 'heap', 'disk', 'disque', 'disco', 'festplatte',
  'schijf', 'storage', 'stockage', 'lag', 'replication lag', 'queue*', 'file d attente', 'cola', 'fila',
  'warteschlange', 'coda', 'wachtrij', '5xx', '4xx', '500s', 'timeout*', 'time out*', 'failure*', 'failed',
  'failing', 'echec*', 'fallo*', 'fallos', 'falha*', 'ausfall*', 'fehlschlag*', 'guast*', 'storing*',
  'mislukt*', 'crash*', 'downtime', 'indisponibilit*', 'restart*', 'redemarrage*', 'reinicio*', 'neustart*',
  'riavvi*', 'herstart*', 'load', 'charge', 'carga', 'last', 'carico', 'belasting', 'saturation',
  'packet loss', 'drop*', 'perte*', 'perdida*', 'verlust*', 'perdita', 'verlies', 'rejected', 'rejet*',
  'rechazad*', 'rejeitad*', 'abgelehnt*', 'rifiutat*', 'geweigerd*', 'backlog', 'dead letter*', 'pods',
  'exception*', 'excepcion*', 'excecao', 'excecoes', 'ausnahme*', 'eccezion*', 'uitzondering*', 'ttfb',
  'lcp', 'fcp', 'cls', 'duration', 'duree', 'duracion', 'duracao', 'dauer', 'durata', 'duur', 'page load',
  'chargement', 'carregamento', 'ladezeit', 'caricamento', 'laadtijd', 'http 5', 'open file*', 'connections',
  'connexions', 'conexiones', 'conexoes', 'verbindungen', 'connessioni', 'verbindingen', 'rollback rate',
  'retries', 'retry', 'reintentos', 'tentativas', 'wiederholungen', 'tentativi', 'deadlock*',
);

// prettier-ignore
const HIGH_IS_GOOD = keywords(
  'uptime', 'availability', 'disponibilit*', 'verfugbarkeit', 'disponibilidad', 'disponibilidade',
  'beschikbaarheid', 'success rate', 'success', 'succes', 'exito', 'sucesso', 'erfolg*', 'successo',
  'succespercentage', 'throughput', 'debit', 'rendimiento', 'vazao', 'durchsatz', 'doorvoer', 'hit rate',
  'cache hit*', 'apdex', 'healthy', 'crash free', 'sans crash', 'rps', 'qps', 'tps', 'requests per second',
  'req s', 'healthcheck*', 'health check*',
);

// prettier-ignore
const PEOPLE = keywords(
  'support', 'ticket*', 'incident response', 'response to', 'first response', 'answer*', 'reply', 'replies',
  'reponse aux', 'prise en charge', 'respuesta a', 'atencion', 'resposta a', 'atendimento', 'antwort auf',
  'reaktionszeit', 'risposta a', 'assistenza', 'klantenservice', 'p1', 'p2', 'p3', 'sev1', 'sev2', 'sev 1',
  'sev 2', 'escalat*', 'acknowledg*', 'mttr', 'mtta', 'hotline', 'help desk', 'helpdesk', 'service desk',
  'customer service', 'service client', 'servicio al cliente', 'kundendienst', 'kundenservice',
  'servizio clienti', 'on call', 'astreinte', 'rufbereitschaft', 'hours', 'horario', 'staffing',
);

// prettier-ignore
const BUSINESS = keywords(
  'nps', 'csat', 'ces', 'satisfaction', 'satisfaccion', 'satisfacao', 'zufriedenheit', 'soddisfazione',
  'tevredenheid', 'rating*', 'note', 'score*', 'puntuacion', 'pontuacao', 'bewertung*', 'valutazione',
  'beoordeling', 'stars', 'etoiles', 'estrellas', 'estrelas', 'sterne', 'stelle', 'sterren', 'signup*',
  'sign up*', 'inscription*', 'registro*', 'cadastro*', 'anmeldung*', 'registrazion*', 'aanmelding*',
  'conversion*', 'conversao', 'konversion*', 'conversione', 'revenue', 'chiffre d affaires', 'ingreso*',
  'receita', 'umsatz', 'fatturato', 'omzet', 'users', 'utilisateurs', 'usuarios', 'nutzer', 'utenti',
  'gebruikers', 'customers', 'clients', 'clientes', 'kunden', 'klanten', 'downloads', 'installs',
  'installations', 'sales', 'ventes', 'ventas', 'vendas', 'verkauf*', 'vendite', 'verkoop', 'adoption',
  'adopcion', 'adocao', 'retention', 'retencion', 'retencao', 'churn', 'engagement', 'dau', 'mau', 'wau',
  'reviews', 'avis', 'resenas', 'avaliacoes', 'bugs', 'defects', 'defauts', 'defectos', 'defeitos',
  'coverage', 'couverture', 'cobertura', 'abdeckung', 'copertura', 'dekking', 'tests passing', 'passing tests',
  'pass rate', 'taux de reussite', 'lighthouse', 'accessibility', 'seo', 'budget', 'cost', 'cout', 'costo',
  'custo', 'kosten', 'orders', 'commandes', 'pedidos', 'bestellungen', 'ordini', 'bestellingen',
  'transactions', 'leads', 'traffic growth', 'open rate', 'click', 'clics', 'feedback', 'roi', 'rto', 'rpo',
  'lead time', 'change failure rate', 'deployment frequency', 'deployment', 'deploy', 'deployment duration',
  'rollback', 'rollback time', 'flaky', 'certificate*', 'certificat*', 'certificado*', 'zertifikat*',
  'tests', 'test', 'contact', 'ask', 'bounce', 'abandon*', 'abandono', 'abbandono', 'afhaak*', 'resolution',
  'resolucion', 'resolucao', 'risoluzione', 'oplossing', 'losungszeit',
);

export type MetricKind = 'system' | 'people' | 'business' | null;

/** A response or resolution time counted in hours or days is people answering, not a system's latency. */
const SLOW_RESPONSE = /^(h|min)$/u;

/** What a metric is about: the system, people answering, the business; null when its words do not say. */
export function metricKind(metric: string, unit = '', threshold = 0): MetricKind {
  const words = wordsOf(metric);
  if (
    /respon|repon|respuest|respost|antwort|rispost|reactie|resol/u.test(words.join(' ')) &&
    SLOW_RESPONSE.test(unit) &&
    (unit === 'h' || threshold >= 5)
  )
    return 'people';
  if (findKeyword(words, PEOPLE)) return 'people';
  if (findKeyword(words, BUSINESS)) return 'business';
  if (findKeyword(words, HIGH_IS_BAD) || findKeyword(words, HIGH_IS_GOOD)) return 'system';
  return null;
}

/** Whether a high value of the metric is bad (errors, latency), good (availability) or unknown. */
export function polarity(metric: string): 'high-is-bad' | 'high-is-good' | null {
  const words = wordsOf(metric);
  // "Error-free rate", "Fehlerfreie Quote": free of errors is good.
  if (/free|frei|sans|sin |sem |senza|zonder/.test(fold(metric))) return 'high-is-good';
  if (findKeyword(words, HIGH_IS_GOOD)) return 'high-is-good';
  return findKeyword(words, HIGH_IS_BAD) ? 'high-is-bad' : null;
}
