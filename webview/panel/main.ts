// Results panel entry: keeps the state, renders the sections, talks to the extension host.
import { isHostToPanel, type HostToPanel, type PanelToHost } from "../../src/protocol";
import { h } from "../shared/dom";
import { t } from "../shared/l10n";
import { getVsCodeApi } from "../shared/vscode-api";
import { registerToolkit } from "../shared/toolkit";
import type { PanelActions } from "./actions";
import { renderCard, renderCards } from "./cards-view";
import { renderFused } from "./fused-view";
import { renderHeader } from "./header-view";
import { renderIssues } from "./issues-view";
import { renderLive } from "./live-view";
import { renderMatrix } from "./matrix-view";
import { renderRerank } from "./rerank-view";
import { renderRankerNote } from "./ranker-view";
import { initialState, readSavedState, toSaved, type PanelState, type SavedPanelState } from "./state";
import { renderStatus } from "./status-view";

registerToolkit();
const api = getVsCodeApi<SavedPanelState, PanelToHost>(readSavedState);
let state: PanelState = initialState(api.getState());

const app = document.getElementById("app") ?? document.body.appendChild(h("div", { attrs: { id: "app" } }));
const statusSlot = h("div", { class: "status-slot" });
const liveSlot = h("div", { class: "live-slot" });
const issuesSlot = h("div", { class: "issues-slot" });
const fusedSlot = h("div", { class: "fused-slot" });
const mainSlot = h("div", { class: "main-slot" });

function save(): void {
  api.setState(toSaved(state));
}

function toggle(list: number[], x: number): number[] {
  return list.includes(x) ? list.filter((y) => y !== x) : [...list, x];
}

const actions: PanelActions = {
  post: (m) => api.postMessage(m),
  toggleCollapsed(candidate) {
    state = { ...state, collapsed: toggle(state.collapsed, candidate) };
    save();
    rerenderCard(candidate, "card-toggle");
  },
  toggleDiff(candidate) {
    state = { ...state, diffs: toggle(state.diffs, candidate) };
    save();
    rerenderCard(candidate, "card-diff");
  },
  toggleFusedDiff() {
    state = { ...state, fusedDiff: !state.fusedDiff };
    save();
    renderFusedSlot();
    fusedSlot.querySelector<HTMLElement>('[data-testid="fused-diff"]')?.focus();
  },
  chooseRerank(plan, aggregate) {
    state = { ...state, plan, aggregate };
    save();
  },
};

function rerenderCard(candidate: number, focusTestId: string): void {
  const blend = state.blend;
  const old = mainSlot.querySelector<HTMLElement>(`[data-testid="card"][data-candidate="${candidate}"]`);
  const r = blend?.result.rank.ranking.find((x) => x.candidate === candidate);
  if (!blend || !old || !r) return;
  const card = renderCard(blend, r, cardOptions(candidate), actions);
  old.replaceWith(card);
  card.querySelector<HTMLElement>(`[data-testid="${focusTestId}"]`)?.focus();
}

function cardOptions(candidate: number) {
  return { collapsed: state.collapsed.includes(candidate), showDiff: state.diffs.includes(candidate) };
}

function renderStatusSlot(): void {
  statusSlot.replaceChildren(renderStatus(state, actions));
}

function renderLiveSlot(): void {
  liveSlot.replaceChildren(...(state.collecting ? [renderLive(state.collecting, state.blend !== null)] : []));
  app.classList.toggle("collecting", state.collecting !== null);
}

function renderFusedSlot(): void {
  const fused = renderFused(state, actions);
  fusedSlot.replaceChildren(...(fused ? [fused] : []));
}

function renderMain(): void {
  const blend = state.blend;
  const issues = blend ? renderIssues(blend.result.issues, actions) : null;
  issuesSlot.replaceChildren(...(issues ? [issues] : []));
  if (!blend) {
    mainSlot.replaceChildren(
      state.streaming || state.busy
        ? ""
        : h(
            "div",
            { class: "empty", testid: "empty" },
            h("h1", {}, t("No blend yet")),
            h("p", {}, t("Run “Answer Blender: Blend Answers” from the Command Palette, or “Blend Selected Files” from the Explorer.")),
          ),
    );
    return;
  }
  const rank = blend.result.rank;
  const controls = renderRerank(
    { plan: state.plan ?? rank.plan, aggregate: state.aggregate ?? rank.aggregate },
    state.busy,
    (c) => actions.chooseRerank(c.plan, c.aggregate),
    () => actions.post({ type: "rerank", blendId: blend.blendId, plan: state.plan ?? rank.plan, aggregate: state.aggregate ?? rank.aggregate }),
  );
  mainSlot.replaceChildren(
renderCards(blend, cardOptions, actions, controls), renderMatrix(rank, (a, b) => actions.post({ type: "compare", blendId: blend.blendId, a, b })));
}

