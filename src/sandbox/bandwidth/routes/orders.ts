import type { OrderStatus } from '../../../domain/order-status';
import {
  type CodedError,
  child,
  emptyResponse,
  flatErrors,
  isUuid,
  responseStatus,
  type SimResponse,
  telephoneNumbers,
  text,
  xmlResponse,
} from '../http-util';
import { parseTnLenient } from '../numbers';
import { historyBody, importOrderBody, orderSummary, removeOrderBody } from '../shapes';
import type { SimImportOrder, SimOrder, SimRemoveOrder, SimServiceAddress } from '../types';
import {
  customerOrderIdError,
  flatErrorHandler,
  type RouteContext,
  readXmlBody,
  validateNumbers,
} from './context';

/** The largest order the simulator takes; Bandwidth documents no maximum, only error 7314 (§3). */
export const MAX_ORDER_NUMBERS = 5000;

const ADDRESS_FIELDS = [
  'HouseNumber',
  'HouseSuffix',
  'PreDirectional',
  'StreetName',
  'StreetSuffix',
  'PostDirectional',
  'AddressLine2',
  'City',
  'StateCode',
  'Zip',
  'PlusFour',
  'County',
  'Country',
  'AddressType',
] as const;

/** Required address parts and their "required" codes (ERR, LNP errors 7108-7112). */
const REQUIRED_ADDRESS: ReadonlyArray<[keyof SimServiceAddress, number, string]> = [
  ['HouseNumber', 7108, 'The service address house number is required'],
  ['StreetName', 7109, 'The service address street name is required'],
  ['City', 7110, 'The service address city is required'],
  ['StateCode', 7111, 'The service address state code is required'],
  ['Zip', 7112, 'The service address zip code is required'],
];

/**
 * Root of "not a valid UUID" / "not found" answers. SPEC1 documents it for remove orders only
 * (`RemoveImportedTnOrdersReportResponse`); import orders use the same pattern by analogy
 * (BANDWIDTH.md §1.4, where the 404 body is left open).
 */
function reportRoot(kind: SimOrder['kind']): string {
  return kind === 'import' ? 'ImportTnOrdersReportResponse' : 'RemoveImportedTnOrdersReportResponse';
}

/** Finds the order named by a path segment, or the 400 (1008) / 404 (5035) answer. */
export function findOrder<K extends SimOrder['kind']>(
  ctx: RouteContext,
  kind: K,
  id: string,
): { order: K extends 'import' ? SimImportOrder : SimRemoveOrder } | { response: SimResponse } {
  if (!isUuid(id))
    return { response: responseStatus(400, reportRoot(kind), 1008, `'${id}' is not a valid UUID`) };
  const map = kind === 'import' ? ctx.state.importOrders : ctx.state.removeOrders;
  const order = map.get(id.toLowerCase());
  if (!order) {
    const what = kind === 'import' ? 'Import TN' : 'Remove imported TN';
    return { response: responseStatus(404, reportRoot(kind), 5035, `${what} order ${id} not found.`) };
  }
  return { order: order as K extends 'import' ? SimImportOrder : SimRemoveOrder };
}

