// The dashboard's charts. The page passes its figures with json_script (no inline script under
// the CSP); every bar, slice and point carries the URL of the project list behind its number,
// and a click opens it. SVG rendering keeps the elements real DOM nodes, sharp on phones.
(() => {
  const holder = document.getElementById("dashboard-data");
  if (!holder || !window.echarts) return;
  const data = JSON.parse(holder.textContent);
  const text = data.text || {};
  const narrow = () => window.innerWidth < 576;
  const RED = "#b71c1c";
  const PALETTE = ["#b71c1c", "#e57373", "#f0a35e", "#5c8fc7", "#6aa57a", "#9575cd", "#8d6e63", "#78909c"];
  const charts = [];

  const wan = (value) => Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  const tip = (item) =>
    `${item.label}<br>${text.count}: ${item.count}<br>${text.investment}: ${wan(item.investment)} ${text.unit}`;

  const mount = (name, option, rows) => {
    const el = document.querySelector(`[data-chart="${name}"]`);
    if (!el) return;
    const height = el.dataset.height === "auto" ? 60 + 30 * Math.max(rows || 1, 3) : Number(el.dataset.height);
    el.style.height = `${height}px`;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ color: PALETTE, animation: false, ...option });
    chart.on("click", (params) => {
      const url = params.data && params.data.url;
      if (url) window.location.assign(url);
    });
    charts.push(chart);
  };

  const categoryAxis = (labels) => ({
    type: "category",
    inverse: true,
    data: labels,
    axisLabel: { width: narrow() ? 90 : 160, overflow: "truncate", interval: 0 },
  });

  // A horizontal bar per item: its count, the investment in the tooltip.
  const bars = (name, items) => {
    if (!items || !items.length) {
      const el = document.querySelector(`[data-chart="${name}"]`);
      if (el) el.replaceWith(Object.assign(document.createElement("p"), { className: "text-muted small m-2", textContent: text.empty }));
      return;
    }
    mount(
      name,
      {
        grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "item", formatter: (p) => tip(p.data.item) },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: categoryAxis(items.map((i) => i.label)),
        series: [
          {
            type: "bar",
            name: text.count,
            label: { show: true, position: "right" },
            itemStyle: { color: RED },
            data: items.map((i) => ({ value: i.count, url: i.url, item: i })),
          },
        ],
      },
      items.length,
    );
  };

  const funnel = (items) => {
    const labels = items.map((i) => i.label);
    mount("funnel", {
      grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "item",
        formatter: (p) => {
          const i = p.data.item;
          const extra = i.conversion ? `<br>${text.conversion}: ${i.conversion}%` : "";
          const reached = i.pipeline ? `<br>${text.reached}: ${i.reached}` : "";
          return tip(i) + reached + extra;
        },
      },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: categoryAxis(labels),
      series: [
        {
          type: "bar",
          data: items.map((i) => ({
            value: i.count,
            url: i.url,
            item: i,
            itemStyle: { color: i.pipeline ? RED : "#9e9e9e" },
            label: {
              show: true,
              position: "right",
              formatter: i.conversion ? `${i.count}（↓${i.conversion}%）` : `${i.count}`,
            },
          })),
        },
      ],
    });
  };

  const ageing = (block) => {
    const stages = block.stages || [];
    const series = block.labels.map((label, index) => ({
      type: "bar",
      stack: "days",
      name: `${label} ${text.days}`,
      data: stages.map((s) => ({ value: s.buckets[index], url: s.bucket_urls[index] })),
    }));
    series.push({
      type: "scatter",
      name: text.stalled,
      symbolSize: 14,
      itemStyle: { color: "#d32f2f" },
      label: { show: true, position: "right", formatter: (p) => (p.value ? `${text.stalled} ${p.value}` : "") },
      data: stages.map((s) => ({ value: s.stalled, url: s.stalled_url })),
    });
    mount("ageing", {
      color: ["#ffcdd2", "#ef9a9a", "#e57373", "#b71c1c"],
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 8, right: 70, top: 8, bottom: 36, containLabel: true },
      tooltip: { trigger: "item" },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: categoryAxis(stages.map((s) => s.stage)),
      series,
    });
  };

  const pie = (name, items) => {
    mount(name, {
      tooltip: { trigger: "item", formatter: (p) => `${tip(p.data.item)}<br>${p.percent}%` },
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["35%", "65%"],
          label: { formatter: "{b}\n{c}（{d}%）" },
          data: items.map((i) => ({ name: i.label, value: i.count, url: i.url, item: i })),
        },
      ],
    });
  };

  // Targets against actual per unit: actual bars link to the unit's landed projects.
  const targets = (block) => {
    if (!block || !block.units.length) return;
    mount(
      "targets",
      {
        legend: { top: 0 },
        grid: { left: 8, right: 50, top: 30, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "value" },
        yAxis: categoryAxis(block.units.map((u) => u.label)),
        series: [
          {
            type: "bar",
            name: block.actual_name,
            itemStyle: { color: RED },
            label: { show: true, position: "right", formatter: (p) => (p.data.rate ? `${p.data.rate}%` : "") },
            data: block.units.map((u) => ({ value: Number(u.actual), url: u.url, rate: u.rate })),
          },
          {
            type: "bar",
            name: block.target_name,
            itemStyle: { color: "#bdbdbd" },
            data: block.units.map((u) => ({ value: u.target === null ? null : Number(u.target), url: u.url })),
          },
        ],
      },
      block.units.length * 0.9,
    );
  };

  const trend = (block) => {
    if (!block) return;
    const line = (series, color, dashed) => ({
      type: "line",
      name: series.name,
      smooth: false,
      itemStyle: { color },
      lineStyle: dashed ? { type: "dashed" } : undefined,
      data: series.points.map((p) => (p === null ? null : { value: p.count, url: p.url, investment: p.investment })),
    });
    mount("trend", {
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 30, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: (items) =>
          items
            .filter((p) => p.data)
            .map((p) => `${p.seriesName} ${p.name}: ${p.data.value}（${wan(p.data.investment)} ${text.unit}）`)
            .join("<br>"),
      },
      xAxis: { type: "category", data: block.months },
      yAxis: { type: "value", minInterval: 1, name: text.count },
      series: [line(block.current, RED, false), ...(block.previous ? [line(block.previous, "#78909c", true)] : [])],
    });
  };

  funnel(data.funnel || []);
  ageing(data.ageing || { labels: [], stages: [] });
  pie("sector", data.sector || []);
  bars("strategic", data.strategic);
  bars("region_group", data.region_group);
  bars("industry", data.industry);
  bars("platform", data.platform);
  targets(data.targets);
  trend(data.trend);

  let pending = null;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => charts.forEach((chart) => chart.resize()), 150);
  });
})();
