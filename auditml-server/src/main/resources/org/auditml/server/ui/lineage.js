// A process's lineage: its ancestors (oldest first, ending with the process) and the processes it started.
import {el, seconds} from './format.js';

export function lineageList(lineage) {
  const line = p => `${p['process.executable'] || p['process.name'] || '?'} (pid ${p['process.pid'] ?? '?'})`;
  const chain = [...(lineage.ancestors || [])].reverse();
  return el('div', {class: 'lineage-tree'},
    el('p', {class: 'chain'}, [...chain.map(line), line(lineage.process)].join(' → ')),
    el('p', {class: 'small muted'}, `${(lineage.process['process.args'] || []).join(' ')} — ${lineage.process['user.name'] || ''}, `
      + seconds(lineage.process['@timestamp'])),
    lineage.children?.length ? el('div', {}, el('span', {class: 'muted'}, 'Started: '),
      el('ul', {}, ...lineage.children.map(c => el('li', {}, line(c) + ' ' + (c['process.args'] || []).slice(1).join(' '))))) : null);
}
