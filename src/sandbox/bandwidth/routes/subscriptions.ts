import {
  child,
  emptyResponse,
  responseStatus,
  type SimResponse,
  text,
  type XmlObject,
  xmlResponse,
} from '../http-util';
import type { SimSubscription } from '../types';
import { type RouteContext, readXmlBody } from './context';

const ROOT = 'SubscriptionsResponse';

/** Order types the real API accepts (case-insensitively here), listed in its 14500 message. */
const ORDER_TYPES = [
  'portins',
  'orders',
  'portouts',
  'disconnects',
  'dldas',
  'lsrorders',
  'e911s',
  'tnoptions',
  'externalTns',
  'lidbs',
  'bulkPortins',
  'importtnorders',
  'removeImportedTnOrders',
  'importVoiceTnOrders',
  'removeImportedVoiceTnOrders',
  'csrs',
];
const EVENT_TYPES = ['MESSAGING_LOST'];
/** Default Expiry in seconds (schema default, BANDWIDTH.md §1.10). */
const DEFAULT_EXPIRY = 86400;

interface Invalid {
  /** SPEC1: POST answers 400 for object errors and 404 for a bad URL, expiry or key; PUT 400 for all. */
  kind: 'object' | 'callback';
  code: number;
  description: string;
}

/**
 * Reads a Subscription body. `CallbackCredentials` counts only INSIDE `CallbackSubscription`; as a
 * sibling it is silently ignored, as the real API did to php-bandwidth-iris #85 (BANDWIDTH.md §7).
 */
function readSubscription(root: XmlObject, id: string, now: number): SimSubscription | Invalid {
  const orderType = text(root, 'OrderType')?.trim() || undefined;
  const eventType = text(root, 'EventType')?.trim() || undefined;
  if ((orderType === undefined) === (eventType === undefined)) {
    return {
      kind: 'object',
      code: 14508,
      description: 'Either OrderType or EventType must be specified, but not both.',
    };
  }
  const canonicalOrderType =
    orderType && ORDER_TYPES.find((t) => t.toLowerCase() === orderType.toLowerCase());
  if (orderType !== undefined && !canonicalOrderType) {
    return {
      kind: 'object',
      code: 14500,
      description: `OrderType ${orderType} is invalid. Valid values are: ${ORDER_TYPES.join(', ')}`,
    };
  }
  if (eventType !== undefined && !EVENT_TYPES.includes(eventType.toUpperCase())) {
    return {
      kind: 'object',
      code: 14507,
      description: `EventType ${eventType} is invalid. Valid values are: ${EVENT_TYPES.join(', ')}`,
    };
  }
  const subscription: SimSubscription = {
    subscriptionId: id,
    orderType,
    eventType: eventType?.toUpperCase(),
    orderId: text(root, 'OrderId')?.trim() || undefined,
    createdAt: now,
  };
  const callback = child(root, 'CallbackSubscription');
  const email = child(root, 'EmailSubscription');
  if (callback !== undefined) {
    const url = text(callback, 'URL')?.trim() ?? '';
    if (url === '') return { kind: 'callback', code: 14503, description: 'Callback URL must not be empty.' };
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol)) {
      return { kind: 'callback', code: 14506, description: `Callback URL ${url} is invalid.` };
    }
    const expiryText = text(callback, 'Expiry')?.trim();
    const expiry = expiryText === undefined || expiryText === '' ? DEFAULT_EXPIRY : Number(expiryText);
    if (!Number.isSafeInteger(expiry) || expiry <= 0) {
      return { kind: 'callback', code: 14501, description: `Expiry ${expiryText} is invalid.` };
    }
    const credentials = child(callback, 'CallbackCredentials');
    const basic = child(credentials, 'BasicAuthentication');
    const username = text(basic, 'Username');
    const password = text(basic, 'Password');
    if (basic !== undefined && (!username || !password || username.length > 100)) {
      return {
        kind: 'callback',
        code: 14505,
        description: 'Basic authentication requires both a username (at most 100 characters) and a password.',
      };
    }
    const publicKey = text(credentials, 'PublicKey')?.trim();
    if (publicKey !== undefined && (publicKey === '' || !/^[A-Za-z0-9+/=\s]+$/.test(publicKey))) {
      return { kind: 'callback', code: 14504, description: 'The public key certificate could not be read.' };
    }
    const format = (text(callback, 'NumberFormat')?.trim() || 'LEGACY').toUpperCase();
    if (format !== 'LEGACY' && format !== 'E164') {
      return { kind: 'object', code: 14501, description: `NumberFormat ${format} is invalid.` };
    }
    subscription.callback = {
      url,
      expiry,
      username: username || undefined,
      password: password || undefined,
      publicKey,
      numberFormat: format,
      status: 'READY',
    };
  } else if (email !== undefined) {
    const address = text(email, 'Email')?.trim() ?? '';
    const digest = (text(email, 'DigestRequested')?.trim() || 'NONE').toUpperCase();
    if (address === '' || (digest !== 'NONE' && digest !== 'DAILY')) {
      return { kind: 'object', code: 14501, description: 'EmailSubscription is invalid.' };
    }
    subscription.email = { email: address, digestRequested: digest };
  } else {
    return {
      kind: 'object',
      code: 14501,
      description: 'Subscription is invalid: a CallbackSubscription or EmailSubscription is required.',
    };
  }
  return subscription;
}

