// Quick picks over the model catalogue: which models answer (multi-select, remembered), and
// which one judges or fuses (single pick, never a typed id).
import * as vscode from "vscode";
import type { ChatRole } from "../core/chat/chat-model";
import { answerers, rolesOf, type RoleChoice } from "../core/chat/roles";
import type { CatalogueEntry, ModelOrigin } from "./model-catalogue";
import type { ExtensionSettings } from "./settings";

/**
 * What the judge pick returns for "the answering models rank each other" (the council ranker).
 * No model id can be this: endpoint ids never contain "#", VS Code's are "vendor/id".
 */
export const COUNCIL_CHOICE = "#council";

/** globalState key: the ids last picked in Ask Models. */
export const ANSWERERS_KEY = "answerBlender.askModels.selection";

type EntryItem = vscode.QuickPickItem & { entry?: CatalogueEntry };
type CouncilItem = vscode.QuickPickItem & { council: true };

export function roleChoice(settings: Pick<ExtensionSettings, "judgeModel" | "fuserModel">): RoleChoice {
  return { judge: settings.judgeModel || undefined, fuser: settings.fuserModel || undefined };
}

function originLabel(o: ModelOrigin): string {
  switch (o) {
    case "vscode":
      return vscode.l10n.t("VS Code chat models");
    case "endpoint":
      return vscode.l10n.t("Endpoints (user settings)");
    case "local":
      return vscode.l10n.t("Local servers");
  }
}

function roleName(r: ChatRole): string {
  return r === "answer" ? vscode.l10n.t("answer") : r === "judge" ? vscode.l10n.t("judge") : vscode.l10n.t("fuse");
}