function setControlsDisabled(disabled: boolean): void {
  for (const id of ["rerank", "rerank-plan", "rerank-aggregate", "rank-with-model"]) {
    app.querySelector(`[data-testid="${id}"]`)?.toggleAttribute("disabled", disabled);
  }
}

function renderAll(): void {
  const blend = state.blend;
  const header = blend ? renderHeader(blend, () => actions.post({ type: "export", blendId: blend.blendId })) : null;
  const rankerNote = blend ? renderRankerNote(blend, state.busy, () => actions.post({ type: "rankWithModel", blendId: blend.blendId })) : null;
  app.replaceChildren(statusSlot, liveSlot, ...(header ? [header] : []), ...(rankerNote ? [rankerNote] : []), issuesSlot, fusedSlot, mainSlot);
  renderStatusSlot();
  renderLiveSlot();
  renderFusedSlot();
  renderMain();
}

/** `draw`, at most once per animation frame however often it is asked for. */
function oncePerFrame(draw: () => void): () => void {
  let frame = 0;
  return () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  };
}

// Streamed tokens and endpoint answers arrive fast.
const scheduleLive = oncePerFrame(() => renderLiveSlot());
const scheduleFused = oncePerFrame(() => renderFusedSlot());

function handle(m: HostToPanel): void {
  switch (m.type) {
    case "blend": {
      const same = state.blend?.blendId === m.blend.blendId;
      // A fusing record (ranking done, fused text to come) starts the stream from empty: the
      // host re-sends everything streamed so far after it, e.g. when the webview reloads.
      const fusing = m.blend.fusing === true;
      const keepStream = !fusing && state.streaming?.blendId === m.blend.blendId && !m.blend.result.fused;
      state = {
        ...state,
        blend: m.blend,
        collapsed: same ? state.collapsed : [],
        diffs: same ? state.diffs : [],
        fusedDiff: same ? state.fusedDiff : false,
        plan: null,
        aggregate: null,
        streaming: fusing ? { blendId: m.blend.blendId, text: "" } : keepStream ? state.streaming : null,
        collecting: null,
        error: null,
      };
      save();
      renderAll();
      return;
    }
    case "progress":
      state = { ...state, progress: m.event };
      renderStatusSlot();
      return;
    case "collecting": {
      const first = state.collecting === null;
      state = { ...state, collecting: m.answers };
      if (first) {
        // A new blend starts: bring its arriving answers into view above the previous blend.
        renderLiveSlot();
        window.scrollTo({ top: 0 });
      } else scheduleLive();
      return;
    }
    case "fuseToken": {
      const prev = state.streaming?.blendId === m.blendId ? state.streaming.text : "";
      state = { ...state, streaming: { blendId: m.blendId, text: prev + m.text } };
      save();
      scheduleFused();
      return;
    }
    case "busy": {
      const wasBusy = state.busy;
      state = { ...state, busy: m.busy, busyMessage: m.message ?? null, progress: m.busy ? state.progress : null, error: m.busy ? null : state.error, collecting: m.busy ? state.collecting : null };
      // A new run (not the resumed stream of a fusing blend) starts without old streamed text.
      if (m.busy && !wasBusy) state = { ...state, progress: null, streaming: state.blend?.fusing ? state.streaming : null };
      renderStatusSlot();
      renderLiveSlot();
      renderFusedSlot();
      if (state.blend) setControlsDisabled(m.busy);
      else if (wasBusy !== m.busy) renderMain();
      return;
    }
    case "error":
      state = { ...state, error: m.message };
      renderStatusSlot();
      return;
  }
}

window.addEventListener("message", (ev: MessageEvent<unknown>) => {
  if (isHostToPanel(ev.data)) handle(ev.data);
});

renderAll();
api.postMessage({ type: "ready" });
