// The browser test of report.html (issue 14 part 5): writes the report of a real `shieldsim assess --out`, of a
// real `shieldsim sweep --out` and of a real `shieldsim raid --out` (the studies share one template), opens each in Debian's chromium (headless, through playwright-core) at a phone's
// 390 px and a desk's 1,200 px, and checks what a reader gets: the page no wider than the screen (tables scroll
// inside their own box, figures scale down), the headlines and the matrix there, no console errors, nothing loaded
// but the page itself. Screenshots go to target/browser-test/report-*.png (to look at, not compared).
// Usage: node report.mjs [path/to/shieldsim] (default: target/release/shieldsim).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const bin = resolve(process.argv[2] || `${root}/target/release/shieldsim`);
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const outDir = process.env.SHIELDSIM_BROWSER_OUT || `${root}/target/browser-test`;
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1200, height: 900 },
];

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}${detail ? `: ${detail}` : ""}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}

/// Runs shieldsim with `args`, writing into `dir` (replaced).
function write(dir, args) {
  rmSync(dir, { recursive: true, force: true });
  execFileSync(bin, [...args, "--out", dir, "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
  return `${dir}/report.html`;
}

async function checkReport(browser, name, file, expect) {
  const url = pathToFileURL(file).href;
  for (const viewport of VIEWPORTS) {
    const page = await browser.newPage({ viewport });
    const errors = [];
    const outside = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      if (r.url() !== url && !r.url().startsWith("data:")) outside.push(r.url());
    });
    await page.goto(url, { waitUntil: "load" });
    const at = `${name} at ${viewport.width} px`;
    const m = await page.evaluate(() => {
      const doc = document.documentElement;
      // Tables wider than the screen must sit in a box that scrolls (and that box no wider than the page).
      const unboxed = [...document.querySelectorAll("table")].filter((t) => {
        const box = t.closest(".scroll");
        return !box || box.getBoundingClientRect().width > doc.clientWidth + 0.5;
      }).length;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 0.5 && !e.closest(".scroll"))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}${e.className ? "." + e.className : ""}`);
      const links = [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
      return {
        scrollWidth: doc.scrollWidth,
        clientWidth: doc.clientWidth,
        unboxed,
        wide,
        headlines: document.querySelectorAll("ul.headlines li").length,
        matrixRows: document.querySelectorAll("table.matrix tbody tr").length,
        matrixColumns: document.querySelectorAll("table.matrix thead th").length - 1,
        tables: document.querySelectorAll("table").length,
        fileLinks: links.filter((h) => !h.startsWith("#")).length,
        bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
        fontFamily: getComputedStyle(document.body).fontFamily,
      };
    });
    check(`${at}: no wider than the screen`, m.scrollWidth <= viewport.width,
      `scrollWidth ${m.scrollWidth} (client ${m.clientWidth})${m.wide.length ? `; too wide: ${m.wide.join(", ")}` : ""}`);
    check(`${at}: every table scrolls in its box`, m.unboxed === 0, `${m.tables} tables, ${m.unboxed} not boxed`);
    check(`${at}: headlines`, m.headlines === expect.headlines, `${m.headlines} (expected ${expect.headlines})`);
    if (expect.matrixRows !== undefined) {
      check(`${at}: matrix`, m.matrixRows === expect.matrixRows && m.matrixColumns === expect.matrixColumns,
        `${m.matrixRows} rows × ${m.matrixColumns} columns`);
    }
    check(`${at}: files linked`, m.fileLinks >= expect.minFileLinks, `${m.fileLinks} links to files`);
    check(`${at}: text at least 16 px`, m.bodyFont >= 16, `${m.bodyFont} px`);
    check(`${at}: the page's style applies`, m.fontFamily.includes("DejaVu Sans"), m.fontFamily);
    check(`${at}: no console errors`, errors.length === 0, errors.slice(0, 3).join(" | "));
    check(`${at}: nothing loaded but the page`, outside.length === 0, outside.slice(0, 3).join(", "));
    await page.screenshot({ path: `${outDir}/report-${name}-${viewport.width}.png` });
    // Each part as a reader scrolls to it (to look at).
    for (const id of ["matrix", "summary", "results", "figures", "files"]) {
      if (!(await page.evaluate((i) => { const e = document.getElementById(i); if (e) e.scrollIntoView(); return !!e; }, id))) continue;
      await page.screenshot({ path: `${outDir}/report-${name}-${viewport.width}-${id}.png` });
    }
    await page.close();
  }
}

async function main() {
  if (!existsSync(bin)) throw new Error(`${bin} not found: build it first (cargo build --release -p shieldsim-cli)`);
  mkdirSync(outDir, { recursive: true });
  const assessReport = write(`${outDir}/report-assess`, ["assess", "third-site-2007", "epaa-phase1-2011"]);
  const sweepReport = write(`${outDir}/report-sweep`, [
    "sweep", "third-site-2007", "--vary", "interceptors.gbi-2stage.burnout_speed_mps=5000,7000,9000",
  ]);
  const raidReport = write(`${outDir}/report-raid`, [
    "raid", "third-site-2007", "--force", "russia-us=100", "--seed", "7", "--trials", "2000",
  ]);
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ["--no-sandbox"] });
  try {
    await checkReport(browser, "assess", assessReport,
      { headlines: 2, matrixRows: 2, matrixColumns: 4, minFileLinks: 10 });
    await checkReport(browser, "sweep", sweepReport, { headlines: 4, minFileLinks: 3 });
    await checkReport(browser, "raid", raidReport, { headlines: 1, minFileLinks: 2 });
  } finally {
    await browser.close();
  }
}

main()
  .catch((e) => {
    failed += 1;
    console.log(`FAIL report browser test: ${e.stack || e}`);
  })
  .finally(() => {
    console.log(`report browser test: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