function host(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Label, description and detail of a model: name; vendor · family; id · input tokens · roles · samples. */
export function entryItem(e: CatalogueEntry, chosen: RoleChoice, opts: { roles: boolean; samples: boolean }): EntryItem {
  const facts: string[] = [];
  if (e.origin === "vscode") {
    facts.push(e.id);
    if (e.info.maxInputTokens) facts.push(vscode.l10n.t("{0} input tokens", e.info.maxInputTokens.toLocaleString("en-US")));
  } else if (e.endpoint) facts.push(e.endpoint.model);
  if (opts.roles) facts.push(vscode.l10n.t("roles: {0}", rolesOf(e, chosen).map(roleName).join(", ")));
  if (opts.samples && e.n > 1) facts.push(vscode.l10n.t("{0} answers each", e.n));
  const description = e.origin === "vscode" ? [e.info.vendor, e.info.family].filter(Boolean).join(" · ") : e.endpoint ? host(e.endpoint.baseUrl) : "";
  return { label: e.info.name, description, detail: facts.join(" · "), entry: e };
}

function grouped(entries: readonly CatalogueEntry[], item: (e: CatalogueEntry) => EntryItem): EntryItem[] {
  const out: EntryItem[] = [];
  for (const origin of ["vscode", "endpoint", "local"] as const) {
    const group = entries.filter((e) => e.origin === origin);
    if (group.length === 0) continue;
    out.push({ label: originLabel(origin), kind: vscode.QuickPickItemKind.Separator });
    out.push(...group.map(item));
  }
  return out;
}

/** The models that may answer: all but the judge and fuser, unless their roles say they answer too. */
export function answeringEntries(entries: readonly CatalogueEntry[], settings: Pick<ExtensionSettings, "judgeModel" | "fuserModel">): CatalogueEntry[] {
  return answerers(entries, roleChoice(settings));
}

/**
 * The answering models picked last time (in Ask Models, /models) that can answer now, and the
 * ids picked then that are gone or now judge or fuse. `remembered` is false before the first pick.
 */
export function rememberedAnswerers(entries: readonly CatalogueEntry[], settings: Pick<ExtensionSettings, "judgeModel" | "fuserModel">, memory: vscode.Memento): { picked: CatalogueEntry[]; unavailable: string[]; remembered: boolean } {
  const ids = memory.get<string[]>(ANSWERERS_KEY);
  if (!Array.isArray(ids)) return { picked: [], unavailable: [], remembered: false };
  const asked = new Map(answeringEntries(entries, settings).map((e) => [e.id, e]));
  const picked = ids.map((id) => asked.get(id)).filter((e): e is CatalogueEntry => e !== undefined);
  return { picked, unavailable: ids.filter((id) => !asked.has(id)), remembered: true };
}

/**
 * The pick's placeholder: who is left out and why ("Not asked to answer: Judge (judge), Writer
 * (fuse)"), else what happens to the picked models. Not a trailing separator: VS Code draws no
 * separator that has no item after it. Short, because the "N Selected" badge covers its end.
 */
export function notAskedHint(left: readonly CatalogueEntry[], chosen: RoleChoice): string {
  if (left.length === 0) return vscode.l10n.t("The picked models answer; their answers are ranked and fused");
  const named = left.map((e) => vscode.l10n.t("{0} ({1})", e.info.name, rolesOf(e, chosen).map(roleName).join(", ")));
  return vscode.l10n.t("Not asked to answer: {0}", named.join(", "));
}

/**
 * Multi-select of the answering models, preselected as last time (first time: the endpoints,
 * not the VS Code models, which may be metered). Undefined when cancelled.
 */
export async function pickAnswerers(entries: readonly CatalogueEntry[], settings: ExtensionSettings, memory: vscode.Memento): Promise<CatalogueEntry[] | undefined> {
  const chosen = roleChoice(settings);
  const asked = answeringEntries(entries, settings);
  const remembered = memory.get<string[]>(ANSWERERS_KEY);
  const items = grouped(asked, (e) => ({
    ...entryItem(e, chosen, { roles: e.origin !== "vscode", samples: true }),
    picked: remembered ? remembered.includes(e.id) : e.origin !== "vscode",
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    ignoreFocusOut: true,
    matchOnDescription: true,
    matchOnDetail: true,
    title: vscode.l10n.t("Ask Models: which models answer?"),
    placeHolder: notAskedHint(entries.filter((e) => !asked.includes(e)), chosen),
  });
  if (!picked) return undefined;
  const out = picked.map((p) => p.entry).filter((e): e is CatalogueEntry => e !== undefined);
  await memory.update(ANSWERERS_KEY, out.map((e) => e.id));
  return out;
}

/**
 * The judge or fuser model: one of the catalogue, or none. Resolves to the id, "" for none, or
 * undefined when cancelled. Endpoints whose roles leave this role out are not offered.
 */
export async function pickRoleModel(role: "judge" | "fuse", entries: readonly CatalogueEntry[], current: string, opts: { councilCurrent?: boolean } = {}): Promise<string | undefined> {
  const offered = entries.filter((e) => !e.roles || e.roles.includes(role));
  const none: EntryItem =
    role === "judge"
      ? { label: vscode.l10n.t("$(circle-slash) No judge model"), detail: vscode.l10n.t("Rank with the builtin ranker (offline; it judges style and length, not correctness)") }
      : { label: vscode.l10n.t("$(circle-slash) No fuser model"), detail: vscode.l10n.t("Fuse with the extractive merge (offline; never invents text)") };
  const council: CouncilItem = {
    label: vscode.l10n.t("$(organization) Council of the answering models"),
    description: opts.councilCurrent ? vscode.l10n.t("(current)") : undefined,
    detail: vscode.l10n.t("The models that answer rank each other's answers; no separate judge"),
    council: true,
  };
  const items: Array<EntryItem | CouncilItem> = [
    none,
    ...(role === "judge" ? [council] : []),
    ...grouped(offered, (e) => {
      const item = entryItem(e, {}, { roles: false, samples: false });
      return e.id === current ? { ...item, description: vscode.l10n.t("{0} (current)", item.description ?? "") } : item;
    }),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    ignoreFocusOut: true,
    matchOnDescription: true,
    matchOnDetail: true,
    title: role === "judge" ? vscode.l10n.t("Judge model: which model ranks the answers?") : vscode.l10n.t("Fuser model: which model writes the fused answer?"),
    placeHolder:
      role === "judge"
        ? vscode.l10n.t("It compares the answers pair by pair, in both orders, and is not asked to answer")
        : vscode.l10n.t("It combines the top-ranked answers into one, and is not asked to answer"),
  });
  if (!picked) return undefined;
  if ("council" in picked) return COUNCIL_CHOICE;
  return picked.entry?.id ?? "";
}
