// Process explorer: for a host or container and a time window, the process occurrence chart, the event rate by
// process, and the events themselves, filterable and paged, each with its raw lines and its lineage.
import {api, qs} from './api.js';
import {chart, timeAxis} from './chart.js';
import {breakable, el, errorBox, seconds} from './format.js';
import {eventFilters, histogramInterval, windowLine} from './events.js';
import {filterForm, stacked} from './rate.js';
import {lineageList} from './lineage.js';

const SIZE = 50;

export async function render(main, params) {
  const filters = eventFilters(params);
  const page = Number(params.get('page') || 0);
  const occurrence = el('div', {class: 'chart', id: 'occurrence-chart'});
  const rate = el('div', {class: 'chart', id: 'process-rate-chart'});
  const table = el('section', {class: 'panel', id: 'events'});
  main.replaceChildren(el('h1', {}, 'Process explorer ' + (params.get('host') || params.get('container') || '')),
    el('p', {class: 'muted'}, windowLine(params)),
    filterForm(params),
    el('div', {class: 'two'}, el('section', {class: 'panel'}, el('h2', {}, 'Process occurrence'), occurrence),
      el('section', {class: 'panel'}, el('h2', {}, 'Event rate by process'), rate)), table);
  const interval = histogramInterval(Number(filters.start) || 0, Number(filters.end) || 0);
  const [events, sample, histogram] = await Promise.all([
    api('/api/events' + qs({...filters, sort: '@timestamp', desc: false, from: page * SIZE, size: SIZE})),
    api('/api/events' + qs({...filters, sort: '@timestamp', desc: false, size: 2000})),
    api('/api/events/_histogram' + qs({...filters, interval, split: 'process.executable', top: 10}))]);
  const mark = params.get('mark');
  const names = [...new Set(sample.events.map(e => e['process.executable']))].sort((a, b) => (a === mark) - (b === mark));
  const axisRange = {min: Number(filters.start) || undefined, max: Number(filters.end) || undefined};
  const dot = e => [e['@timestamp'], e['process.executable']];
  chart(occurrence, {
    grid: {left: 8, right: 16, top: 16, bottom: 24, containLabel: true}, tooltip: {trigger: 'item',
      formatter: p => `${p.value[1]}<br>${seconds(p.value[0])}`},
    xAxis: {...timeAxis, ...axisRange}, yAxis: {type: 'category', data: names, axisLabel: {width: 220, overflow: 'truncate'}},
    series: [
      {type: 'scatter', symbolSize: 7, itemStyle: {color: '#6092c0'}, data: sample.events.filter(e => e['process.executable'] !== mark).map(dot)},
      {type: 'scatter', symbolSize: 14, itemStyle: {color: '#fe5050', borderColor: '#333'},
        data: sample.events.filter(e => e['process.executable'] === mark).map(dot)}],
  });
  stacked(rate, histogram, axisRange);
  drawTable(table, events, page, params, mark);
}

function drawTable(box, events, page, params, mark) {
  const body = el('tbody');
  for (const e of events.events) {
    const extra = el('tr', {hidden: true}, el('td', {colspan: 8}));
    const open = async (what) => {
      extra.hidden = false;
      const cell = extra.firstChild;
      cell.replaceChildren(el('p', {class: 'muted'}, 'Loading…'));
      try {
        if (what === 'raw') {
          const raw = await api(`/api/events/${encodeURIComponent(e.id)}/original`);
          cell.replaceChildren(el('pre', {class: 'raw'}, raw.lines.join('\n')));
        } else {
          cell.replaceChildren(lineageList(await api('/api/processes/lineage' + qs({host: e['host.name'], pid: e['process.pid'],
            time: e['@timestamp']}))));
        }
      } catch (err) {
        cell.replaceChildren(errorBox(err));
      }
    };
    body.append(el('tr', {'data-event': e.id, class: mark && e['process.executable'] === mark ? 'chosen' : null},
      el('td', {class: 'nowrap'}, seconds(e['@timestamp'])),
      el('td', {}, e['user.name'] || ''),
      el('td', {class: 'exe'}, breakable(e['process.executable'])),
      el('td', {class: 'args'}, (e['process.args'] || []).join(' ')),
      el('td', {}, e['process.working_directory'] || ''),
      el('td', {class: 'num'}, e['process.parent.pid'] ?? ''),
      el('td', {}, e['event.outcome'] || e['event.action'] || ''),
      el('td', {class: 'actions'}, el('button', {type: 'button', onclick: () => open('raw')}, 'Raw data'),
        e['process.pid'] ? el('button', {type: 'button', onclick: () => open('lineage')}, 'Lineage') : null)), extra);
  }
  const go = p => { const n = new URLSearchParams(params); n.set('page', p); location.hash = '#/process?' + n; };
  box.replaceChildren(el('h2', {}, `Events (${events.total})`),
    el('div', {class: 'table-wrap'}, el('table', {},
      el('thead', {}, el('tr', {}, ...['Time', 'User', 'Executable', 'Arguments', 'Working directory', 'Parent pid', 'Result', '']
        .map(h => el('th', {scope: 'col'}, h)))), body)),
    el('div', {class: 'pager'}, el('button', {type: 'button', disabled: page === 0, onclick: () => go(page - 1)}, 'Previous'),
      ` page ${page + 1} of ${Math.max(1, Math.ceil(events.total / SIZE))} `,
      el('button', {type: 'button', disabled: (page + 1) * SIZE >= events.total, onclick: () => go(page + 1)}, 'Next')));
}
