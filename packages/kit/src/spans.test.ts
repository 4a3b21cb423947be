// R-OPS-247: overlapping downtime counted once (the admin's availability screen and archive's reports).
import { unionMs } from "./spans";

const h = 3_600_000;

describe("unionMs", () => {
  it("counts overlapping spans once and adds disjoint ones", () => {
    // 06–08 and 07–09 overlap (3 h together); 12–13 apart (1 h)
    expect(
      unionMs([
        [7 * h, 9 * h],
        [6 * h, 8 * h],
        [12 * h, 13 * h],
      ]),
    ).toBe(4 * h);
  });

  it("counts a span inside another once and spans that touch as one", () => {
    expect(
      unionMs([
        [1 * h, 5 * h],
        [2 * h, 3 * h],
      ]),
    ).toBe(4 * h);
    expect(
      unionMs([
        [1 * h, 2 * h],
        [2 * h, 3 * h],
      ]),
    ).toBe(2 * h);
  });

  it("clips each span to the window and ignores empty or inverted spans", () => {
    const window = { from: 2 * h, to: 10 * h };
    expect(
      unionMs(
        [
          [0, 3 * h],
          [9 * h, 20 * h],
          [5 * h, 5 * h],
          [8 * h, 6 * h],
        ],
        window,
      ),
    ).toBe(2 * h);
    expect(unionMs([[11 * h, 12 * h]], window)).toBe(0);
    expect(unionMs([])).toBe(0);
  });
});