function render(s: SimSubscription, now: number) {
  const cb = s.callback;
  return {
    SubscriptionId: s.subscriptionId,
    OrderType: s.orderType,
    EventType: s.eventType,
    OrderId: s.orderId,
    CallbackSubscription: cb
      ? {
          URL: cb.url,
          Expiry: Math.max(0, Math.floor((s.createdAt + cb.expiry * 1000 - now) / 1000)),
          Status: cb.status,
          CallbackCredentials:
            cb.username !== undefined || cb.publicKey !== undefined
              ? {
                  BasicAuthentication: cb.username !== undefined ? { Username: cb.username } : undefined,
                  PublicKey: cb.publicKey,
                }
              : undefined,
          NumberFormat: cb.numberFormat,
        }
      : undefined,
    EmailSubscription: s.email
      ? { Email: s.email.email, DigestRequested: s.email.digestRequested }
      : undefined,
  };
}

function isDuplicate(a: SimSubscription, b: SimSubscription): boolean {
  return (
    a.subscriptionId !== b.subscriptionId &&
    a.orderType?.toLowerCase() === b.orderType?.toLowerCase() &&
    a.eventType === b.eventType &&
    a.orderId === b.orderId &&
    a.callback?.url === b.callback?.url &&
    a.email?.email === b.email?.email
  );
}

function notFound(id: string): SimResponse {
  return responseStatus(404, ROOT, 16000, `Subscription ${id} not found.`);
}

/** `/subscriptions[/{id}]` (BANDWIDTH.md §1.10). */
export function handleSubscriptions(ctx: RouteContext, id: string | undefined): SimResponse {
  const { state } = ctx;
  const now = state.config.now();
  if (id === undefined) {
    if (ctx.method === 'GET') {
      return xmlResponse(200, {
        [ROOT]: { Subscriptions: { Subscription: state.activeSubscriptions().map((s) => render(s, now)) } },
      });
    }
    if (ctx.method !== 'POST') return emptyResponse(405, { allow: 'GET, POST' });
    const parsed = readXmlBody(ctx, 'Subscription', (e) => responseStatus(400, ROOT, 14501, e.description));
    if ('response' in parsed) return parsed.response;
    const result = readSubscription(parsed.root, state.config.newId().toLowerCase(), now);
    if ('code' in result)
      return responseStatus(result.kind === 'callback' ? 404 : 400, ROOT, result.code, result.description);
    if (state.activeSubscriptions().some((s) => isDuplicate(s, result))) {
      return responseStatus(409, ROOT, 16002, 'Duplicate subscription already exists');
    }
    state.subscriptions.set(result.subscriptionId, result);
    return emptyResponse(201, { location: `${ctx.accountUrl}/subscriptions/${result.subscriptionId}` });
  }

  const existing = state.activeSubscriptions().find((s) => s.subscriptionId === id.toLowerCase());
  if (!existing) return notFound(id);
  switch (ctx.method) {
    case 'GET':
      return xmlResponse(200, { [ROOT]: { Subscriptions: { Subscription: [render(existing, now)] } } });
    case 'PUT': {
      const parsed = readXmlBody(ctx, 'Subscription', (e) => responseStatus(400, ROOT, 14501, e.description));
      if ('response' in parsed) return parsed.response;
      // PUT replaces the whole subscription: what is left out reverts to its default (§1.10).
      const result = readSubscription(parsed.root, existing.subscriptionId, now);
      if ('code' in result) return responseStatus(400, ROOT, result.code, result.description);
      state.subscriptions.set(existing.subscriptionId, result);
      return emptyResponse(200);
    }
    case 'DELETE':
      state.subscriptions.delete(existing.subscriptionId);
      return emptyResponse(200);
    default:
      return emptyResponse(405, { allow: 'GET, PUT, DELETE' });
  }
}
