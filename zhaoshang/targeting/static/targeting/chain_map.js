// The chain map: segments (up, mid, downstream) as header nodes joined by arrows, each link
// hanging under its segment; weak links are red. Data comes through json_script (no inline
// script under the CSP); clicking a link opens its page. Columns on a PC, one column on a phone.
(() => {
  const holder = document.getElementById("chain-data");
  const el = document.getElementById("chain-map");
  if (!holder || !el || !window.echarts) return;
  const data = JSON.parse(holder.textContent);
  const text = data.text || {};
  const RED = "#b71c1c";
  const BLUE = "#3d6fb6";
  const narrow = () => window.innerWidth < 576;
  let chart = null;

  const build = () => {
    const nodes = [];
    const edges = [];
    const phone = narrow();
    let row = 0;
    let tallest = 0;
    data.segments.forEach((segment, s) => {
      const head = `segment-${s}`;
      const headY = phone ? row * 60 : 0;
      nodes.push({
        id: head,
        name: segment.label,
        x: phone ? 0 : s * 300,
        y: headY,
        symbol: "roundRect",
        symbolSize: [88, 30],
        itemStyle: { color: "#37474f" },
        label: { show: true, color: "#fff", fontWeight: "bold" },
      });
      if (s > 0) edges.push({ source: `segment-${s - 1}`, target: head, lineStyle: { width: 3 } });
      row += 1;
      segment.links.forEach((link, n) => {
        const strength = link.local + link.projects;
        nodes.push({
          id: `${head}-${n}`,
          name: link.name,
          x: phone ? 200 : s * 300,
          y: phone ? row * 60 : (n + 1) * 70,
          url: link.url,
          link,
          symbolSize: Math.min(16 + strength * 3, 40),
          itemStyle: { color: link.weak ? RED : BLUE, borderColor: link.weak ? "#ffcdd2" : "#fff", borderWidth: link.weak ? 4 : 1 },
          label: { show: true, position: phone ? "right" : "bottom", color: link.weak ? RED : "#263238", fontWeight: link.weak ? "bold" : "normal" },
        });
        edges.push({ source: head, target: `${head}-${n}`, lineStyle: { type: "dashed", opacity: 0.5 } });
        row += 1;
      });
      tallest = Math.max(tallest, segment.links.length);
    });
    const height = phone ? 40 + row * 52 : 140 + tallest * 78;
    el.style.height = `${height}px`;
    return {
      animation: false,
      tooltip: {
        formatter: (p) => {
          const link = p.data && p.data.link;
          if (!link) return p.name;
          const weak = link.weak ? `<br><b style="color:${RED}">${text.weak}</b>` : "";
          return `${p.name}<br>${text.local}: ${link.local}<br>${text.projects}: ${link.projects}<br>${text.targets}: ${link.targets}${weak}`;
        },
      },
      series: [
        {
          type: "graph",
          layout: "none",
          roam: false,
          left: phone ? 50 : 60,
          right: phone ? 130 : 60,
          top: 30,
          bottom: 30,
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 8,
          data: nodes,
          links: edges,
          lineStyle: { color: "#90a4ae" },
          emphasis: { focus: "adjacency" },
        },
      ],
    };
  };

  const draw = () => {
    const option = build();
    if (!chart) {
      chart = echarts.init(el, null, { renderer: "svg" });
      chart.on("click", (params) => {
        const url = params.data && params.data.url;
        if (url) window.location.assign(url);
      });
    }
    chart.setOption(option, true);
    chart.resize();
  };
  draw();
  let wasNarrow = narrow();
  window.addEventListener("resize", () => {
    if (narrow() !== wasNarrow) {
      wasNarrow = narrow();
      draw();
    } else if (chart) {
      chart.resize();
    }
  });
})();
