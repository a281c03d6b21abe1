// The selected anomaly's chart: for rare, one dot per event over time per value with the anomalous value emphasised;
// for counts and metrics, the actual series inside the model's bounds (model plot), the anomaly marked.
import {api, qs} from './api.js';
import {chart, timeAxis} from './chart.js';
import {el, number, severity, time} from './format.js';
import {bucketSpanMs, foundFor} from './ml.js';

const RARE = /rare/;
const MAX_VALUES = 15;

export async function anomalyChart(box, record, job) {
  const plot = el('div', {class: 'chart', id: 'chart-canvas'});
  const note = el('p', {class: 'muted small'});
  const kind = RARE.test(record.function) ? 'rare' : 'metric';
  box.replaceChildren(el('h2', {}, `${kind === 'rare' ? 'Event distribution' : 'Model bounds'}: ${record.job_id}`),
    el('p', {class: 'small'}, `${time(record.timestamp)} · ${record.function} · `,
      Object.entries(foundFor(record)).map(([k, v]) => `${k} ${v}`).join(' · ')), plot, note);
  box.dataset.kind = kind;
  try {
    if (kind === 'rare') await rare(plot, note, record, job);
    else await metric(plot, note, record, job);
  } catch (e) {
    plot.hidden = true;
    note.textContent = 'Chart not available: ' + e.message;
  }
}

/** The datafeed's query narrowed to the record's partition (and over value). */
function seriesQuery(record, job) {
  const filter = [job.datafeed?.query || {match_all: {}}];
  for (const kind of ['partition', 'over']) {
    if (record[kind + '_field_name']) filter.push({term: {[record[kind + '_field_name']]: record[kind + '_field_value']}});
  }
  return {bool: {filter}};
}

async function rare(plot, note, record, job) {
  const span = bucketSpanMs(job);
  const field = record.by_field_name || record.over_field_name;
  const value = record.by_field_value || record.over_field_value;
  const start = record.timestamp - 24 * span, end = record.timestamp + 25 * span;
  const found = await api('/api/events' + qs({query: seriesQuery(record, job), start, end, sort: '@timestamp', desc: false, size: 5000}));
  const counts = new Map();
  found.events.forEach(e => counts.set(e[field], (counts.get(e[field]) || 0) + 1));
  const values = [...counts.keys()].filter(v => v !== value).sort((a, b) => counts.get(b) - counts.get(a)).slice(0, MAX_VALUES - 1);
  values.push(value);
  const shown = new Set(values);
  const dots = found.events.filter(e => shown.has(e[field]) && e[field] !== value).map(e => [e['@timestamp'], e[field]]);
  const anomalous = found.events.filter(e => e[field] === value).map(e => [e['@timestamp'], e[field]]);
  chart(plot, {
    grid: {left: 8, right: 24, top: 24, bottom: 32, containLabel: true},
    tooltip: {trigger: 'item', formatter: p => `${p.value[1]}<br>${time(p.value[0])}`},
    xAxis: {...timeAxis, min: start, max: end},
    yAxis: {type: 'category', data: values, axisLabel: {width: 260, overflow: 'truncate'}},
    series: [
      {name: 'events', type: 'scatter', symbolSize: 6, itemStyle: {color: '#6092c0', opacity: 0.6}, data: dots,
        markArea: {itemStyle: {color: 'rgba(254,80,80,0.12)'}, data: [[{xAxis: record.timestamp}, {xAxis: record.timestamp + span}]]}},
      {name: value, type: 'scatter', symbolSize: 14, itemStyle: {color: severity(record.record_score).color, borderColor: '#333'},
        data: anomalous},
    ],
  });
  note.textContent = `${found.total} events of the job's datafeed in the window (${found.events.length} drawn); `
    + `${value}: ${anomalous.length} in the window.`;
}

async function metric(plot, note, record, job) {
  const span = bucketSpanMs(job);
  const start = record.timestamp - 72 * span, end = record.timestamp + 73 * span;
  const id = encodeURIComponent(record.job_id);
  const plots = await api(`/api/anomaly_detectors/${id}/model_plot` + qs({start, end, detector_index: record.detector_index,
    partition_field_value: record.partition_field_value, by_field_value: record.by_field_value, over_field_value: record.over_field_value}));
  const anomaly = {name: 'anomaly', type: 'scatter', symbolSize: 16, z: 5,
    itemStyle: {color: severity(record.record_score).color, borderColor: '#333'},
    data: [[record.timestamp, (record.actual || [])[0]]]};
  const base = {grid: {left: 8, right: 24, top: 32, bottom: 32, containLabel: true}, tooltip: {trigger: 'axis'},
    legend: {top: 0}, xAxis: {...timeAxis, min: start, max: end}, yAxis: {type: 'value', scale: true}};
  if (plots.count > 0) {
    const at = d => d.timestamp;
    chart(plot, {...base, legend: {top: 0, data: ['model bounds', 'median', 'actual', 'anomaly']}, series: [
      {name: 'lower', type: 'line', stack: 'bounds', symbol: 'none', lineStyle: {opacity: 0}, data: plots.model_plot.map(d => [at(d), d.model_lower])},
      {name: 'model bounds', type: 'line', stack: 'bounds', symbol: 'none', lineStyle: {opacity: 0},
        itemStyle: {color: 'rgba(96,146,192,0.5)'}, areaStyle: {color: 'rgba(96,146,192,0.25)'}, data: plots.model_plot.map(d => [at(d), d.model_upper - d.model_lower])},
      {name: 'median', type: 'line', symbol: 'none', itemStyle: {color: '#9ab'}, lineStyle: {type: 'dashed', color: '#9ab'}, data: plots.model_plot.map(d => [at(d), d.model_median])},
      {name: 'actual', type: 'line', symbol: 'none', itemStyle: {color: '#1f5f99'}, lineStyle: {color: '#1f5f99'}, data: plots.model_plot.map(d => [at(d), d.actual])},
      anomaly]});
    note.textContent = `actual ${number(record.actual)}, typical ${number(record.typical)}; model plot of ${plots.count} buckets.`;
    return;
  }
  const histogram = await api('/api/events/_histogram' + qs({query: seriesQuery(record, job), start, end, interval: job.config.analysis_config.bucket_span}));
  chart(plot, {...base, series: [
    {name: 'events', type: 'line', symbol: 'none', data: histogram.buckets.map(b => [b.timestamp, b.count])}, anomaly]});
  note.textContent = `actual ${number(record.actual)}, typical ${number(record.typical)}. This job keeps no model plot `
    + '(model_plot_config.enabled is off), so the events per bucket are drawn without the model\'s bounds.';
}
