// The shieldsim viewer: draws what the server's viewer documents say (shieldsim_app::view) on a CesiumJS globe and
// runs jobs through the server. It computes no physics: every number shown comes from the server.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const C = window.Cesium;
  const EPOCH = C.JulianDate.fromIso8601("2000-01-01T00:00:00Z");
  const ENGAGED = C.Color.fromCssColorString("#e03131");
  const NOT_ENGAGED = C.Color.fromCssColorString("#9aa0a6");
  const WINDOW = C.Color.fromCssColorString("#fcc419");
  const SITE = C.Color.fromCssColorString("#1c7ed6");
  const RADAR = C.Color.fromCssColorString("#74c0fc");
  const LAUNCH = C.Color.fromCssColorString("#c92a2a");
  const AIM = C.Color.fromCssColorString("#2b8a3e");
  // Viridis, five stops: the footprint's window levels, shortest to longest.
  const SCALE = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];

  // Test and measurement hooks (the browser test reads them).
  const hooks = { firstPaintMs: null, lastJob: null, counts: null, trackScreenPoint: null };
  window.shieldsim = hooks;

  const viewer = new C.Viewer("globe", {
    baseLayer: C.ImageryLayer.fromProviderAsync(
      C.TileMapServiceImageryProvider.fromUrl(C.buildModuleUrl("Assets/Textures/NaturalEarthII"))
    ),
    baseLayerPicker: false,
    geocoder: false,
    homeButton: false,
    sceneModePicker: false,
    navigationHelpButton: false,
    animation: false,
    timeline: false,
    fullscreenButton: false,
    infoBox: false,
    selectionIndicator: false,
    skyBox: false,
    // Draw only when something changed (the camera, a tile, an entity, the clock): an idle globe leaves the CPU to
    // the jobs (on a machine without a GPU the browser draws on the CPU).
    requestRenderMode: true,
    maximumRenderTimeChange: 0.5,
  });
  hooks.viewer = viewer;
  // Cheap to draw (a laptop without a GPU, a headless browser): the imagery stops at level 2 anyway, so coarser
  // tiles lose nothing; no fog or ground atmosphere.
  viewer.scene.globe.enableLighting = false;
  viewer.scene.globe.maximumScreenSpaceError = 6;
  viewer.scene.globe.showGroundAtmosphere = false;
  viewer.scene.fog.enabled = false;
  viewer.clock.startTime = EPOCH.clone();
  viewer.clock.currentTime = EPOCH.clone();
  viewer.clock.shouldAnimate = false;
  viewer.clock.multiplier = 30;

  const layers = {
    scenario: new C.CustomDataSource("scenario"),
    tracks: new C.CustomDataSource("tracks"),
    footprint: new C.CustomDataSource("footprint"),
    engage: new C.CustomDataSource("engage"),
  };
  for (const l of Object.values(layers)) viewer.dataSources.add(l);

  const state = {
    scenario: null, // built-in name, or null with text
    text: null,
    fileName: null,
    view: null,
    tracks: [],
    job: null,
    lastRun: null,
  };
  hooks.state = state;

  // ---- helpers -------------------------------------------------------------------------------------------
  const fmt = (v, d = 0) => (v === null || v === undefined ? "–" : Number(v).toFixed(d));
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }
  function ringPositions(ring) {
    const flat = [];
    for (const [lat, lon] of ring) flat.push(lon, lat);
    return C.Cartesian3.fromDegreesArray(flat);
  }
  async function getJson(url, options) {
    const r = await fetch(url, options);
    let body = null;
    try {
      body = await r.json();
    } catch (_) {
      body = { error: `the server answered ${r.status} without JSON` };
    }
    return { ok: r.ok, status: r.status, body };
  }
  function showError(id, text) {
    const e = $(id);
    e.textContent = text || "";
    e.hidden = !text;
  }
  function setClockEnd(seconds) {
    viewer.clock.stopTime = C.JulianDate.addSeconds(EPOCH, seconds, new C.JulianDate());
    $("time").max = String(Math.ceil(seconds));
  }
  function flyToPoints(points) {
    if (!points.length) return;
    let s = 90, n = -90, w = 180, e = -180;
    for (const [lat, lon] of points) {
      s = Math.min(s, lat); n = Math.max(n, lat); w = Math.min(w, lon); e = Math.max(e, lon);
    }
    const pad = 8;
    viewer.camera.setView({
      destination: C.Rectangle.fromDegrees(
        Math.max(-180, w - pad), Math.max(-89, s - pad), Math.min(180, e + pad), Math.min(89, n + pad)
      ),
    });
  }

  // The camera of a scenario's or corridor's map figure (the server's projection choice): straight down on the
  // pole for a transpolar view, else the figure's box (across the antimeridian for the Pacific).
  function flyToCamera(cam) {
    if (!cam) return false;
    if (cam.projection === "polar-azimuthal-equidistant") {
      viewer.camera.setView({
        destination: C.Cartesian3.fromDegrees(cam.lon_deg, cam.lat_deg > 0 ? 89.99 : -89.99, cam.height_km * 1000),
        orientation: { heading: 0, pitch: -C.Math.PI_OVER_TWO, roll: 0 },
      });
    } else {
      viewer.camera.setView({
        destination: C.Rectangle.fromDegrees(cam.west_deg, cam.south_deg, cam.east_deg, cam.north_deg),
      });
    }
    hooks.camera = cam;
    viewer.scene.requestRender();
    return true;
  }

  // Links to the map figure (PNG, SVG) of the scenario and of each corridor, with a button that turns the globe
  // to the corridor's view. Only for a built-in scenario: the server renders it by name.
  function showFigures(v, builtin) {
    const p = $("scenario-figures");
    p.textContent = "";
    if (!builtin) return;
    const base = `/api/scenarios/${encodeURIComponent(v.name)}/map`;
    const links = (q) => [
      el("a", { href: `${base}?${q}format=png`, target: "_blank", class: "figure-png" }, "PNG"),
      " · ",
      el("a", { href: `${base}?${q}format=svg`, target: "_blank", class: "figure-svg" }, "SVG"),
    ];
    const all = el("div", {}, "Map figure: ", ...links(""));
    p.append(all);
    for (const c of v.corridors) {
      const b = el("button", { type: "button", class: "corridor-view", "data-corridor": c.name }, c.name);
      b.addEventListener("click", () => flyToCamera(c.camera));
      p.append(el("div", {}, b, " ", ...links(`corridor=${encodeURIComponent(c.name)}&`)));
    }
  }

  // ---- scenario --------------------------------------------------------------------------------------------
  function drawScenario(v) {
    state.view = v;
    const L = layers.scenario.entities;
    L.removeAll();
    const points = [];
    for (const s of v.sites) {
      points.push([s.lat_deg, s.lon_deg]);
      L.add({
        name: s.name,
        position: C.Cartesian3.fromDegrees(s.lon_deg, s.lat_deg),
        point: { pixelSize: 9, color: SITE, outlineColor: C.Color.WHITE, outlineWidth: 1 },
        label: {
          text: `${s.name}\n${s.inventory} × ${s.interceptor}`, font: "12px sans-serif", fillColor: C.Color.WHITE,
          style: C.LabelStyle.FILL_AND_OUTLINE, outlineWidth: 3, pixelOffset: new C.Cartesian2(0, -18),
          distanceDisplayCondition: new C.DistanceDisplayCondition(0, 2.0e7),
        },
      });
      L.add({
        name: `${s.name} reach`,
        polygon: { hierarchy: ringPositions(s.reach_ring), material: SITE.withAlpha(0.12), height: 0 },
        polyline: { positions: ringPositions(s.reach_ring), width: 1.5, material: SITE.withAlpha(0.8) },
      });
    }
    for (const r of v.radars) {
      points.push([r.lat_deg, r.lon_deg]);
      L.add({
        name: r.id,
        position: C.Cartesian3.fromDegrees(r.lon_deg, r.lat_deg),
        point: { pixelSize: 7, color: RADAR, outlineColor: C.Color.BLACK, outlineWidth: 1 },
      });
      L.add({
        name: `${r.id} coverage`,
        polygon: { hierarchy: ringPositions(r.coverage_ring), material: RADAR.withAlpha(0.1), height: 0 },
        polyline: { positions: ringPositions(r.coverage_ring), width: 1, material: RADAR.withAlpha(0.7) },
      });
    }
    for (const c of v.corridors) {
      for (const p of c.launches) {
        points.push([p.lat_deg, p.lon_deg]);
        L.add({
          name: p.name, position: C.Cartesian3.fromDegrees(p.lon_deg, p.lat_deg),
          point: { pixelSize: 6, color: LAUNCH },
        });
      }
      for (const p of c.aims) {
        points.push([p.lat_deg, p.lon_deg]);
        L.add({
          name: p.name, position: C.Cartesian3.fromDegrees(p.lon_deg, p.lat_deg),
          point: { pixelSize: 5, color: AIM },
        });
      }
      if (c.launches.length && c.aims.length) {
        const mid = (ps) => [ps.reduce((a, p) => a + p.lat_deg, 0) / ps.length,
          ps.reduce((a, p) => a + p.lon_deg, 0) / ps.length];
        const [la, lo] = mid(c.launches);
        const [aa, ao] = mid(c.aims);
        L.add({
          name: c.name,
          polyline: {
            positions: C.Cartesian3.fromDegreesArray([lo, la, ao, aa]), width: 2, arcType: C.ArcType.GEODESIC,
            material: new C.PolylineDashMaterialProperty({ color: C.Color.WHITE.withAlpha(0.6) }),
          },
          position: C.Cartesian3.fromDegrees((lo + ao) / 2, (la + aa) / 2),
          label: { text: c.name, font: "12px sans-serif", fillColor: C.Color.WHITE, style: C.LabelStyle.FILL_AND_OUTLINE,
            outlineWidth: 3 },
        });
      }
    }
    // The footprint's missile: every threat missile of the scenario; the first corridor's longest-ranged one is
    // chosen (its footprint covers the most ground: a short-range first missile often reaches no defended point).
    const first = v.corridors.length ? v.corridors[0].name : null;
    const range = (m) => (m.published_max_range_km === null ? 0 : m.published_max_range_km);
    const lead = v.missiles.filter((m) => m.corridors.includes(first)).sort((a, b) => range(b) - range(a))[0];
    // Offered in a list; any catalogue id may be typed.
    $("fp-missiles").replaceChildren(...v.missiles.map((m) => el("option", { value: m.id },
      `${m.name}${m.published_max_range_km === null ? "" : ` (${fmt(m.published_max_range_km)} km)`}`)));
    $("fp-missile").value = lead ? lead.id : "";
    $("scenario-title").textContent = `${v.name}: ${v.title}`;
    const n = v.corridors.reduce((a, c) => a + c.trajectories, 0);
    $("scenario-counts").textContent =
      `${v.sites.length} sites, ${v.radars.length} radars, ${v.corridors.length} corridors, ${n} trajectories` +
      (v.early_warning ? ", space-based early warning" : "");
    if (!flyToCamera(v.camera)) flyToPoints(points);
    showFigures(v, false);
    clearResults();
    updateCounts();
    viewer.scene.requestRender();
  }

  function clearResults() {
    layers.tracks.entities.removeAll();
    layers.footprint.entities.removeAll();
    layers.engage.entities.removeAll();
    state.tracks = [];
    $("matrix-section").hidden = true;
    $("track-section").hidden = true;
    $("footprint-section").hidden = true;
    $("files-section").hidden = true;
  }

  async function loadBuiltin(name) {
    const r = await getJson(`/api/scenarios/${encodeURIComponent(name)}`);
    if (!r.ok) {
      showError("diagnostics", r.body.error);
      return false;
    }
    showError("diagnostics", "");
    state.scenario = name;
    state.text = null;
    state.fileName = null;
    $("scenario-text").value = r.body.toml;
    drawScenario(r.body.view);
    showFigures(r.body.view, true);
    updateShare();
    return true;
  }

  async function checkText(text, fileName) {
    const r = await getJson("/api/scenario", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text, file_name: fileName || null }),
    });
    if (!r.ok) {
      // The command line's message, with file:line:column.
      showError("diagnostics", r.body.error);
      return false;
    }
    showError("diagnostics", "");
    state.scenario = null;
    state.text = text;
    state.fileName = fileName || null;
    drawScenario(r.body.view);
    showFigures(r.body.view, true);
    updateShare();
    return true;
  }

  function scenarioFields() {
    return state.text !== null
      ? { scenario_text: state.text, file_name: state.fileName }
      : { scenario: state.scenario };
  }

  // ---- jobs ------------------------------------------------------------------------------------------------
  function runJob(body) {
    showError("job-error", "");
    return new Promise((resolve) => {
      getJson("/api/jobs", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => {
        if (!r.ok) {
          showError("job-error", r.body.error);
          resolve(null);
          return;
        }
        state.job = r.body.id;
        $("job").hidden = false;
        $("job-progress").value = 0;
        $("job-text").textContent = `${body.kind}: starting…`;
        const started = performance.now();
        const es = new EventSource(r.body.events);
        es.addEventListener("progress", (ev) => {
          const p = JSON.parse(ev.data);
          $("job-progress").max = Math.max(1, p.total);
          $("job-progress").value = p.done;
          $("job-text").textContent = `${body.kind} ${p.stage}: ${p.done} of ${p.total} ${p.unit}`;
        });
        const finish = (ev, ok) => {
          es.close();
          const s = JSON.parse(ev.data);
          const secs = (performance.now() - started) / 1000;
          hooks.lastJob = { kind: body.kind, id: s.id, ok, seconds: secs };
          state.job = null;
          $("job-progress").value = $("job-progress").max;
          if (ok) {
            $("job-text").textContent = `${body.kind}: done in ${secs.toFixed(1)} s`;
            showFiles(s.id, s.files);
            resolve(s.status.result);
          } else {
            $("job-text").textContent = `${body.kind}: ${s.status.kind === "cancelled" ? "cancelled" : "failed"}`;
            showError("job-error", s.status.error);
            resolve(null);
          }
        };
        es.addEventListener("done", (ev) => finish(ev, true));
        es.addEventListener("failed", (ev) => finish(ev, false));
        es.onerror = () => {
          if (es.readyState === EventSource.CLOSED || state.job !== null) {
            es.close();
            if (state.job !== null) {
              state.job = null;
              showError("job-error", "lost the connection to the server");
              resolve(null);
            }
          }
        };
      });
    });
  }

  function showFiles(id, files) {
    const ul = $("files");
    ul.replaceChildren();
    for (const f of files || []) {
      const a = el("a", { href: `/api/jobs/${id}/files/${encodeURIComponent(f.name)}`, download: f.name }, f.name);
      ul.append(el("li", {}, a, ` (${(f.bytes / 1024).toFixed(1)} kB)`));
    }
    $("files-section").hidden = !files || !files.length;
  }

  async function runAssess() {
    state.lastRun = "assess";
    updateShare();
    const all = $("assess-all").checked;
    const result = await runJob(all ? { kind: "assess", all_scenarios: true } : { kind: "assess", ...scenarioFields() });
    if (result) drawAssessment(result.view);
  }

  async function runFootprint() {
    state.lastRun = "footprint";
    updateShare();
    const spacing = Number($("fp-spacing").value);
    const result = await runJob({
      kind: "footprint", ...scenarioFields(), region: $("fp-region").value,
      spacing_deg: Number.isFinite(spacing) ? spacing : -1, levels_s: $("fp-levels").value,
      missile: $("fp-missile").value.trim() || null,
    });
    if (result) drawFootprint(result.view);
  }

  // ---- assessment ------------------------------------------------------------------------------------------
  function drawAssessment(v) {
    const L = layers.tracks.entities;
    L.removeAll();
    layers.engage.entities.removeAll();
    state.tracks = v.tracks;
    const animate = v.tracks.length <= 800;
    for (const t of v.tracks) {
      const flat = [];
      for (const p of t.path) flat.push(p[2], p[1], p[3] * 1000);
      const engaged = t.verdict === "engageable";
      const track = L.add({
        id: `track-${t.index}`,
        name: `${t.missile} ${t.launch} → ${t.aim}`,
        polyline: {
          positions: C.Cartesian3.fromDegreesArrayHeights(flat), width: engaged ? 2.5 : 1.5, arcType: C.ArcType.NONE,
          material: engaged ? ENGAGED.withAlpha(0.9) : NOT_ENGAGED.withAlpha(0.55),
        },
      });
      track.shieldsimTrack = t.index;
      if (t.window_path.length > 1) {
        const w = [];
        for (const p of t.window_path) w.push(p[2], p[1], p[3] * 1000);
        const win = L.add({
          id: `window-${t.index}`,
          polyline: { positions: C.Cartesian3.fromDegreesArrayHeights(w), width: 5, arcType: C.ArcType.NONE,
            material: WINDOW },
        });
        win.shieldsimTrack = t.index;
      }
      if (animate && t.path.length > 1) {
        const pos = new C.SampledPositionProperty();
        for (const p of t.path) {
          pos.addSample(C.JulianDate.addSeconds(EPOCH, p[0], new C.JulianDate()),
            C.Cartesian3.fromDegrees(p[2], p[1], p[3] * 1000));
        }
        const last = t.path[t.path.length - 1][0];
        L.add({
          id: `threat-${t.index}`,
          availability: new C.TimeIntervalCollection([new C.TimeInterval({
            start: EPOCH, stop: C.JulianDate.addSeconds(EPOCH, last, new C.JulianDate()) })]),
          position: pos,
          point: { pixelSize: 5, color: engaged ? ENGAGED : C.Color.LIGHTGRAY },
        });
      }
    }
    setClockEnd(v.end_s);
    drawMatrix(v.matrix);
    updateCounts();
    viewer.scene.requestRender();
  }

  function drawMatrix(cells) {
    const scenarios = [...new Set(cells.map((c) => c.scenario))];
    const corridors = [...new Set(cells.map((c) => c.corridor))];
    const table = el("table");
    table.append(el("tr", {}, el("th", {}, ""), ...corridors.map((c) => el("th", {}, c))));
    for (const s of scenarios) {
      const row = el("tr", {}, el("th", {}, s));
      for (const c of corridors) {
        const cell = cells.find((x) => x.scenario === s && x.corridor === c);
        if (!cell) { row.append(el("td", {}, "")); continue; }
        const share = cell.share === null ? 0 : cell.share;
        const td = el("td", { class: "cell", title: `${cell.out_of_range} out of the missiles' reach (not in N)` },
          `${cell.engageable} of ${cell.evaluated}`,
          el("small", {}, cell.share === null ? "none flown" : `${Math.round(share * 100)} %` +
            (cell.window_p50_s !== null ? ` · window ${fmt(cell.window_p50_s)} s` : "")));
        // White (none engageable) to red (all).
        td.style.background = `rgba(224, 49, 49, ${0.08 + 0.75 * share})`;
        td.style.color = share > 0.55 ? "#fff" : "#1d2329";
        row.append(td);
      }
      table.append(row);
    }
    $("matrix").replaceChildren(table);
    $("matrix-section").hidden = false;
  }

  function selectTrack(index) {
    const t = state.tracks.find((x) => x.index === index);
    if (!t) return;
    hooks.selectedTrack = index;
    $("track-section").hidden = false;
    $("track-title").textContent =
      `${t.missile} (${t.shape}) ${t.launch} → ${t.aim}, ${t.corridor}: ${t.verdict.replace("_", " ")}`;
    const rows = [
      ["verdict", t.reason],
      ["intercept window", `${fmt(t.window_s)} s`],
      ["shots (shoot-look-shoot)", String(t.shots)],
      ["sites with a window", t.sites.join(", ") || "none"],
      ["launch enabled by", t.enabled_by || "–"],
      ["impact", `${fmt(t.impact_t_s)} s after launch`],
    ];
    if (t.earliest) {
      rows.push(["earliest intercept", `${fmt(t.earliest.t_s)} s at ${fmt(t.earliest.alt_km)} km, from ${t.earliest.site}`]);
      rows.push(["  interceptor launch", `${fmt(t.earliest.launch_s)} s`]);
      rows.push(["  closing speed", `${fmt(t.earliest.closing_speed_mps)} m/s`]);
    }
    if (t.latest) rows.push(["latest intercept", `${fmt(t.latest.t_s)} s at ${fmt(t.latest.alt_km)} km, from ${t.latest.site}`]);
    $("track-numbers").replaceChildren(...rows.map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", {}, v))));
    $("track-timeline").replaceChildren(timelineSvg(t));
    // The engage form, filled from the track (the user may change it).
    const first = t.path[0];
    const last = t.path[t.path.length - 1];
    $("en-from").value = `${fmt(first[1], 3)},${fmt(first[2], 3)}`;
    $("en-to").value = `${fmt(last[1], 3)},${fmt(last[2], 3)}`;
    $("en-missile").value = t.missile;
    // The rest from the scenario's engage preset for the interceptor type of the site that engages first (else
    // the first site's): the same radars, roles, links and rules, so that engage repeats the assessment's verdict.
    const sites = state.view ? state.view.sites : [];
    const lead = sites.find((s) => t.earliest && s.name === t.earliest.site) || sites[0];
    const preset = lead && state.view.engage_presets.find((p) => p.interceptor === lead.interceptor);
    if (preset) {
      $("en-interceptor").value = preset.interceptor;
      $("en-sites").value = preset.sites.join(";");
      $("en-radars").value = preset.radars.join(";");
      $("en-roles").value = preset.radar_roles.join(";");
      $("en-links").value = preset.links.join(";");
      $("en-ew").checked = preset.early_warning;
      $("en-ew-delay").value = preset.early_warning_delay_s === null ? "60" : String(preset.early_warning_delay_s);
      $("en-delay").value = String(preset.decision_delay_s);
      $("en-rule").value = preset.launch_rule;
      $("en-launch-time").value = preset.launch_time_s === null ? "" : String(preset.launch_time_s);
      const others = sites.filter((s) => s.interceptor !== preset.interceptor).map((s) => s.name);
      $("en-note").textContent = `Sites: ${preset.site_names.join(", ")} (engage calls them ` +
        `${preset.sites.length === 1 ? "site" : "site-1, site-2, …"}).` +
        (others.length ? ` Left out (another interceptor type): ${others.join(", ")}.` : "");
    }
    $("en-command").hidden = true;
    const wanted = C.JulianDate.addSeconds(EPOCH, t.earliest ? t.earliest.t_s : 0, new C.JulianDate());
    viewer.clock.currentTime = wanted;
    $("time").value = String(t.earliest ? Math.round(t.earliest.t_s) : 0);
    updateTimeText();
    viewer.scene.requestRender();
  }
  hooks.selectTrack = selectTrack;

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // The engagement timeline: the threat's flight from launch to impact, the interceptor's launch, and the
  // intercept window, in seconds after the threat's launch.
  function timelineSvg(t) {
    const W = 350, H = 86, x0 = 10, x1 = W - 10;
    const x = (s) => x0 + (x1 - x0) * (s / Math.max(1, t.impact_t_s));
    const g = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
      "aria-label": "engagement timeline" });
    g.append(svg("rect", { x: x0, y: 30, width: x1 - x0, height: 10, fill: "#ced4da" }));
    g.append(svg("text", { x: x0, y: 22 }, "launch 0 s"));
    g.append(svg("text", { x: x1, y: 22, "text-anchor": "end" }, `impact ${fmt(t.impact_t_s)} s`));
    if (t.earliest && t.latest) {
      g.append(svg("rect", { x: x(t.earliest.t_s), y: 27, width: Math.max(2, x(t.latest.t_s) - x(t.earliest.t_s)),
        height: 16, fill: "#fcc419", stroke: "#e67700" }));
      g.append(svg("line", { x1: x(t.earliest.launch_s), x2: x(t.earliest.launch_s), y1: 26, y2: 60,
        stroke: "#1c7ed6", "stroke-width": 2 }));
      g.append(svg("text", { x: x(t.earliest.launch_s), y: 72, "text-anchor": "middle" },
        `interceptor launch ${fmt(t.earliest.launch_s)} s`));
      g.append(svg("text", { x: x(t.earliest.t_s), y: 56, "text-anchor": "end" }, `${fmt(t.earliest.t_s)}`));
      g.append(svg("text", { x: x(t.latest.t_s), y: 56, "text-anchor": "start" }, `${fmt(t.latest.t_s)} s`));
    } else {
      g.append(svg("text", { x: W / 2, y: 60, "text-anchor": "middle" }, "no intercept window"));
    }
    return g;
  }

  async function runEngage() {
    const split = (s) => s.split(";").map((x) => x.trim()).filter((x) => x.length);
    const num = (id) => ($(id).value.trim() === "" ? null : Number($(id).value));
    const body = {
      kind: "engage", threat_from: $("en-from").value, threat_to: $("en-to").value, missile: $("en-missile").value,
      interceptor: $("en-interceptor").value, site: split($("en-sites").value), radar: split($("en-radars").value),
      radar_role: split($("en-roles").value), link: split($("en-links").value), early_warning: $("en-ew").checked,
      early_warning_delay_s: $("en-ew").checked ? num("en-ew-delay") : null, decision_delay_s: num("en-delay"),
      launch_rule: $("en-rule").value, launch_time_s: num("en-launch-time"),
    };
    // The same run on the command line (quoted for a POSIX shell).
    const q = (x) => `'${String(x).replace(/'/g, "'\\''")}'`;
    const args = ["shieldsim engage", `--threat-from ${q(body.threat_from)}`, `--threat-to ${q(body.threat_to)}`,
      `--missile ${q(body.missile)}`, `--interceptor ${q(body.interceptor)}`,
      ...body.site.map((x) => `--site ${q(x)}`), ...body.radar.map((x) => `--radar ${q(x)}`),
      ...body.radar_role.map((x) => `--radar-role ${q(x)}`), ...body.link.map((x) => `--link ${q(x)}`),
      body.early_warning ? "--early-warning on" : "--early-warning off",
      ...(body.early_warning_delay_s === null ? [] : [`--early-warning-delay-s ${body.early_warning_delay_s}`]),
      ...(body.decision_delay_s === null ? [] : [`--decision-delay-s ${body.decision_delay_s}`]),
      `--launch-rule ${body.launch_rule}`,
      ...(body.launch_time_s === null ? [] : [`--launch-time-s ${body.launch_time_s}`])];
    $("en-command").textContent = args.join(" \\\n  ");
    $("en-command").hidden = false;
    const result = await runJob(body);
    const out = $("engage-result");
    if (!result) { out.hidden = true; return; }
    const d = result.document;
    const lines = [`verdict: ${d.engageable ? "ENGAGEABLE" : "NOT ENGAGEABLE"}`, `reason: ${d.reason}`,
      `impact: ${fmt(d.threat.impact_s)} s`, `shots: ${d.shots}`];
    layers.engage.entities.removeAll();
    if (d.window) {
      lines.push(`window: ${fmt(d.window.duration_s)} s (${fmt(d.window.earliest.t_s)} to ${fmt(d.window.latest.t_s)} s)`);
      for (const p of [d.window.earliest, d.window.latest]) {
        layers.engage.entities.add({
          position: C.Cartesian3.fromDegrees(p.lon_deg, p.lat_deg, p.alt_km * 1000),
          point: { pixelSize: 10, color: WINDOW, outlineColor: C.Color.BLACK, outlineWidth: 1 },
        });
      }
    }
    out.textContent = lines.join("\n");
    out.hidden = false;
    viewer.scene.requestRender();
  }

  // ---- footprint -------------------------------------------------------------------------------------------
  function drawFootprint(v) {
    const L = layers.footprint.entities;
    L.removeAll();
    const colours = v.levels.map((_, i) => C.Color.fromCssColorString(
      SCALE[Math.round((i * (SCALE.length - 1)) / Math.max(1, v.levels.length - 1))]));
    v.levels.forEach((level, i) => {
      for (const poly of level.polygons) {
        const [outer, ...holes] = poly;
        L.add({
          name: `window ≥ ${level.level_s} s`,
          polygon: {
            hierarchy: new C.PolygonHierarchy(ringPositions(outer),
              holes.map((h) => new C.PolygonHierarchy(ringPositions(h)))),
            material: colours[i].withAlpha(0.45), height: 0, arcType: C.ArcType.RHUMB,
          },
        });
      }
    });
    L.add({
      name: v.fixed.name, position: C.Cartesian3.fromDegrees(v.fixed.lon_deg, v.fixed.lat_deg),
      point: { pixelSize: 10, color: v.mode === "aims" ? LAUNCH : AIM, outlineColor: C.Color.WHITE, outlineWidth: 2 },
      label: { text: v.fixed.name, font: "12px sans-serif", pixelOffset: new C.Cartesian2(0, -16),
        style: C.LabelStyle.FILL_AND_OUTLINE, outlineWidth: 3 },
    });
    $("footprint-text").textContent =
      `${v.mode === "aims" ? "Aim points" : "Launch points"} engageable: ${v.engageable_points} of ${v.points} ` +
      `grid points (${v.spacing_deg}° grid); longest window ${fmt(v.max_window_s)} s.` +
      (v.engageable_points === 0 ? " No point is engageable with this missile from here: a longer-ranged " +
        "missile, or another launch point, may reach the defended area." : "");
    const legend = $("footprint-legend");
    legend.replaceChildren(...v.levels.map((level, i) => {
      const sw = el("span", { class: "sw" });
      sw.style.background = colours[i].toCssColorString();
      return el("div", {}, sw, level.level_s === 0 ? "engageable (window > 0 s)" : `window ≥ ${level.level_s} s`);
    }));
    $("footprint-section").hidden = false;
    updateCounts();
    viewer.scene.requestRender();
  }

  // ---- time, picking, share, counts ------------------------------------------------------------------------
  function updateTimeText() {
    const t = C.JulianDate.secondsDifference(viewer.clock.currentTime, EPOCH);
    $("time-text").textContent = `t = ${Math.round(t)} s`;
  }
  $("time").addEventListener("input", () => {
    viewer.clock.currentTime = C.JulianDate.addSeconds(EPOCH, Number($("time").value), new C.JulianDate());
    updateTimeText();
    viewer.scene.requestRender();
  });
  $("play").addEventListener("click", () => {
    viewer.clock.shouldAnimate = !viewer.clock.shouldAnimate;
    $("play").textContent = viewer.clock.shouldAnimate ? "Pause" : "Play";
  });
  viewer.clock.onTick.addEventListener((clock) => {
    if (clock.shouldAnimate) {
      $("time").value = String(Math.round(C.JulianDate.secondsDifference(clock.currentTime, EPOCH)));
      updateTimeText();
    }
  });

  const handler = new C.ScreenSpaceEventHandler(viewer.scene.canvas);
  handler.setInputAction((click) => {
    const picked = viewer.scene.drillPick(click.position, 5, 3, 3);
    for (const p of picked) {
      if (p && p.id && p.id.shieldsimTrack !== undefined) {
        selectTrack(p.id.shieldsimTrack);
        return;
      }
    }
  }, C.ScreenSpaceEventType.LEFT_CLICK);

  // Where track `index` is drawn on the canvas (the point of its path nearest its apogee), for the browser test.
  hooks.trackScreenPoint = (index) => {
    const t = state.tracks.find((x) => x.index === index);
    if (!t) return null;
    let best = t.path[0];
    for (const p of t.path) if (p[3] > best[3]) best = p;
    const w = C.SceneTransforms.worldToWindowCoordinates(viewer.scene,
      C.Cartesian3.fromDegrees(best[2], best[1], best[3] * 1000));
    if (!w) return null;
    const r = viewer.scene.canvas.getBoundingClientRect();
    return { x: r.left + w.x, y: r.top + w.y };
  };

  function updateCounts() {
    hooks.counts = {
      scenario: layers.scenario.entities.values.length,
      sites: state.view ? state.view.sites.length : 0,
      radars: state.view ? state.view.radars.length : 0,
      tracks: layers.tracks.entities.values.filter((e) => e.id.startsWith("track-")).length,
      windows: layers.tracks.entities.values.filter((e) => e.id.startsWith("window-")).length,
      footprintPolygons: layers.footprint.entities.values.filter((e) => e.polygon).length,
    };
  }

  function updateShare() {
    const q = new URLSearchParams();
    if (state.scenario) q.set("scenario", state.scenario);
    if (state.lastRun) q.set("run", state.lastRun);
    if (state.lastRun === "assess" && $("assess-all").checked) q.set("all", "1");
    if (state.lastRun === "footprint") {
      q.set("region", $("fp-region").value);
      q.set("spacing", $("fp-spacing").value);
      q.set("levels", $("fp-levels").value);
      if ($("fp-missile").value.trim()) q.set("missile", $("fp-missile").value.trim());
    }
    const url = `${location.origin}${location.pathname}?${q.toString()}`;
    $("share-url").value = state.scenario ? url : "(a scenario of your own is not shared by URL: share the file)";
    if (state.scenario) history.replaceState(null, "", `?${q.toString()}`);
  }

  // ---- wiring ----------------------------------------------------------------------------------------------
  $("scenario-select").addEventListener("change", () => loadBuiltin($("scenario-select").value));
  $("scenario-check").addEventListener("click", () => checkText($("scenario-text").value, state.fileName));
  $("scenario-file").addEventListener("change", async () => {
    const f = $("scenario-file").files[0];
    if (!f) return;
    const text = await f.text();
    $("scenario-text").value = text;
    state.fileName = f.name;
    await checkText(text, f.name);
  });
  $("run-assess").addEventListener("click", runAssess);
  $("run-footprint").addEventListener("click", runFootprint);
  $("run-engage").addEventListener("click", runEngage);
  $("job-cancel").addEventListener("click", () => {
    if (state.job !== null) fetch(`/api/jobs/${state.job}/cancel`, { method: "POST" });
  });

  // First paint: the first frame with the globe's imagery and the scenario drawn (ms after navigation start); and
  // when every globe tile in view has loaded.
  hooks.tilesLoadedMs = null;
  let imageryIn = false;
  viewer.scene.globe.tileLoadProgressEvent.addEventListener(() => { imageryIn = true; });
  viewer.scene.postRender.addEventListener(function firstPaint() {
    if (state.view && imageryIn && hooks.firstPaintMs === null) hooks.firstPaintMs = performance.now();
    if (state.view && viewer.scene.globe.tilesLoaded && hooks.tilesLoadedMs === null) {
      hooks.tilesLoadedMs = performance.now();
    }
    if (hooks.firstPaintMs !== null && hooks.tilesLoadedMs !== null) {
      viewer.scene.postRender.removeEventListener(firstPaint);
    }
  });

  async function start() {
    const r = await getJson("/api/scenarios");
    if (!r.ok) {
      showError("diagnostics", r.body.error);
      return;
    }
    const select = $("scenario-select");
    for (const s of r.body.scenarios) select.append(el("option", { value: s.name }, `${s.name}`));
    const q = new URLSearchParams(location.search);
    const name = q.get("scenario") || r.body.scenarios[0].name;
    select.value = name;
    if (q.get("region")) $("fp-region").value = q.get("region");
    if (q.get("spacing")) $("fp-spacing").value = q.get("spacing");
    if (q.get("levels")) $("fp-levels").value = q.get("levels");
    if (q.get("all") === "1") $("assess-all").checked = true;
    if (!(await loadBuiltin(name))) return;
    // After the scenario chose its default missile.
    if (q.get("missile")) $("fp-missile").value = q.get("missile");
    if (q.get("run") === "assess") await runAssess();
    else if (q.get("run") === "footprint") await runFootprint();
  }
  start().catch((e) => showError("diagnostics", `the page failed to start: ${e}`));
})();
