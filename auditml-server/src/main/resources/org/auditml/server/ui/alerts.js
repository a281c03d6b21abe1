// Alerts: the anomalies sent to the alerts file's sinks, and those still pending (with their attempts and last error).
import {api, qs} from './api.js';
import {el, number, time} from './format.js';

export async function render(main) {
  const a = await api('/api/alerts' + qs({size: 200}));
  const summary = a.configured
    ? `${number(a.sent)} sent, ${number(a.pending)} pending, ${number(a.failed)} given up`
    : 'No alerts file: start serve with --alerts FILE to send anomalies to a webhook, a file, stdout or syslog.';
  main.replaceChildren(el('h1', {}, 'Alerts'), el('p', {class: 'muted'}, summary),
    el('section', {class: 'panel'}, el('div', {class: 'table-wrap'}, el('table', {},
      el('thead', {}, el('tr', {}, ...['Anomaly time', 'Job', 'Host', 'Value', 'Score', 'Sink', 'State', 'Attempts', 'Last error', 'Sent']
        .map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, ...a.alerts.map(x => el('tr', {class: x.state === 'sent' ? '' : 'warn', title: x.alert_id},
        el('td', {}, time(x.timestamp)), el('td', {}, x.job_id), el('td', {}, x.host || ''), el('td', {}, x.by_field_value || ''),
        el('td', {class: 'num'}, x.record_score.toFixed(0)), el('td', {}, x.sink), el('td', {}, x.state),
        el('td', {class: 'num'}, number(x.attempts)), el('td', {}, x.last_error || ''),
        el('td', {}, x.sent_at ? time(x.sent_at) : ''))))))));
}
