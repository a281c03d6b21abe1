// Data health: per host, events over time and the signs that data went missing (serial gaps, what the kernel
// reported lost, events rejected, an agent gone silent); hosts with a problem first, as the API orders them.
import {api, qs} from './api.js';
import {el, number, time} from './format.js';
import {stacked} from './rate.js';

const COLUMNS = ['Host', 'Problems', 'Events', 'First event', 'Last event', 'Silent since', 'Serial gaps', 'Kernel lost',
  'Backlog limit', 'Rejected events', 'Malformed lines'];

function row(h) {
  const name = h['host.name'] || '(host not named)';
  const host = h.first === null ? name
    : el('a', {href: '#/rate?' + new URLSearchParams({host: h['host.name'], from: h.first, to: h.last + 1})}, name);
  const lost = h.kernel_lost_reported === null ? number(h.kernel_lost)
    : el('span', {title: 'last reported ' + time(h.kernel_lost_reported)}, number(h.kernel_lost));
  return el('tr', {class: h.problems.length ? 'warn' : '', 'data-host': h['host.name']},
    el('td', {}, host), el('td', {class: 'problems'}, h.problems.join(', ')),
    el('td', {class: 'num'}, number(h.events)), el('td', {}, time(h.first)), el('td', {}, time(h.last)),
    el('td', {title: 'no event for ' + Math.round(h.silent_after_ms / 60000) + ' min counts as silent'},
      time(h.silent_since)),
    el('td', {class: 'num'}, number(h.serial_gaps)), el('td', {class: 'num'}, lost),
    el('td', {class: 'num'}, number(h.backlog_limit)),
    el('td', {class: 'num'}, number(h.rejected_events)), el('td', {class: 'num'}, number(h.malformed_lines)));
}

export async function render(main) {
  const [hosts, histogram] = await Promise.all([api('/api/hosts'), api('/api/events/_histogram' + qs({interval: '1d', split: 'host.name', top: 10}))]);
  const box = el('div', {class: 'chart', id: 'health-chart'});
  const troubled = hosts.hosts.filter(h => h.problems.length).length;
  main.replaceChildren(el('h1', {}, 'Data health'), el('section', {class: 'panel'}, el('h2', {}, 'Events per day by host'), box),
    el('section', {class: 'panel'}, el('h2', {}, `Hosts: ${number(hosts.hosts.length)}, with a problem: ${number(troubled)} (as of ${time(hosts.as_of)})`),
      el('div', {class: 'table-wrap'}, el('table', {class: 'hosts'},
        el('thead', {}, el('tr', {}, ...COLUMNS.map(h => el('th', {scope: 'col'}, h)))),
        el('tbody', {}, ...hosts.hosts.map(row))))));
  stacked(box, histogram);
  const followed = (await api('/api/follow')).files;
  if (followed.length) main.append(followedLogs(followed));
}

// The logs serve --follow tails: the file read now, how far it is stored, how far behind that is.
function followedLogs(files) {
  return el('section', {class: 'panel', id: 'followed-logs'}, el('h2', {}, 'Followed logs'),
    el('div', {class: 'table-wrap'}, el('table', {},
      el('thead', {}, el('tr', {}, ...['Path', 'File read', 'Stored up to (byte)', 'Size', 'Behind (bytes)', 'Events',
        'Malformed lines', 'State'].map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, ...files.map(f => el('tr', {class: f.lag_bytes || f.malformed_lines || f.state !== 'following' ? 'warn' : ''},
        el('td', {}, f.path), el('td', {}, f.file ?? ''), ...[f.offset, f.size, f.lag_bytes, f.events, f.malformed_lines]
          .map(v => el('td', {class: 'num'}, number(v))), el('td', {}, f.state)))))));
}
