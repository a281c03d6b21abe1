// The anomaly explorer: the overall swim lane, a view-by swim lane, the anomalies table and the selected anomaly's chart.
import {api, qs} from './api.js';
import {setParams} from './app.js';
import {el, errorBox, inputTime, parseInputTime, SEVERITIES} from './format.js';
import {bucketSpanMs, dataRange, loadJobs, recordKey, recordValues} from './ml.js';
import {swimlane} from './swimlane.js';
import {anomaliesTable} from './anomalies.js';
import {anomalyChart} from './anomaly-chart.js';

const MAX_CELLS = 120;
const MAX_LANES = 10;
const VIEW_BY = ['host.name', 'container.id', 'process.executable', 'user.name'];
const OVERALL = '__overall__';

let root, loaded = null, params;

export async function render(main, p) {
  root = main;
  params = p;
  loaded = null;
  await draw();
}

export async function update(p) {
  params = p;
  await draw();
}

async function draw() {
  const jobs = loaded?.jobs || await loadJobs();
  if (!jobs.length) {
    root.replaceChildren(el('h1', {}, 'Anomaly explorer'),
      el('p', {}, 'No anomaly detection job yet. ', el('a', {href: '#/setup'}, 'Set up a module'), ' to make some.'));
    return;
  }
  const range = dataRange(jobs) || {from: Date.now() - 864e5, to: Date.now()};
  const span = Math.max(...jobs.map(bucketSpanMs));
  const from = Number(params.get('from')) || Math.floor(range.from / span) * span;
  const to = Number(params.get('to')) || Math.ceil((range.to + 1) / span) * span;
  const fields = new Set(jobs.flatMap(j => j.config.analysis_config.influencers || []));
  const viewChoices = VIEW_BY.filter(f => fields.has(f));
  const viewBy = params.get('viewBy') || viewChoices[0] || 'host.name';
  const minScore = Number(params.get('sev') || 0);
  const key = [from, to, viewBy, minScore].join('|');
  if (!loaded || loaded.key !== key) {
    root.replaceChildren(el('h1', {}, 'Anomaly explorer'), el('p', {class: 'muted'}, 'Loading results…'));
    try {
      loaded = {key, jobs, ...await results(jobs, from, to, viewBy, minScore)};
    } catch (e) {
      root.replaceChildren(el('h1', {}, 'Anomaly explorer'), errorBox(e));
      return;
    }
  }
  const n = Math.max(1, Math.ceil((to - from) / span));
  const interval = span * Math.ceil(n / MAX_CELLS);
  const cells = Math.ceil((to - from) / interval);
  const cellOf = ts => from + Math.floor((ts - from) / interval) * interval;
  const selected = params.get('lane') ? {lane: params.get('lane'), cell: Number(params.get('cell'))} : null;
  const select = (lane, cell) => setParams(selected && selected.lane === lane && selected.cell === cell
    ? {lane: null, cell: null, a: null} : {lane, cell, a: null});

  const overall = new Map();
  loaded.overall.forEach(b => max(overall, cellOf(b.timestamp), b.overall_score));
  const byValue = new Map();
  loaded.influencers.forEach(i => {
    const lane = byValue.get(i.influencer_field_value) || byValue.set(i.influencer_field_value, new Map()).get(i.influencer_field_value);
    max(lane, cellOf(i.timestamp), i.influencer_score);
  });
  const lanes = [...byValue.entries()]
    .map(([name, scores]) => ({name, scores, top: Math.max(...scores.values())}))
    .sort((a, b) => b.top - a.top).slice(0, MAX_LANES);

  let records = loaded.records;
  if (selected) {
    records = records.filter(r => cellOf(r.timestamp) === selected.cell
      && (selected.lane === OVERALL || (recordValues(r)[viewBy] || []).includes(selected.lane)));
  }
  const chosenKey = params.get('a') || (records[0] && recordKey(records[0]));
  const chosen = records.find(r => recordKey(r) === chosenKey) || records[0];

  const jobsById = new Map(jobs.map(j => [j.config.job_id, j]));
  const chartBox = el('section', {class: 'panel', id: 'anomaly-chart', 'aria-label': 'Chart of the selected anomaly'});
  root.replaceChildren(...[
    el('h1', {}, 'Anomaly explorer'),
    controls({from, to, range, span, viewBy, viewChoices, minScore}),
    el('section', {class: 'panel swimlanes'},
      swimlane({title: 'Overall', lanes: [{name: OVERALL, label: 'Overall', scores: overall}], from, interval, n: cells,
        selected, onSelect: select}),
      swimlane({title: 'View by ' + viewBy, lanes, from, interval, n: cells, selected, onSelect: select}),
      lanes.length ? null : el('p', {class: 'muted'}, `No influencer ${viewBy} in this time range.`)),
    selected ? el('p', {class: 'selection'}, `Selected: ${selected.lane === OVERALL ? 'overall' : viewBy + ' ' + selected.lane}, `,
      el('time', {}, new Date(selected.cell).toISOString().slice(0, 16).replace('T', ' ')), ' ',
      el('button', {onclick: () => setParams({lane: null, cell: null, a: null})}, 'Clear selection')) : null,
    chartBox,
    anomaliesTable({records, jobsById, chosen, onChoose: r => setParams({a: recordKey(r)})})].filter(Boolean));
  if (chosen) anomalyChart(chartBox, chosen, jobsById.get(chosen.job_id));
  else chartBox.replaceChildren(el('p', {class: 'muted'}, 'No anomaly in this selection.'));
}

