import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCALE_DISTRICTS, scaleEnterpriseId, seedBureauScale } from "./helpers/bulk-seed.js";
import { type Harness, startHarness } from "./helpers/harness.js";

// The bureau overview at the scale: 200 enterprises × 25 devices = 5,000 devices, seeded
// straight into the state store. Times are measured and printed, not asserted.

const ENTERPRISES = 200;
const DEVICES = 25;

interface Row {
  id: string;
  profile: { district: string };
  devices: number;
  evidenceLevels: Record<string, number>;
  flags: Record<string, number>;
}
interface Overview {
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  view: { overall: { enterprises: string[] } };
  enterprises: Row[];
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const started = performance.now();
  await seedBureauScale(h.app, { enterprises: ENTERPRISES, devicesPerEnterprise: DEVICES });
  console.log(`bureau scale: seeded ${ENTERPRISES} enterprises × ${DEVICES} devices in ${ms(started)}`);
}, 180_000);

afterAll(async () => {
  await h?.close();
});

const ms = (since: number) => `${Math.round(performance.now() - since)} ms`;

async function overview(query: string): Promise<Overview> {
  const answer = await h.api("GET", `/api/v1/bureau/overview?${query}`, h.adminToken);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as Overview;
}

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => scaleEnterpriseId(from + i));

describe("bureau overview with 200 enterprises and 5,000 devices", () => {
  it("pages by enterprise id with the total, computing each report once per period", async () => {
    // An explicit period, so no minute boundary falls between the two timed requests.
    const to = `to=${Date.now()}`;
    let started = performance.now();
    const first = await overview(`${to}&page=1&pageSize=50`);
    const cold = ms(started);
    started = performance.now();
    const second = await overview(`${to}&page=2&pageSize=50`);
    const warm = ms(started);
    console.log(
      `bureau scale: GET /bureau/overview page 1 (cold, 200 reports) ${cold}; page 2 (cached) ${warm}`,
    );

    expect(first.total).toBe(ENTERPRISES);
    expect([first.page, first.pageSize, first.sort]).toEqual([1, 50, "id"]);
    expect(first.enterprises.map((e) => e.id)).toEqual(ids(0, 50));
    expect(second.enterprises.map((e) => e.id)).toEqual(ids(50, 100));
    expect((await overview("page=4&pageSize=50")).enterprises.map((e) => e.id)).toEqual(ids(150, 200));
    const beyond = await overview("page=5&pageSize=50");
    expect([beyond.total, beyond.enterprises.length]).toEqual([ENTERPRISES, 0]);
    // The roll-up covers every enterprise, not the page.
    expect(first.view.overall.enterprises).toHaveLength(ENTERPRISES);
    const all = await overview("pageSize=200");
    expect(all.enterprises.map((e) => e.id)).toEqual(ids(0, 200));
    expect((await overview("sort=-id&pageSize=3")).enterprises.map((e) => e.id)).toEqual([
      "ent-200",
      "ent-199",
      "ent-198",
    ]);
  }, 120_000);

  it("refuses pages larger than 200 and pages below 1", async () => {
    for (const query of ["pageSize=201", "page=0", "pageSize=0", "sort=name"]) {
      const answer = await h.api("GET", `/api/v1/bureau/overview?${query}`, h.adminToken);
      expect(answer.status, query).toBe(400);
    }
  });

  it("pages within a server-side filter", async () => {
    const pudong = ids(0, ENTERPRISES).filter((_, i) => i % SCALE_DISTRICTS.length === 0);
    const page2 = await overview("district=pudong&page=2&pageSize=20");
    expect(page2.total).toBe(pudong.length);
    expect(page2.enterprises.map((e) => e.id)).toEqual(pudong.slice(20, 40));
    expect(page2.enterprises.every((e) => e.profile.district === "pudong")).toBe(true);
  }, 60_000);

  it("gives each row its devices by evidence level and its flags by code", async () => {
    const { enterprises } = await overview("pageSize=200");
    for (const row of enterprises) {
      expect(row.devices, row.id).toBe(DEVICES);
      expect(
        Object.values(row.evidenceLevels).reduce((a, b) => a + b, 0),
        row.id,
      ).toBe(DEVICES);
      for (const [code, count] of Object.entries(row.flags)) {
        expect(code).toMatch(/^[A-Z_]+$/);
        expect(count).toBeGreaterThan(0);
      }
    }
    // Enterprises with data frames reach a level above "declared"; ent-001 sent none.
    expect(enterprises.find((e) => e.id === "ent-001")?.evidenceLevels.declared).toBe(DEVICES);
    expect(enterprises.some((e) => (e.evidenceLevels.declared ?? 0) < DEVICES)).toBe(true);
  }, 60_000);

  it("sorts by flag count, most first, ties by id, the same order on every page", async () => {
    const total = (r: Row) => Object.values(r.flags).reduce((a, b) => a + b, 0);
    const whole = (await overview("sort=-flags&pageSize=200")).enterprises;
    for (let i = 1; i < whole.length; i++) {
      const [a, b] = [whole[i - 1] as Row, whole[i] as Row];
      expect(total(a) > total(b) || (total(a) === total(b) && a.id < b.id), `${a.id} before ${b.id}`).toBe(
        true,
      );
    }
    const paged = [];
    for (let page = 1; page <= 4; page++)
      paged.push(...(await overview(`sort=-flags&pageSize=50&page=${page}`)).enterprises.map((e) => e.id));
    expect(paged).toEqual(whole.map((e) => e.id));
  }, 60_000);

  it("shows a profile change at once, the cache notwithstanding", async () => {
    await overview("district=xuhui");
    const patched = await h.api("PATCH", "/api/v1/enterprises/ent-001/profile", h.adminToken, {
      district: "xuhui",
    });
    expect(patched.status).toBe(200);
    const xuhui = await overview("district=xuhui");
    expect(xuhui.enterprises.map((e) => e.id)).toEqual(["ent-001"]);
  }, 60_000);
});
