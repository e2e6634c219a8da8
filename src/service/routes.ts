/**
 * The service's routes: a pure match of method and path to what to do, so the table is readable
 * in one place and testable without a server.
 */

/** What a request asks for. */
export type Route =
  | { _tag: 'Health' }
  | { _tag: 'Overview' }
  | { _tag: 'ListLaunches' }
  | { _tag: 'CreateLaunch' }
  | { _tag: 'Status'; stream: string }
  | { _tag: 'ChecklistMarkdown'; stream: string }
  | { _tag: 'Calendar'; stream: string }
  | { _tag: 'EventStream'; stream: string }
  | { _tag: 'PostEvent'; stream: string }
  | { _tag: 'Alertmanager'; stream: string }
  | { _tag: 'Junit'; stream: string }
  | { _tag: 'StatusPage'; stream: string }
  | { _tag: 'StatusFragment'; stream: string }
  | { _tag: 'LoginForm' }
  | { _tag: 'Login' }
  | { _tag: 'Logout' }
  | { _tag: 'Asset'; name: string }
  | { _tag: 'Metrics' }
  | { _tag: 'ClusterSend' }
  | { _tag: 'DecisionLink'; token: string };

/** Why no route matched. */
export type RouteMiss =
  | { _tag: 'NotFound'; path: string }
  | { _tag: 'MethodNotAllowed'; allow: string[] }
  | { _tag: 'BadPath'; message: string };

type Make = (stream: string) => Route;

const STREAM_ROUTES: Record<string, Partial<Record<string, Make>>> = {
  '': { GET: (stream) => ({ _tag: 'Status', stream }) },
  status: { GET: (stream) => ({ _tag: 'Status', stream }) },
  'checklist.md': { GET: (stream) => ({ _tag: 'ChecklistMarkdown', stream }) },
  'calendar.ics': { GET: (stream) => ({ _tag: 'Calendar', stream }) },
  events: {
    GET: (stream) => ({ _tag: 'EventStream', stream }),
    POST: (stream) => ({ _tag: 'PostEvent', stream }),
  },
  alertmanager: { POST: (stream) => ({ _tag: 'Alertmanager', stream }) },
  junit: { POST: (stream) => ({ _tag: 'Junit', stream }) },
  page: { GET: (stream) => ({ _tag: 'StatusPage', stream }) },
  'page/fragment': { GET: (stream) => ({ _tag: 'StatusFragment', stream }) },
};

/** Routes outside `/launches`: the console's overview and sign-in, its static files, the Prometheus scrape. */
const TOP_ROUTES: Record<string, Partial<Record<string, () => Route>>> = {
  '/': { GET: () => ({ _tag: 'Overview' }) },
  '/healthz': { GET: () => ({ _tag: 'Health' }) },
  '/login': { GET: () => ({ _tag: 'LoginForm' }), POST: () => ({ _tag: 'Login' }) },
  '/logout': { POST: () => ({ _tag: 'Logout' }) },
  '/metrics': { GET: () => ({ _tag: 'Metrics' }) },
  '/cluster/send': { POST: () => ({ _tag: 'ClusterSend' }) },
};

/**
 * Matches a method and a path (without the query string).
 *
 * @example
 * matchRoute('POST', '/launches/go-live/events') // { _tag: 'PostEvent', stream: 'go-live' }
 * matchRoute('DELETE', '/launches')             // { _tag: 'MethodNotAllowed', allow: ['GET', 'POST'] }
 */
export function matchRoute(method: string, pathname: string): Route | RouteMiss {
  const allowing = (table: Partial<Record<string, unknown>>) => ({
    _tag: 'MethodNotAllowed' as const,
    allow: Object.keys(table),
  });
  const head = method === 'HEAD' ? 'GET' : method;
  const top = TOP_ROUTES[pathname];
  if (top) return top[head]?.() ?? allowing(top);
  const link = /^\/approve\/([A-Za-z0-9_.-]{1,8192})$/.exec(pathname);
  if (link)
    return head === 'GET' || head === 'POST'
      ? { _tag: 'DecisionLink', token: link[1] as string }
      : allowing({ GET: 1, POST: 1 });
  const asset = /^\/assets\/([a-z0-9-]+\.(?:js|css|svg))$/.exec(pathname);
  if (asset) return head === 'GET' ? { _tag: 'Asset', name: asset[1] as string } : allowing({ GET: 1 });
  if (pathname === '/launches' || pathname === '/launches/') {
    if (head === 'GET') return { _tag: 'ListLaunches' };
    if (head === 'POST') return { _tag: 'CreateLaunch' };
    return allowing({ GET: 1, POST: 1 });
  }
  const match = /^\/launches\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match) return { _tag: 'NotFound', path: pathname };
  let stream: string;
  try {
    stream = decodeURIComponent(match[1] as string);
  } catch {
    return { _tag: 'BadPath', message: `the stream id in ${pathname} is not valid percent-encoding` };
  }
  const table = STREAM_ROUTES[(match[2] ?? '').replace(/\/$/, '')];
  if (!table) return { _tag: 'NotFound', path: pathname };
  const make = table[head];
  return make ? make(stream) : allowing(table);
}
