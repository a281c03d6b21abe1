// The router: the page and its state live in the URL's hash (#/page?a=1&b=2), so every view is a shareable link.
import {disposeCharts} from './chart.js';
import {el, errorBox} from './format.js';

const PAGES = {
  explorer: () => import('./explorer.js'),
  jobs: () => import('./jobs.js'),
  setup: () => import('./setup.js'),
  process: () => import('./process.js'),
  rate: () => import('./rate.js'),
  health: () => import('./health.js'),
  alerts: () => import('./alerts.js'),
};

let shown = null;

export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name, query] = hash.split('?');
  return {name: PAGES[name] ? name : 'explorer', params: new URLSearchParams(query || '')};
}

/** Changes the current page's state in the URL; the page is told through its update(). */
export function setParams(changes) {
  const {name, params} = route();
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  location.hash = '#/' + name + (params.toString() ? '?' + params : '');
}

async function render() {
  const {name, params} = route();
  document.querySelectorAll('nav a').forEach(a => a.toggleAttribute('aria-current', a.dataset.page === name));
  if (shown && shown.name === name && shown.module.update) {
    shown.module.update(params);
    return;
  }
  disposeCharts();
  const main = document.getElementById('page');
  main.replaceChildren(el('p', {class: 'muted'}, 'Loading…'));
  try {
    const module = await PAGES[name]();
    shown = {name, module};
    main.replaceChildren();
    await module.render(main, params);
    // when the page's data is drawn, in ms since navigation began (bench ui reads it)
    document.body.dataset.drawnMs = performance.now().toFixed(0);
  } catch (e) {
    main.replaceChildren(errorBox(e));
  }
}

window.addEventListener('hashchange', render);
render();
