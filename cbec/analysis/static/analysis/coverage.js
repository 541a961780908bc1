// Coverage heatmap; clicking a cell opens the crosswalk rows behind it. Data come from the page.
(function () {
  const data = JSON.parse(document.getElementById("coverage-data").textContent);
  const chart = echarts.init(document.getElementById("coverage-chart"));
  chart.setOption({
    tooltip: { formatter: (p) => `${data.frameworks[p.value[1]]}<br>${data.areas[p.value[0]]}: ${p.value[2]}` },
    grid: { left: 260, right: 20, top: 10, bottom: 150 },
    xAxis: { type: "category", data: data.areas, axisLabel: { rotate: 60, fontSize: 10 } },
    yAxis: { type: "category", data: data.frameworks, axisLabel: { fontSize: 10, width: 240, overflow: "truncate" } },
    visualMap: { min: 0, max: 1, orient: "horizontal", left: "center", bottom: 0, calculable: false,
                 inRange: { color: ["#f3f4f6", "#fcd34d", "#15803d"] } },
    series: [{ type: "heatmap", data: data.cells, label: { show: false } }],
  });
  chart.on("click", (p) => {
    if (p.value[2] > 0) {
      window.location = `/analysis/cell/${data.framework_codes[p.value[1]]}/${data.area_codes[p.value[0]]}/`;
    }
  });
  window.addEventListener("resize", () => chart.resize());
})();
