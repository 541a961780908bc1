// Demand charts of the monitor dashboard, drawn from the JSON the page embeds.
(function () {
  const el = document.getElementById("monitor-data");
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.textContent);
  const pct = (v) => (v * 100).toFixed(1) + "%";
  function lines(id, block, stack) {
    const node = document.getElementById(id);
    if (!node || !block.periods.length) return;
    echarts.init(node).setOption({
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 50, right: 20, top: 20, bottom: 50 },
      xAxis: { type: "category", data: block.periods },
      // Roles stack to the whole of each period's postings: the axis ends at 100 %.
      yAxis: { type: "value", max: stack ? 1 : undefined, axisLabel: { formatter: pct } },
      series: block.series.map((s) => ({ name: s.name, type: stack ? "bar" : "line", stack: stack ? "all" : undefined, data: s.data, showSymbol: false })),
    });
  }
  lines("area-chart", data.areas, false);
  lines("week-chart", data.areas_weekly, false);
  lines("role-chart", data.roles, true);
  function bars(id, rows) {
    const node = document.getElementById(id);
    if (!node || !rows.length) return;
    echarts.init(node).setOption({
      tooltip: {},
      grid: { left: 70, right: 20, top: 10, bottom: 30 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map((p) => p[0]) },
      series: [{ type: "bar", data: rows.map((p) => p[1]) }],
    });
  }
  bars("province-chart", data.provinces);
  bars("city-chart", data.cities);
})();
