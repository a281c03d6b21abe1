// Module setup: the modules the stored events match, their jobs; a prefix, a time range, start after create.
import {api} from './api.js';
import {el, errorBox, parseInputTime} from './format.js';

export async function render(main) {
  const [modules, recognised] = await Promise.all([api('/api/modules'), api('/api/modules/_recognize').catch(e => ({error: e}))]);
  const matching = new Map((recognised.modules || []).map(m => [m.id, m]));
  main.replaceChildren(el('h1', {}, 'Module setup'),
    recognised.error ? errorBox(recognised.error) : el('p', {}, `${recognised.events_read} stored events read; `
      + `${matching.size} module(s) match them.`),
    ...[...modules.modules].sort((a, b) => matching.has(b.id) - matching.has(a.id)).map(m => card(m, matching.get(m.id))));
}

function card(module, match) {
  const out = el('div', {class: 'result'});
  const prefix = el('input', {name: 'prefix', placeholder: 'e.g. team1_', pattern: '[a-z0-9_-]*'});
  const start = el('input', {type: 'datetime-local', name: 'start'});
  const end = el('input', {type: 'datetime-local', name: 'end'});
  const run = el('input', {type: 'checkbox', name: 'start_datafeed', checked: true});
  const form = el('form', {class: 'controls', 'data-module': module.id, onsubmit: async e => {
    e.preventDefault();
    out.replaceChildren(el('p', {class: 'muted'}, 'Setting up…'));
    try {
      const made = await api(`/api/modules/${module.id}/_setup`, {method: 'POST', body: {prefix: prefix.value,
        start: parseInputTime(start.value), end: parseInputTime(end.value), start_datafeed: run.checked}});
      out.replaceChildren(el('p', {role: 'status'}, `${made.jobs.length} job(s) made: `),
        el('ul', {}, ...made.jobs.map(j => el('li', {'data-job': j.job_id}, `${j.job_id} (datafeed ${j.datafeed_id}${j.started ? ', run' : ''})`))),
        el('a', {href: '#/jobs'}, 'See them on the jobs page'), ' · ', el('a', {href: '#/explorer'}, 'their anomalies'));
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  }},
  el('label', {}, 'Job id prefix ', prefix), el('label', {}, 'From (UTC, empty: all data) ', start), el('label', {}, 'To ', end),
  el('label', {class: 'check'}, run, ' Start the datafeeds after creating the jobs'), el('button', {type: 'submit'}, 'Create jobs'));
  return el('section', {class: 'panel' + (match ? ' matches' : '')},
    el('h2', {}, module.title || module.id, match ? el('span', {class: 'tag'}, 'matches the data') : null),
    el('p', {}, module.description || ''),
    match?.findings?.length ? el('ul', {class: 'small'}, ...match.findings.map(f => el('li', {}, f))) : null,
    el('details', {}, el('summary', {}, `${module.jobs.length} jobs`), el('ul', {}, ...module.jobs.map(j => el('li', {}, j)))),
    form, out);
}
