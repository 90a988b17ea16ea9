// A unit's targets: each indicator shows the milestone boxes of its schedule only (none,
// quarterly: March/June/September, monthly: January to November). Without this script every
// box shows, and the server still reads only the months of the chosen schedule.
(() => {
  const apply = (select) => {
    const block = select.closest("[data-metric]");
    if (!block) return;
    const schedule = select.value;
    block.querySelectorAll("[data-month-box]").forEach((box) => {
      const shown = schedule === "monthly" || (schedule === "quarterly" && box.dataset.quarter === "1");
      box.classList.toggle("d-none", !shown);
    });
    const holder = block.querySelector("[data-milestones]");
    if (holder) holder.classList.toggle("d-none", schedule === "none");
  };
  document.querySelectorAll("select[data-schedule]").forEach(apply);
  document.addEventListener("change", (event) => {
    if (event.target.matches("select[data-schedule]")) apply(event.target);
  });
})();