/** By the score as shown (whole numbers), the newest first among equal ones, then by the exact score. */
function byShownScore(a, b) {
  return Math.round(b.record_score) - Math.round(a.record_score) || b.timestamp - a.timestamp || b.record_score - a.record_score;
}

function max(map, key, value) {
  if (!(map.get(key) >= value)) map.set(key, value);
}

async function results(jobs, from, to, viewBy, minScore) {
  const range = {start: from, end: to};
  const overall = api('/_ml/anomaly_detectors/_all/results/overall_buckets' + qs({...range, top_n: 1}));
  const influencers = Promise.all(jobs.filter(j => (j.config.analysis_config.influencers || []).includes(viewBy))
    .map(j => api(`/_ml/anomaly_detectors/${encodeURIComponent(j.config.job_id)}/results/influencers`
      + qs({...range, size: 10000, influencer_score: 0.01}))));
  const records = Promise.all(jobs.map(j => api(`/_ml/anomaly_detectors/${encodeURIComponent(j.config.job_id)}/results/records`
    + qs({...range, size: 1000, record_score: minScore}))));
  return {
    overall: (await overall).overall_buckets,
    influencers: (await influencers).flatMap(r => r.influencers).filter(i => i.influencer_field_name === viewBy),
    records: (await records).flatMap(r => r.records).sort(byShownScore),
  };
}

function controls({from, to, range, span, viewBy, viewChoices, minScore}) {
  const fromInput = el('input', {type: 'datetime-local', id: 'from', value: inputTime(from)});
  const toInput = el('input', {type: 'datetime-local', id: 'to', value: inputTime(to)});
  const apply = () => setParams({from: parseInputTime(fromInput.value), to: parseInputTime(toInput.value), lane: null, cell: null, a: null});
  const last = days => () => setParams({from: Math.floor((range.to - days * 864e5) / span) * span, to: null, lane: null, cell: null, a: null});
  return el('form', {class: 'controls', onsubmit: e => { e.preventDefault(); apply(); }},
    el('label', {}, 'From (UTC) ', fromInput), el('label', {}, 'To ', toInput),
    el('button', {type: 'submit'}, 'Apply'),
    el('button', {type: 'button', onclick: last(1)}, 'Last day'),
    el('button', {type: 'button', onclick: last(7)}, 'Last week'),
    el('button', {type: 'button', onclick: () => setParams({from: null, to: null, lane: null, cell: null, a: null})}, 'All data'),
    el('label', {}, 'View by ', el('select', {id: 'view-by', onchange: e => setParams({viewBy: e.target.value, lane: null, cell: null})},
      ...viewChoices.map(f => el('option', {value: f, selected: f === viewBy}, f)))),
    el('label', {}, 'Severity ≥ ', el('select', {id: 'severity', onchange: e => setParams({sev: e.target.value})},
      ...[...SEVERITIES].reverse().map(s => el('option', {value: s.min, selected: s.min === minScore}, `${s.label} (${s.min})`)))));
}
