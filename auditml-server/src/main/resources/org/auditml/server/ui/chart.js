// ECharts (the vendored global `echarts`) in a container, resized with it and disposed when the page changes.
const charts = new Set();
const observer = new ResizeObserver(entries => entries.forEach(e => echarts.getInstanceByDom(e.target)?.resize()));

export function chart(container, option) {
  let c = echarts.getInstanceByDom(container);
  if (!c) {
    c = echarts.init(container, null, {renderer: 'canvas'});
    charts.add(c);
    observer.observe(container);
  }
  c.setOption({animation: false, textStyle: {fontFamily: 'inherit'}, ...option}, true);
  container.dataset.drawn = 'true';
  return c;
}

export function disposeCharts() {
  charts.forEach(c => {
    observer.unobserve(c.getDom());
    c.dispose();
  });
  charts.clear();
}

export const timeAxis = {type: 'time', axisLabel: {hideOverlap: true}};
