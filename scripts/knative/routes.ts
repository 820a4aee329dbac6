// The public API host: one Gateway API HTTPRoute whose rules are generated from every endpoint of every
// HTTP function. Each rule forwards to Knative's internal ingress with the Host rewritten to the
// function's cluster-local name (Knative Serving routes by host, not by path).
import type { IHTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import type { HttpFunction, Method } from '../../shared/http/define';
import { clusterLocalHost, commonLabels, gateway, knativeIngress, namespace } from './model';

export type PathMatch = { type: 'Exact' | 'PathPrefix'; value: string };
export interface RouteMatch {
  path: PathMatch;
  method: Method;
}

/**
 * A path without parameters matches exactly; one with parameters (`/v1/orders/{id}/cancel`) matches by
 * the prefix before its first parameter (`/v1/orders`), with the method, under Gateway API's precedence
 * (exact before prefix, longer prefix first, then method). PathPrefix is Core conformance, so any Gateway
 * API implementation routes it the same; `assertUnambiguous` proves every endpoint lands on its function.
 */
function matchFor(method: Method, path: string): RouteMatch {
  const firstParam = path.indexOf('{');
  if (firstParam === -1) return { path: { type: 'Exact', value: path }, method };
  const prefix = path.slice(0, firstParam).replace(/\/$/, '');
  return { path: { type: 'PathPrefix', value: prefix === '' ? '/' : prefix }, method };
}

/** Endpoints a client may call: those with a public contract (internal routes have no spec). */
export function publicEndpoints(fn: HttpFunction) {
  return fn.endpoints.filter((endpoint) => endpoint.spec !== undefined);
}

export interface RouteRule {
  fn: string;
  matches: RouteMatch[];
}

export function routeRules(functions: HttpFunction[]): RouteRule[] {
  const rules = functions
    .map((fn) => {
      const seen = new Set<string>();
      const matches: RouteMatch[] = [];
      for (const endpoint of publicEndpoints(fn)) {
        const match = matchFor(endpoint.method, endpoint.path);
        const key = `${match.method} ${match.path.type} ${match.path.value}`;
        if (!seen.has(key)) matches.push(match);
        seen.add(key);
      }
      return { fn: fn.name, matches };
    })
    .filter((rule) => rule.matches.length > 0);
  assertUnambiguous(functions, rules);
  return rules;
}

/** Gateway API's HTTPRoute match precedence, reduced to what these rules use: path and method. */
export function resolve(rules: RouteRule[], method: string, path: string): string | undefined {
  const elements = (value: string) => value.split('/').filter(Boolean);
  const candidates = rules.flatMap((rule) =>
    rule.matches
      .filter((match) => match.method === method)
      .filter((match) => {
        if (match.path.type === 'Exact') return match.path.value === path;
        const prefix = elements(match.path.value);
        const target = elements(path);
        return prefix.every((element, index) => target[index] === element);
      })
      .map((match) => ({ fn: rule.fn, match })),
  );
  candidates.sort((a, b) => {
    if (a.match.path.type !== b.match.path.type) return a.match.path.type === 'Exact' ? -1 : 1;
    return b.match.path.value.length - a.match.path.value.length;
  });
  const [best, next] = candidates;
  if (!best) return undefined;
  // Two different functions tied on every criterion: the route is ambiguous.
  if (next && next.fn !== best.fn && next.match.path.type === best.match.path.type && next.match.path.value.length === best.match.path.value.length) {
    return undefined;
  }
  return best.fn;
}

/** A concrete path for an endpoint path (`{id}` → a sample segment). */
export const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, 'sample-0190a1b2');

function assertUnambiguous(functions: HttpFunction[], rules: RouteRule[]): void {
  for (const fn of functions) {
    for (const endpoint of publicEndpoints(fn)) {
      const landed = resolve(rules, endpoint.method, samplePath(endpoint.path));
      if (landed !== fn.name) {
        throw new Error(
          `${endpoint.method} ${endpoint.path} of ${fn.name} would be routed to ${landed ?? 'no function (ambiguous)'}; ` +
            'give it a distinct static prefix or extend scripts/knative/routes.ts',
        );
      }
    }
  }
}

export function httpRoutes(functions: HttpFunction[]): IHTTPRoute[] {
  const rules = routeRules(functions);
  const chunks: RouteRule[][] = [];
  for (let index = 0; index < rules.length; index += gateway.maxRulesPerRoute) chunks.push(rules.slice(index, index + gateway.maxRulesPerRoute));
  return chunks.map((chunk, index) => {
    const name = chunks.length === 1 ? gateway.routeName : `${gateway.routeName}-${index + 1}`;
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace, labels: commonLabels(name, 'gateway') },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name, namespace }],
        rules: chunk.map((rule) => ({
          matches: rule.matches.map((match) => ({ path: { ...match.path }, method: match.method })),
          filters: [{ type: 'URLRewrite', urlRewrite: { hostname: clusterLocalHost(rule.fn) } }],
          backendRefs: [
            { group: '', kind: 'Service', name: knativeIngress.name, namespace: knativeIngress.namespace, port: knativeIngress.port },
          ],
        })),
      },
    };
  });
}