/** `POST /importTnOrders` (v2: `/importTnOrders/messaging`), BANDWIDTH.md §1.2. */
export function createImportOrder(ctx: RouteContext, collectionPath: string): SimResponse {
  const { config } = ctx.state;
  const errorRoot = 'ImportTnOrderResponse';
  const parsed = readXmlBody(ctx, 'ImportTnOrder', flatErrorHandler(errorRoot, true));
  if ('response' in parsed) return parsed.response;
  const root = parsed.root;
  const errors: CodedError[] = [];

  const customerOrderId = text(root, 'CustomerOrderId');
  const coid = customerOrderIdError(customerOrderId);
  if (coid) errors.push(coid);

  const siteId = text(root, 'SiteId')?.trim() ?? '';
  const sipPeerId = text(root, 'SipPeerId')?.trim();
  const sites = config.sites;
  if (!/^\d+$/.test(siteId) || (sites && !(siteId in sites))) {
    errors.push({ code: 7309, description: 'The site id was not supplied or is invalid.' });
  } else if (sipPeerId !== undefined) {
    if (!/^\d+$/.test(sipPeerId)) errors.push({ code: 7312, description: 'The sippeer id is invalid.' });
    else if (sites && !(sites[siteId] ?? []).includes(sipPeerId)) {
      errors.push({ code: 7311, description: 'The sippeer id is invalid for this site.' });
    }
  } else if (sites && (sites[siteId] ?? []).length === 0) {
    errors.push({
      code: 7310,
      description: 'The site id submitted does not have a default SIP peer associated to it.',
    });
  }

  const subscriber = child(root, 'Subscriber');
  const name = text(subscriber, 'Name')?.trim() ?? '';
  const serviceAddress: SimServiceAddress = {};
  const address = child(subscriber, 'ServiceAddress');
  if (subscriber === undefined) {
    errors.push({ code: 7104, description: 'Subscriber information is required' });
  } else {
    if (name === '') errors.push({ code: 7105, description: 'The subscriber name is required' });
    else if (name.length > 45) {
      errors.push({
        code: 25131,
        description: 'The Subscriber Name is too long. Maximum length is 45 characters.',
      });
    }
    if (address === undefined) errors.push({ code: 7107, description: 'The service address is required' });
    else {
      for (const field of ADDRESS_FIELDS) {
        const value = text(address, field)?.trim();
        if (value) serviceAddress[field] = value;
      }
      for (const [field, code, description] of REQUIRED_ADDRESS) {
        if (!serviceAddress[field]) errors.push({ code, description });
      }
      const state = serviceAddress.StateCode;
      if (state && !/^[A-Za-z]{2}$/.test(state))
        errors.push({ code: 7395, description: `Unsupported state code: ${state}.` });
    }
  }

  const loaAuthorizingPerson = text(root, 'LoaAuthorizingPerson')?.trim() ?? '';
  if (loaAuthorizingPerson === '')
    errors.push({ code: 7115, description: 'The LOA authorizing person is required' });
  const loaTypeRaw = text(root, 'LoaType')?.trim().toUpperCase() || 'SUBSCRIBER';
  if (loaTypeRaw !== 'SUBSCRIBER' && loaTypeRaw !== 'CARRIER') {
    errors.push({
      code: 25110,
      description: 'LoaType is absent or invalid. Possible values: carrier, subscriber',
    });
  }

  const numbers = validateNumbers(telephoneNumbers(root), ctx.version, MAX_ORDER_NUMBERS);
  errors.push(...numbers.errors);
  if (errors.length > 0) return flatErrors(errorRoot, errors, true);

  const now = config.now();
  const order: SimImportOrder = {
    kind: 'import',
    orderId: config.newId().toLowerCase(),
    customerOrderId: customerOrderId || undefined,
    accountId: config.accountId,
    createdByUser: config.userName,
    telephoneNumbers: numbers.tns,
    status: config.initialStatus,
    errors: [],
    completedTelephoneNumbers: [],
    createdAt: now,
    lastModifiedAt: now,
    history: [],
    siteId,
    sipPeerId,
    subscriber: { name, serviceAddress },
    loaAuthorizingPerson,
    loaType: loaTypeRaw as SimImportOrder['loaType'],
  };
  const body = xmlResponse(
    201,
    { [config.createResponseRoot]: { ImportTnOrder: importOrderBody(order, ctx.version) } },
    { location: `${ctx.accountUrl}/${collectionPath}/${order.orderId}` },
  );
  ctx.state.addOrder(order);
  return body;
}

/** `POST /removeImportedTnOrders` (v2: `/removeImportedTnOrders/messaging`), BANDWIDTH.md §1.7. */
export function createRemoveOrder(ctx: RouteContext, collectionPath: string): SimResponse {
  const { config } = ctx.state;
  const errorRoot = 'RemoveImportedTnOrdersResponse';
  const parsed = readXmlBody(ctx, 'RemoveImportedTnOrder', flatErrorHandler(errorRoot, true));
  if ('response' in parsed) return parsed.response;
  const errors: CodedError[] = [];
  const customerOrderId = text(parsed.root, 'CustomerOrderId');
  const coid = customerOrderIdError(customerOrderId);
  if (coid) errors.push(coid);
  const numbers = validateNumbers(telephoneNumbers(parsed.root), ctx.version, MAX_ORDER_NUMBERS);
  errors.push(...numbers.errors);
  if (errors.length > 0) return flatErrors(errorRoot, errors, true);
  const now = config.now();
  const order: SimRemoveOrder = {
    kind: 'remove',
    orderId: config.newId().toLowerCase(),
    customerOrderId: customerOrderId || undefined,
    accountId: config.accountId,
    createdByUser: config.userName,
    telephoneNumbers: numbers.tns,
    status: config.initialStatus,
    errors: [],
    completedTelephoneNumbers: [],
    createdAt: now,
    lastModifiedAt: now,
    history: [],
  };
  const body = xmlResponse(
    201,
    { [errorRoot]: { RemoveImportedTnOrder: removeOrderBody(order, ctx.version) } },
    { location: `${ctx.accountUrl}/${collectionPath}/${order.orderId}` },
  );
  ctx.state.addOrder(order);
  return body;
}

