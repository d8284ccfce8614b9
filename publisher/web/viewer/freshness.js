// Open viewers and new builds. Only the current build's data are served (a superseded build
// answers 410), so an object a release withdrew is gone the moment the new build is switched in.
// The viewer looks at config.json every few minutes, when its tab is shown again, when a data
// request fails and when the approval pages in another tab of this browser say a release is
// published, and then offers to reload onto the new data (the view is kept in the URL hash).

const CHECK_MS = 120000;
const PUBLICATION_CHANNEL = "overblikskort.publication";

export function watchBuild(build, banner) {
  let announced = false;
  async function check() {
    if (announced) return announced;
    try {
      const response = await fetch("/kort/config.json", { cache: "no-store" });
      const config = await response.json();
      if (config.build && config.build !== build) {
        announced = true;
        banner.hidden = false;
      }
    } catch {
      // offline or the server restarts: the next check tries again
    }
    return announced;
  }
  banner.querySelector("button").addEventListener("click", () => location.reload());
  setInterval(check, CHECK_MS);
  new BroadcastChannel(PUBLICATION_CHANNEL).addEventListener("message", () => check());
  document.addEventListener("visibilitychange", () => { if (!document.hidden) check(); });
  return check;
}

// A superseded build answered while the page started (a switch between config.json and the
// build's first file): start again once on the current one.
export function restartOnSupersededBuild(error) {
  if (!String(error).endsWith(": 410") || sessionStorage.getItem("overblikskort.restarted")) return false;
  sessionStorage.setItem("overblikskort.restarted", "1");
  location.reload();
  return true;
}
