// Where CesiumJS finds its workers and assets (set before Cesium.js loads; a file, not an inline script, for the CSP).
window.CESIUM_BASE_URL = "/cesium/";
