// The IIFE build of CesiumJS carries its workers as a string (CESIUM_WORKERS) and starts them from blob URLs, which
// the page's Content-Security-Policy refuses (script-src 'self'). Without it CesiumJS starts the same workers as
// ES modules from /cesium/Workers/, which the policy allows.
window.CESIUM_WORKERS = undefined;
