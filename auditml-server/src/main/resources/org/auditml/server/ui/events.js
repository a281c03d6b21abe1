// The events filters shared by the process explorer and the process rate: host or container, executable, user and
// free text, as the /api/events parameters and a datafeed-language query.
import {seconds} from './format.js';

export function eventFilters(params) {
  const filter = [];
  if (params.get('container')) filter.push({term: {'container.id': params.get('container')}});
  if (params.get('exec')) filter.push({term: {'process.executable': params.get('exec')}});
  if (params.get('user')) filter.push({term: {'user.name': params.get('user')}});
  return {
    host: params.get('host') || undefined,
    query: filter.length ? {bool: {filter}} : undefined,
    q: params.get('q') || undefined,
    start: params.get('from') || undefined,
    end: params.get('to') || undefined,
  };
}

export function histogramInterval(from, to) {
  const hours = (to - from) / 36e5;
  return hours <= 6 ? '5m' : hours <= 48 ? '1h' : hours <= 24 * 15 ? '3h' : '1d';
}

/** The window the filters cover, as a line under a page's title. */
export function windowLine(params) {
  const from = Number(params.get('from')), to = Number(params.get('to'));
  if (!from && !to) return 'all stored events';
  return `${from ? seconds(from) : '…'} – ${to ? seconds(to) : '…'} UTC`;
}
