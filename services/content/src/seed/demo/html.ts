// Small helpers for the demo texts: paragraphs and lists as the sanitiser allows them.
export const p = (...paras: string[]): string => paras.map((x) => `<p>${x}</p>`).join("");
export const ul = (...items: string[]): string => `<ul>${items.map((x) => `<li>${x}</li>`).join("")}</ul>`;
export const h2 = (x: string): string => `<h2>${x}</h2>`;