export function getOrder(ctx: RouteContext, kind: SimOrder['kind'], id: string): SimResponse {
  const found = findOrder(ctx, kind, id);
  if ('response' in found) return found.response;
  const order = found.order;
  return order.kind === 'import'
    ? xmlResponse(200, { ImportTnOrder: importOrderBody(order, ctx.version) })
    : xmlResponse(200, { RemoveImportedTnOrder: removeOrderBody(order, ctx.version) });
}

export function getOrderHistory(ctx: RouteContext, kind: SimOrder['kind'], id: string): SimResponse {
  const found = findOrder(ctx, kind, id);
  if ('response' in found) return found.response;
  return xmlResponse(200, historyBody(found.order.history, ctx.state.config.historyStatusCase));
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
/** Most orders one list answer holds (SPEC1, BANDWIDTH.md §1.3). */
export const MAX_LISTED_ORDERS = 1000;

function dayStart(value: string): number | undefined {
  const match = DAY.exec(value);
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? undefined : ms;
}

/**
 * `GET /importTnOrders` and `GET /removeImportedTnOrders` with their filters (BANDWIDTH.md §1.3, §1.7).
 * Dates are whole UTC days, both ends inclusive. Orders come oldest first; over 1000, the newest
 * 1000 are listed and TotalCount still counts every match.
 */
export function listOrders(ctx: RouteContext, kind: SimOrder['kind']): SimResponse {
  const q = ctx.query;
  const root = kind === 'import' ? 'ImportTnOrders' : 'RemoveImportedTnOrders';
  const bounds: Record<string, number> = {};
  for (const name of ['createdDateFrom', 'createdDateTo', 'modifiedDateFrom', 'modifiedDateTo']) {
    const value = q.get(name);
    if (value === null) continue;
    const ms = dayStart(value);
    if (ms === undefined)
      return responseStatus(400, 'ErrorResponse', 1000, `${name} must be a date as yyyy-MM-dd`);
    bounds[name] = name.endsWith('To') ? ms + 24 * 3600 * 1000 - 1 : ms;
  }
  const statuses = q
    .getAll('status')
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const tnRaw = q.get('tn');
  const tn = tnRaw === null ? undefined : (parseTnLenient(tnRaw) ?? tnRaw);
  const customerOrderId = q.get('customerOrderId') ?? undefined;
  const loaType = (q.get('loaType') ?? 'ALL').toUpperCase();
  const specific = tn !== undefined || customerOrderId !== undefined;
  const hasRange = Object.keys(bounds).length > 0;
  const now = ctx.state.config.now();

  const all: SimOrder[] = [...(kind === 'import' ? ctx.state.importOrders : ctx.state.removeOrders).values()];
  const matches = all
    .filter((o) => {
      if (statuses.length > 0 && !statuses.includes(o.status as OrderStatus)) return false;
      if (tn !== undefined && !o.telephoneNumbers.includes(tn)) return false;
      if (customerOrderId !== undefined && o.customerOrderId !== customerOrderId) return false;
      if (o.kind === 'import' && loaType !== 'ALL' && o.loaType !== loaType) return false;
      if (bounds.createdDateFrom !== undefined && o.createdAt < bounds.createdDateFrom) return false;
      if (bounds.createdDateTo !== undefined && o.createdAt > bounds.createdDateTo) return false;
      if (bounds.modifiedDateFrom !== undefined && o.lastModifiedAt < bounds.modifiedDateFrom) return false;
      if (bounds.modifiedDateTo !== undefined && o.lastModifiedAt > bounds.modifiedDateTo) return false;
      if (!specific && !hasRange && o.createdAt < now - TWO_YEARS_MS) return false;
      return true;
    })
    .sort((a, b) => a.createdAt - b.createdAt);
  const summaryTag = kind === 'import' ? 'ImportTnOrderSummary' : 'RemoveImportedTnOrderSummary';
  return xmlResponse(200, {
    [root]: {
      TotalCount: matches.length,
      [summaryTag]: matches.slice(-MAX_LISTED_ORDERS).map(orderSummary),
    },
  });
}

export function methodNotAllowed(allow: string[]): SimResponse {
  return emptyResponse(405, { allow: allow.join(', ') });
}
