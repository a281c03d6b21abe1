// Data health: per host, events over time, serial gaps and other loss signals, the last event seen.
import {api, qs} from './api.js';
import {el, number, time} from './format.js';
import {stacked} from './rate.js';

export async function render(main) {
  const [hosts, histogram] = await Promise.all([api('/api/hosts'), api('/api/events/_histogram' + qs({interval: '1d', split: 'host.name', top: 10}))]);
  const box = el('div', {class: 'chart', id: 'health-chart'});
  main.replaceChildren(el('h1', {}, 'Data health'), el('section', {class: 'panel'}, el('h2', {}, 'Events per day by host'), box),
    el('section', {class: 'panel'}, el('div', {class: 'table-wrap'}, el('table', {},
      el('thead', {}, el('tr', {}, ...['Host', 'Events', 'First event', 'Last event', 'Serial gaps', 'Malformed lines', 'Late events']
        .map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, ...hosts.hosts.map(h => el('tr', {class: h.serial_gaps || h.malformed_lines || h.late_events ? 'warn' : ''},
        el('td', {}, el('a', {href: '#/rate?' + new URLSearchParams({host: h['host.name'], from: h.first, to: h.last + 1})}, h['host.name'])),
        el('td', {class: 'num'}, number(h.events)), el('td', {}, time(h.first)), el('td', {}, time(h.last)),
        el('td', {class: 'num'}, number(h.serial_gaps)), el('td', {class: 'num'}, number(h.malformed_lines)),
        el('td', {class: 'num'}, number(h.late_events)))))))));
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
