// Tour marking form: the judge's total out of 100 (Σ mark ÷ maximum × weight) as they type,
// so a slip of the finger shows before saving. The server computes the real result.
(() => {
  const total = document.getElementById("mark-total");
  if (!total) return;
  const criteria = total.dataset.weights.split(",").filter(Boolean).map((row) => {
    const [pk, weight, max] = row.split(":");
    return { input: document.getElementById(`id_criterion_${pk}`), weight: Number(weight), max: Number(max) };
  });
  const update = () => {
    let sum = 0;
    for (const c of criteria) {
      const value = Number((c.input.value || "").trim());
      if (c.input.value.trim() === "" || Number.isNaN(value) || value < 0 || value > c.max) {
        total.textContent = "—";
        return;
      }
      sum += (value / c.max) * c.weight;
    }
    total.textContent = (Math.round(sum * 100) / 100).toFixed(2);
  };
  for (const c of criteria) {
    c.input.addEventListener("input", () => {
      // The server's message was about the value just replaced.
      for (const old of c.input.parentElement.querySelectorAll(".invalid-feedback")) old.remove();
      update();
    });
  }
  update();
})();
