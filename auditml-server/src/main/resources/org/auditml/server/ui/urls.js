// A record's custom URLs. Kibana's dashboards and Discover links of the built-in modules open auditml's own pages
// (Process explorer, Process rate, the events); other URLs keep their target with the $field$ tokens filled in.
import {duration} from './format.js';
import {recordValues} from './ml.js';

export function customUrls(record, job, spanMs) {
  const values = recordValues(record);
  const urls = job?.custom_settings?.custom_urls || [];
  return urls.map(u => {
    const range = duration(u.time_range) || spanMs;
    const from = record.timestamp - range / 2;
    const to = record.timestamp + spanMs + range / 2;
    return {name: u.url_name, href: target(u.url_value, values, from, to)};
  });
}

function target(url, values, from, to) {
  const one = field => (values[field] || [])[0];
  const filters = new URLSearchParams({from, to});
  const host = one('host.name');
  if (host) filters.set('host', host);
  const container = one('container.id') || one('container.name');
  if (container) filters.set('container', container);
  if (/process_explorer/.test(url)) {
    // as Kibana's dashboard, every process of the host in the window, the anomalous one marked
    if (one('process.executable')) filters.set('mark', one('process.executable'));
    return '#/process?' + filters;
  }
  if (/process_event_rate/.test(url)) return '#/rate?' + filters;
  if (/^discover#/.test(url)) {
    if (one('process.executable')) filters.set('exec', one('process.executable'));
    if (one('user.name')) filters.set('user', one('user.name'));
    return '#/process?' + filters;
  }
  return url.replace(/\$([\w.]+)\$/g, (m, name) => {
    if (name === 'earliest') return new Date(from).toISOString();
    if (name === 'latest') return new Date(to).toISOString();
    return encodeURIComponent(one(name) ?? m);
  });
}
