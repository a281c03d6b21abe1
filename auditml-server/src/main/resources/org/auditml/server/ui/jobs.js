// Jobs: state, events processed, latest bucket, memory status; open, close, start, stop, delete; each job's JSON.
import {api} from './api.js';
import {el, number, time} from './format.js';
import {bucketSpanMs, loadJobs} from './ml.js';

let root;

export async function render(main) {
  root = main;
  await draw();
}

async function draw(message) {
  const jobs = await loadJobs();
  const latest = await Promise.all(jobs.map(j => api(`/_ml/anomaly_detectors/${encodeURIComponent(j.config.job_id)}/results/buckets`
    + '?sort=timestamp&desc=true&size=1').then(b => b.buckets[0]?.timestamp, () => undefined)));
  const body = el('tbody');
  jobs.forEach((j, index) => {
    const id = j.config.job_id;
    const feed = j.datafeed?.datafeed_id;
    const d = j.stats?.data_counts || {};
    const m = j.stats?.model_size_stats || {};
    const json = el('tr', {hidden: true}, el('td', {colspan: 9}, el('pre', {}, JSON.stringify({job: j.config, datafeed: j.datafeed, stats: j.stats}, null, 2))));
    const action = (label, path, confirmText) => el('button', {type: 'button', 'data-action': label, onclick: async () => {
      if (confirmText && !confirm(confirmText)) return;
      try {
        await api(path, {method: label === 'delete' ? 'DELETE' : 'POST', body: label === 'delete' ? undefined : {}});
        await draw(`${label}: ${id} done`);
      } catch (e) {
        await draw(`${label} ${id}: ${e.message}`);
      }
    }}, label);
    const state = j.stats?.state || '';
    const feedState = j.datafeedStats?.state || '';
    body.append(el('tr', {'data-job': id},
      el('td', {}, el('strong', {}, id), el('div', {class: 'muted small'}, j.config.description || '')),
      el('td', {}, el('span', {class: 'state ' + state}, state)),
      el('td', {}, feed ? el('span', {class: 'state ' + feedState}, feedState) : el('span', {class: 'muted'}, 'none')),
      el('td', {class: 'num'}, number(d.processed_record_count || 0)),
      el('td', {class: 'nowrap'}, time(d.latest_bucket_timestamp ?? latest[index])),
      el('td', {}, m.memory_status || '', m.model_bytes ? el('div', {class: 'muted small'}, bytes(m.model_bytes)) : null),
      el('td', {}, learned(d, j)),
      el('td', {class: 'actions'},
        state === 'opened' ? action('close', `/_ml/anomaly_detectors/${id}/_close`) : action('open', `/_ml/anomaly_detectors/${id}/_open`),
        feed && feedState === 'started' ? action('stop', `/_ml/datafeeds/${feed}/_stop`) : null,
        feed && feedState !== 'started' && state === 'opened' ? action('start', `/_ml/datafeeds/${feed}/_start`) : null,
        action('delete', `/_ml/anomaly_detectors/${id}?force=true`, `Delete job ${id} and its results?`),
        el('button', {type: 'button', onclick: () => { json.hidden = !json.hidden; }}, 'JSON')),
      el('td', {}, el('a', {href: `#/explorer`}, 'Results'))), json);
  });
  root.replaceChildren(...[el('h1', {}, 'Jobs'), message ? el('p', {role: 'status'}, message) : null,
    jobs.length ? el('div', {class: 'table-wrap'}, el('table', {class: 'jobs'},
      el('thead', {}, el('tr', {}, ...['Job', 'State', 'Datafeed', 'Events processed', 'Latest bucket', 'Memory',
        'Learned from', 'Actions', ''].map(h => el('th', {scope: 'col'}, h)))), body))
      : el('p', {}, 'No job yet. ', el('a', {href: '#/setup'}, 'Set up a module.'))].filter(Boolean));
}

/** How much history the model has learned from: its buckets with data, as days. */
function learned(counts, job) {
  const buckets = (counts.bucket_count || 0) - (counts.empty_bucket_count || 0);
  const days = buckets * bucketSpanMs(job) / 864e5;
  return `${number(buckets)} buckets (${days >= 1 ? days.toFixed(1) + ' days' : Math.round(days * 24) + ' h'})`;
}

function bytes(n) {
  return n >= 1 << 20 ? (n / (1 << 20)).toFixed(1) + ' MB' : Math.ceil(n / 1024) + ' kB';
}
