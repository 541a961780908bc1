// Table 2 as a stacked bar chart; the data comes from the page (no network calls).
(function () {
  const data = JSON.parse(document.getElementById("programme-data").textContent);
  const chart = echarts.init(document.getElementById("programme-chart"));
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.labels },
    grid: { left: 40, right: 20, bottom: 90 },
    xAxis: { type: "category", data: data.provinces, axisLabel: { rotate: 60 } },
    yAxis: { type: "value" },
    series: [
      { name: data.labels[0], type: "bar", stack: "total", data: data.undergraduate },
      { name: data.labels[1], type: "bar", stack: "total", data: data.vocational },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
