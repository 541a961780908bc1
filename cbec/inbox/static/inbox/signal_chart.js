// A posting signal's monthly share, with the detected onset marked, from the JSON on the page.
(function () {
  const el = document.getElementById("signal-series");
  const node = document.getElementById("signal-chart");
  if (!el || !node || !window.echarts) return;
  const data = JSON.parse(el.textContent);
  const pct = (v) => (v * 100).toFixed(1) + "%";
  echarts.init(node).setOption({
    tooltip: { trigger: "axis", valueFormatter: pct },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: "category", data: data.periods },
    yAxis: { type: "value", axisLabel: { formatter: pct } },
    series: [
      {
        type: "line",
        data: data.shares,
        showSymbol: false,
        markLine: data.onset ? { symbol: "none", data: [{ xAxis: data.onset }], label: { formatter: data.onset } } : undefined,
      },
    ],
  });
})();
