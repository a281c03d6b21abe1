// The anomalies table: sorted by score, each row with its custom URLs and its details (the reason, influencers,
// the process's lineage) one click or Enter away.
import {api, qs} from './api.js';
import {badge, breakable, el, number, severity, time} from './format.js';
import {bucketSpanMs, foundFor, recordKey} from './ml.js';
import {customUrls} from './urls.js';
import {lineageList} from './lineage.js';

const PAGE = 50;

export function anomaliesTable({records, jobsById, chosen, onChoose}) {
  const body = el('tbody');
  let shown = 0;
  const more = el('button', {type: 'button', onclick: () => addRows()}, 'Show more');
  function addRows() {
    records.slice(shown, shown + PAGE).forEach(r => body.append(...rows(r, jobsById.get(r.job_id), r === chosen, onChoose)));
    shown += PAGE;
    more.hidden = shown >= records.length;
  }
  addRows();
  return el('section', {class: 'panel'},
    el('h2', {}, `Anomalies (${records.length})`),
    el('div', {class: 'table-wrap'}, el('table', {class: 'anomalies'},
      el('thead', {}, el('tr', {}, ...['', 'Time', 'Severity', 'Job / detector', 'Found for', 'Influenced by', 'Actual',
        'Typical', 'Reason', 'Links'].map(h => el('th', {scope: 'col'}, h)))),
      body)), more);
}

function rows(r, job, isChosen, onChoose) {
  const config = job?.config;
  const detector = config?.analysis_config.detectors[r.detector_index];
  const details = el('tr', {class: 'details', hidden: true}, el('td', {colspan: 10}));
  const toggle = el('button', {class: 'expand', 'aria-expanded': 'false', 'aria-label': 'Details', title: 'Details',
    onclick: () => {
      const open = details.hidden;
      details.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? '▾' : '▸';
      if (open && !details.dataset.filled) fill(details.firstChild, r, config);
    }}, '▸');
  const links = job ? customUrls(r, config, bucketSpanMs(job)) : [];
  const row = el('tr', {class: 'anomaly' + (isChosen ? ' chosen' : ''), 'data-key': recordKey(r),
      'data-severity': severity(r.record_score).label},
    el('td', {}, toggle),
    el('td', {class: 'nowrap'}, time(r.timestamp)),
    el('td', {}, badge(r.record_score)),
    el('td', {class: 'job'}, el('button', {class: 'link', title: 'Show its chart', onclick: () => onChoose(r)}, breakable(r.job_id)),
      el('div', {class: 'muted small'}, detector?.detector_description || r.function_description || r.function)),
    el('td', {class: 'found'}, ...Object.entries(foundFor(r)).map(([k, v]) => el('div', {}, el('span', {class: 'field'}, k), el('span', {class: 'value'}, breakable(v))))),
    el('td', {class: 'small influencers'}, ...otherInfluencers(r).map(([k, v]) => el('div', {}, el('span', {class: 'muted'}, k + ': '), v.join(', ')))),
    el('td', {}, number(r.actual)),
    el('td', {}, number(r.typical)),
    el('td', {class: 'reason small'}, reasonText(r)),
    el('td', {class: 'links'}, ...links.map(l => el('a', {href: l.href}, l.name))));
  return [row, details];
}

/** The influencers' values besides those the record is found for (which its own column shows). */
function otherInfluencers(r) {
  const own = foundFor(r);
  return (r.influencers || []).map(i => [i.influencer_field_name, i.influencer_field_values.filter(v => own[i.influencer_field_name] !== v)])
    .filter(([, values]) => values.length);
}

export function reasonText(r) {
  const reason = r.reason ?? r.anomaly_score_explanation;
  if (!reason) return '';
  return typeof reason === 'string' ? reason : Object.entries(reason).map(([k, v]) => `${k}: ${v}`).join('; ');
}

function fill(cell, r, config) {
  cell.parentElement.dataset.filled = 'true';
  const lineage = el('div', {class: 'lineage'});
  cell.replaceChildren(el('div', {class: 'detail-grid'},
    el('dl', {},
      ...pair('Description', config?.description), ...pair('Reason', reasonText(r)),
      ...pair('Probability', r.probability?.toExponential(2)), ...pair('Record score', number(r.record_score)),
      ...pair('Initial score', number(r.initial_record_score)), ...pair('Bucket span', r.bucket_span + ' s'),
      ...pair('Interim', String(!!r.is_interim))),
    el('div', {}, el('h4', {}, 'Process lineage'), lineage),
    el('details', {}, el('summary', {}, 'Record JSON'), el('pre', {}, JSON.stringify(r, null, 2)))));
  loadLineage(lineage, r);
}

function pair(k, v) {
  return v === undefined || v === null || v === '' ? [] : [el('dt', {}, k), el('dd', {}, v)];
}

/** The anomalous process's first event in its bucket, then that process's ancestry and children. */
async function loadLineage(box, r) {
  const values = foundFor(r);
  const host = values['host.name'];
  const executable = values['process.executable'] || (r.influencers || []).find(i => i.influencer_field_name === 'process.executable')?.influencer_field_values[0];
  if (!host || !executable) {
    box.replaceChildren(el('p', {class: 'muted'}, 'No single process to follow in this anomaly.'));
    return;
  }
  try {
    const query = {bool: {filter: [{term: {'process.executable': executable}}]}};
    const found = await api('/api/events' + qs({query, host, start: r.timestamp, end: r.timestamp + r.bucket_span * 1000, size: 1}));
    const event = found.events[0];
    if (!event) throw new Error('no stored event of ' + executable + ' in the bucket');
    const lineage = await api('/api/processes/lineage' + qs({host, pid: event['process.pid'], time: event['@timestamp']}));
    box.replaceChildren(lineageList(lineage));
  } catch (e) {
    box.replaceChildren(el('p', {class: 'muted'}, 'Lineage not available: ' + e.message));
  }
}
