// Process rate: events over time for a host or container, split by executable (top ten and the rest).
import {api, qs} from './api.js';
import {chart, timeAxis} from './chart.js';
import {el} from './format.js';
import {eventFilters, histogramInterval, windowLine} from './events.js';

export async function render(main, params) {
  const filters = eventFilters(params);
  const box = el('div', {class: 'chart tall', id: 'rate-chart'});
  main.replaceChildren(el('h1', {}, 'Process rate ' + (params.get('host') || params.get('container') || 'all hosts')),
    el('p', {class: 'muted'}, windowLine(params)),
    filterForm(params), el('section', {class: 'panel'}, box));
  const h = await api('/api/events/_histogram' + qs({...filters, split: 'process.executable', top: 10,
    interval: histogramInterval(Number(filters.start) || 0, Number(filters.end) || 0)}));
  stacked(box, h, {min: Number(filters.start) || undefined, max: Number(filters.end) || undefined});
}

/** Stacked bars of a split histogram; `range`: the x axis's {min, max} (unset: the data's). */
export function stacked(box, h, range = {}) {
  const names = [...new Set(h.buckets.flatMap(b => Object.keys(b.split || {})))];
  chart(box, {
    tooltip: {trigger: 'axis'}, legend: {type: 'scroll', top: 0},
    grid: {left: 8, right: 16, top: 40, bottom: 24, containLabel: true},
    xAxis: {...timeAxis, ...range}, yAxis: {type: 'value', name: 'events', minInterval: 1},
    series: names.map(n => ({name: n === '__other__' ? 'other' : n, type: 'bar', stack: 'all', barMaxWidth: 24,
      data: h.buckets.map(b => [b.timestamp, (b.split || {})[n] || 0])})),
  });
}

export function filterForm(params) {
  const field = (name, label) => el('label', {}, label + ' ', el('input', {name, value: params.get(name) || ''}));
  return el('form', {class: 'controls', onsubmit: e => {
    e.preventDefault();
    const data = new FormData(e.target);
    const next = new URLSearchParams(params);
    for (const [k, v] of data) v ? next.set(k, v) : next.delete(k);
    next.delete('page');
    location.hash = location.hash.split('?')[0] + '?' + next;
  }}, field('host', 'Host'), field('container', 'Container'), field('exec', 'Executable'), field('user', 'User'),
  field('q', 'Search (field:value)'), el('button', {type: 'submit'}, 'Filter'));
}
