// A swim lane: rows of cells (time buckets), each coloured by its highest score, as buttons one can click or reach
// with the arrow keys (one cell in the grid is in the tab order at a time).
import {el, severity, time} from './format.js';

/**
 * lanes: [{name, label, scores: Map(cellStart → score)}]; cells: n cells of interval ms from `from`;
 * selected: {lane, cell}; onSelect(lane, cellStart).
 */
export function swimlane({title, lanes, from, interval, n, selected, onSelect}) {
  const grid = el('div', {class: 'swimlane', role: 'grid', 'aria-label': title, style: {'--cells': n}});
  let tabbable = null;
  lanes.forEach((lane, row) => {
    const cells = el('div', {class: 'cells', role: 'row'});
    for (let i = 0; i < n; i++) {
      const start = from + i * interval;
      const score = lane.scores.get(start);
      const isSelected = selected && selected.lane === lane.name && selected.cell === start;
      if (score === undefined) {
        cells.append(el('span', {class: 'cell empty', role: 'gridcell'}));
        continue;
      }
      const s = severity(score);
      const button = el('button', {
        class: 'cell' + (isSelected ? ' selected' : ''), role: 'gridcell', tabindex: '-1',
        style: {background: s.color}, 'data-lane': lane.name, 'data-cell': start, 'data-score': Math.round(score),
        'aria-label': `${lane.label || lane.name}, ${time(start)}, score ${Math.round(score)} (${s.label})`,
        title: `${lane.label || lane.name}\n${time(start)} – ${time(start + interval)}\nmax score ${Math.round(score)} (${s.label})`,
        onclick: () => onSelect(lane.name, start),
      });
      if (isSelected || !tabbable) tabbable = button;
      cells.append(button);
    }
    grid.append(el('div', {class: 'lane', 'data-row': row},
      el('span', {class: 'lane-label', title: lane.label || lane.name}, lane.label || lane.name), cells));
  });
  if (tabbable) tabbable.tabIndex = 0;
  grid.addEventListener('keydown', e => moveFocus(grid, e));
  const axis = el('div', {class: 'lane axis'}, el('span', {class: 'lane-label'}),
    el('div', {class: 'ticks'}, ...ticks(from, interval, n)));
  return el('div', {class: 'swimlane-box'}, el('h3', {}, title), grid, axis);
}

function ticks(from, interval, n) {
  const count = Math.min(8, n);
  const out = [];
  for (let i = 0; i < count; i++) {
    const at = Math.round(i * n / count);
    out.push(el('span', {style: {left: (100 * at / n) + '%'}}, time(from + at * interval)));
  }
  return out;
}

function moveFocus(grid, e) {
  const buttons = [...grid.querySelectorAll('button.cell')];
  const current = buttons.indexOf(document.activeElement);
  if (current < 0) return;
  const here = buttons[current];
  let next = null;
  if (e.key === 'ArrowRight') next = buttons[current + 1];
  else if (e.key === 'ArrowLeft') next = buttons[current - 1];
  else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const lanes = [...grid.querySelectorAll('.lane')];
    const row = lanes.indexOf(here.closest('.lane')) + (e.key === 'ArrowDown' ? 1 : -1);
    const candidates = row >= 0 && row < lanes.length ? [...lanes[row].querySelectorAll('button.cell')] : [];
    const at = Number(here.dataset.cell);
    next = candidates.sort((a, b) => Math.abs(a.dataset.cell - at) - Math.abs(b.dataset.cell - at))[0];
  }
  if (next) {
    e.preventDefault();
    here.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }
}
