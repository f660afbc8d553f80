// A small stand-in for the `vscode` module: the edges the extension host code touches.
// Editors and documents hold real text and apply real edits; file access goes to the real
// disk for file: URIs and to an in-memory map for the "memfs" scheme (a virtual workspace).
// Dialogs are scripted: tests queue the answers the user would give.
import { promises as fsp } from "node:fs";
import { posix } from "node:path";

// ---------- basics ----------

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
  static from(...ds: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (l) => {
    this.listeners.add(l);
    return new Disposable(() => this.listeners.delete(l));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export const version = "1.100.0-fake";
export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
  SymbolicLink = 64,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}
export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = "",
    readonly fragment = "",
  ) {}
  static file(p: string): Uri {
    return new Uri("file", "", posix.normalize(p.replace(/\\/g, "/")));
  }
  static parse(s: string): Uri {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(s);
    if (!m) throw new Error(`bad uri ${s}`);
    return new Uri(m[1], m[2] ?? "", decodeURIComponent(m[3] || "/"), m[4] ?? "", m[5] ?? "");
  }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? "", c.path ?? "/", c.query ?? "", c.fragment ?? "");
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, base.authority, posix.join(base.path, ...parts), base.query, base.fragment);
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, this.authority, change.path ?? this.path, this.query, this.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? "?" + this.query : ""}${this.fragment ? "#" + this.fragment : ""}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isEqual(o: Position): boolean {
    return this.line === o.line && this.character === o.character;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position, b: Position) {
    const before = a.line < b.line || (a.line === b.line && a.character <= b.character);
    this.start = before ? a : b;
    this.end = before ? b : a;
  }
  get isEmpty(): boolean {
    return this.start.isEqual(this.end);
  }
}

export class Selection extends Range {
  constructor(
    readonly anchor: Position,
    readonly active: Position,
  ) {
    super(anchor, active);
  }
}

// ---------- tree views, status bar, themed icons ----------

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}


export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  id?: string;
  accessibilityInformation?: { label: string; role?: string };
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export interface FakeTreeDataProvider<T> {
  getChildren(element?: T): T[] | undefined | Promise<T[] | undefined>;
  getTreeItem(element: T): TreeItem | Promise<TreeItem>;
  onDidChangeTreeData?: Event<unknown>;
}

export class FakeTreeView<T> {
  selection: T[] = [];
  visible = true;
  message: string | undefined;
  badge: { value: number; tooltip: string } | undefined;
  /** How often the provider said its data changed. */
  changes = 0;
  disposed = false;
  constructor(
    readonly id: string,
    readonly options: { treeDataProvider: FakeTreeDataProvider<T>; canSelectMany?: boolean; showCollapseAll?: boolean },
  ) {
    options.treeDataProvider.onDidChangeTreeData?.(() => this.changes++);
  }
  /** Test side: what the view would show, as rendered TreeItems (children of `element`). */
  async items(element?: T): Promise<TreeItem[]> {
    const p = this.options.treeDataProvider;
    const kids = (await p.getChildren(element)) ?? [];
    return Promise.all(kids.map((k) => p.getTreeItem(k)));
  }
  async elements(element?: T): Promise<T[]> {
    return (await this.options.treeDataProvider.getChildren(element)) ?? [];
  }
  dispose(): void {
    this.disposed = true;
  }
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export class FakeStatusBarItem {
  text = "";
  tooltip: string | MarkdownString | undefined;
  command: string | { command: string; title: string; arguments?: unknown[] } | undefined;
  name: string | undefined;
  backgroundColor: ThemeColor | undefined;
  accessibilityInformation: { label: string; role?: string } | undefined;
  shown = false;
  disposed = false;
  constructor(
    readonly id: string | undefined,
    readonly alignment: StatusBarAlignment,
    readonly priority: number | undefined,
  ) {}
  show(): void {
    this.shown = true;
  }
  hide(): void {
    this.shown = false;
  }
  dispose(): void {
    this.disposed = true;
    this.shown = false;
  }
}

// ---------- documents and editors ----------

let untitled = 0;

export class TextDocument {
  isClosed = false;
  constructor(
    readonly uri: Uri,
    private text: string,
    readonly languageId = "plaintext",
  ) {}
  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  offsetAt(p: Position): number {
    const lines = this.text.split("\n");
    let off = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) off += lines[i].length + 1;
    return Math.min(off + p.character, this.text.length);
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split("\n");
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  get lineCount(): number {
    return this.text.split("\n").length;
  }
  /** @internal */
  setText(t: string): void {
    this.text = t;
  }
}

interface Edit {
  range: Range;
  text: string;
}

export class TextEditor {
  selections: Selection[];
  readonly edits: Edit[][] = [];
  readOnly = false;
  constructor(
    readonly document: TextDocument,
    readonly viewColumn: ViewColumn = ViewColumn.One,
  ) {
    this.selections = [new Selection(new Position(0, 0), new Position(0, 0))];
  }
  get selection(): Selection {
    return this.selections[0];
  }
  set selection(s: Selection) {
    this.selections = [s];
  }
  async edit(cb: (b: { insert(p: Position, t: string): void; replace(r: Range, t: string): void; delete(r: Range): void }) => void): Promise<boolean> {
    if (this.readOnly || this.document.isClosed) return false;
    const batch: Edit[] = [];
    cb({
      insert: (p, t) => batch.push({ range: new Range(p, p), text: t }),
      replace: (r, t) => batch.push({ range: r, text: t }),
      delete: (r) => batch.push({ range: r, text: "" }),
    });
    const doc = this.document;
    const spans = batch.map((e) => ({ from: doc.offsetAt(e.range.start), to: doc.offsetAt(e.range.end), text: e.text })).sort((a, b) => b.from - a.from);
    let text = doc.getText();
    for (const s of spans) text = text.slice(0, s.from) + s.text + text.slice(s.to);
    doc.setText(text);
    this.edits.push(batch);
    return true;
  }
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}

// ---------- scripted UI ----------

/** What the fake UI does next; tests push answers in the order the code asks. */
export const ui = {
  quickPicks: [] as Array<(items: readonly unknown[]) => unknown>,
  inputBoxes: [] as Array<(opts: { value?: string; password?: boolean; title?: string }) => string | undefined>,
  openDialogs: [] as Array<Uri[] | undefined>,
  saveDialogs: [] as Array<Uri | undefined>,
  saveDialogOptions: [] as Array<{ defaultUri?: Uri; filters?: Record<string, string[]>; saveLabel?: string; title?: string }>,
  /**
   * Answer (button) given to the next error/warning/info message; undefined = dismissed. A
   * function runs while the message is up (the user acts, e.g. types into an editor) and returns the button.
   */
  messageAnswers: [] as Array<string | undefined | ((text: string) => string | undefined | Promise<string | undefined>)>,
  messages: [] as Array<{ level: "error" | "warning" | "info"; text: string; items: string[] }>,
  inputBoxOptions: [] as Array<{ value?: string; password?: boolean; title?: string }>,
  quickPickItems: [] as unknown[][],
  quickPickOptions: [] as Array<{ title?: string; canPickMany?: boolean; placeHolder?: string } | undefined>,
  progressTitles: [] as string[],
  /** What withProgress tasks reported, in order. */
  progressReports: [] as Array<{ message?: string; increment?: number }>,
  openDialogOptions: [] as unknown[],
  /**
   * What the user does while a progress notification is up (e.g. writes in an editor and
   * confirms it): the first entry whose `title` matches a withProgress title runs once, after its task started.
   */
  progressActions: [] as Array<{ title: RegExp; act: () => void | Promise<void> }>,
  /** Cancels the next withProgress task (true), or the next one whose title matches, after it started. */
  cancelNextProgress: false as boolean | RegExp,
  statusMessages: [] as string[],
  /** Webviews post "ready" as soon as their HTML is set. */
  autoReady: true,
};

export class FakeLog {
  readonly lines: Array<{ level: string; text: string }> = [];
  shown = 0;
  constructor(readonly name: string) {}
  trace(t: string): void {
    this.lines.push({ level: "trace", text: t });
  }
  debug(t: string): void {
    this.lines.push({ level: "debug", text: t });
  }
  info(t: string): void {
    this.lines.push({ level: "info", text: t });
  }
  warn(t: string): void {
    this.lines.push({ level: "warn", text: t });
  }
  error(t: string | Error): void {
    this.lines.push({ level: "error", text: String(t) });
  }
  appendLine(t: string): void {
    this.lines.push({ level: "info", text: t });
  }
  show(): void {
    this.shown++;
  }
  dispose(): void {}
}

export class FakeWebview {
  private _html = "";
  get html(): string {
    return this._html;
  }
  /** Setting the HTML "loads" the page: with ui.autoReady the script posts "ready" right after. */
  set html(v: string) {
    this._html = v;
    if (ui.autoReady) setImmediate(() => this.send({ type: "ready" }));
  }
  options: unknown = {};
  readonly cspSource = "https://fake.vscode-cdn.net";
  readonly posted: unknown[] = [];
  private readonly received = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  async postMessage(m: unknown): Promise<boolean> {
    this.posted.push(JSON.parse(JSON.stringify(m)));
    return true;
  }
  asWebviewUri(u: Uri): Uri {
    return Uri.parse(`https://file+.vscode-resource.fake${u.path}`);
  }
  /** Test side: the webview script posts a message to the host. */
  send(m: unknown): void {
    this.received.fire(m);
  }
}

export class FakeWebviewPanel {
  readonly webview = new FakeWebview();
  visible = true;
  disposed = false;
  iconPath: unknown;
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly viewState = new EventEmitter<{ webviewPanel: FakeWebviewPanel }>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewState.event;
  revealed = 0;
  constructor(
    readonly viewType: string,
    public title: string,
    readonly options: unknown,
  ) {}
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
}

export class FakeWebviewView {
  readonly webview = new FakeWebview();
  visible = true;
  private readonly vis = new EventEmitter<void>();
  private readonly disp = new EventEmitter<void>();
  readonly onDidChangeVisibility = this.vis.event;
  /** Test side: the user hides or shows the view. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.vis.fire();
  }
  readonly onDidDispose = this.disp.event;
}

const activeEditorChanged = new EventEmitter<TextEditor | undefined>();

export const registry = {
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  executed: [] as Array<{ command: string; args: unknown[] }>,
  panels: [] as FakeWebviewPanel[],
  serializers: new Map<string, { deserializeWebviewPanel(p: FakeWebviewPanel, state: unknown): Promise<void> }>(),
  viewProviders: new Map<string, { resolveWebviewView(v: FakeWebviewView): void }>(),
  treeViews: new Map<string, FakeTreeView<unknown>>(),
  statusBarItems: [] as FakeStatusBarItem[],
  /** Context keys set with the "setContext" command. */
  context: new Map<string, unknown>(),
  logs: [] as FakeLog[],
  contentProviders: new Map<string, { provideTextDocumentContent(u: Uri): string | Promise<string> }>(),
  clipboard: "",
  /** The chat models vscode.lm offers (setChatModels changes them and fires onDidChangeChatModels). */
  chatModels: [] as FakeLanguageModelChat[],
  chatModelSelects: 0,
  chatParticipants: new Map<string, FakeChatParticipant>(),
};

export const window = {
  activeTextEditor: undefined as TextEditor | undefined,
  visibleTextEditors: [] as TextEditor[],
  onDidChangeActiveTextEditor: activeEditorChanged.event,
  tabGroups: { all: [] as Array<{ tabs: Array<{ input: unknown; label: string }> }> },
  async showQuickPick(items: readonly unknown[] | Promise<readonly unknown[]>, opts?: { title?: string; canPickMany?: boolean; placeHolder?: string }): Promise<unknown> {
    const list = await items;
    ui.quickPickItems.push([...list]);
    ui.quickPickOptions.push(opts);
    const next = ui.quickPicks.shift();
    if (!next) throw new Error("fake vscode: unexpected showQuickPick");
    return next(list);
  },
  async showInputBox(opts: { value?: string; password?: boolean; title?: string } = {}): Promise<string | undefined> {
    ui.inputBoxOptions.push(opts);
    const next = ui.inputBoxes.shift();
    if (!next) throw new Error("fake vscode: unexpected showInputBox");
    return next(opts);
  },
  async showOpenDialog(opts?: unknown): Promise<Uri[] | undefined> {
    ui.openDialogOptions.push(opts);
    if (ui.openDialogs.length === 0) throw new Error("fake vscode: unexpected showOpenDialog");
    return ui.openDialogs.shift();
  },
  async showSaveDialog(opts: { defaultUri?: Uri; filters?: Record<string, string[]>; saveLabel?: string; title?: string } = {}): Promise<Uri | undefined> {
    ui.saveDialogOptions.push(opts);
    if (ui.saveDialogs.length === 0) throw new Error("fake vscode: unexpected showSaveDialog");
    return ui.saveDialogs.shift();
  },
  async showErrorMessage(text: string, ...items: unknown[]): Promise<string | undefined> {
    return message("error", text, items);
  },
  async showWarningMessage(text: string, ...items: unknown[]): Promise<string | undefined> {
    return message("warning", text, items);
  },
  async showInformationMessage(text: string, ...items: unknown[]): Promise<string | undefined> {
    return message("info", text, items);
  },
  setStatusBarMessage(text: string): Disposable {
    ui.statusMessages.push(text);
    return new Disposable();
  },
  async withProgress<T>(
    opts: { title?: string },
    task: (p: { report(v: { message?: string; increment?: number }): void }, token: { isCancellationRequested: boolean; onCancellationRequested: Event<void> }) => Promise<T>,
  ): Promise<T> {
    ui.progressTitles.push(opts.title ?? "");
    const cancel = new EventEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: cancel.event };
    const p = task({ report: (v) => void ui.progressReports.push({ ...v }) }, token);
    const action = ui.progressActions.findIndex((a) => a.title.test(opts.title ?? ""));
    if (action >= 0) void Promise.resolve().then(ui.progressActions.splice(action, 1)[0].act);
    const cancelThis = ui.cancelNextProgress instanceof RegExp ? ui.cancelNextProgress.test(opts.title ?? "") : ui.cancelNextProgress;
    if (cancelThis) {
      ui.cancelNextProgress = false;
      token.isCancellationRequested = true;
      cancel.fire();
    }
    return p;
  },
  createOutputChannel(name: string): FakeLog {
    const l = new FakeLog(name);
    registry.logs.push(l);
    return l;
  },
  createWebviewPanel(viewType: string, title: string, _show: unknown, options: unknown): FakeWebviewPanel {
    const p = new FakeWebviewPanel(viewType, title, options);
    registry.panels.push(p);
    return p;
  },
  registerWebviewPanelSerializer(viewType: string, s: { deserializeWebviewPanel(p: FakeWebviewPanel, state: unknown): Promise<void> }): Disposable {
    registry.serializers.set(viewType, s);
    return new Disposable(() => registry.serializers.delete(viewType));
  },
  createTreeView<T>(id: string, options: { treeDataProvider: FakeTreeDataProvider<T>; canSelectMany?: boolean; showCollapseAll?: boolean }): FakeTreeView<T> {
    const view = new FakeTreeView<T>(id, options);
    registry.treeViews.set(id, view as FakeTreeView<unknown>);
    return view;
  },
  createStatusBarItem(id?: string, alignment = StatusBarAlignment.Left, priority?: number): FakeStatusBarItem {
    const item = new FakeStatusBarItem(id, alignment, priority);
    registry.statusBarItems.push(item);
    return item;
  },
  registerWebviewViewProvider(id: string, p: { resolveWebviewView(v: FakeWebviewView): void }): Disposable {
    registry.viewProviders.set(id, p);
    return new Disposable(() => registry.viewProviders.delete(id));
  },
  async showTextDocument(doc: TextDocument, opts?: { viewColumn?: ViewColumn; selection?: Range; preview?: boolean }): Promise<TextEditor> {
    let e = window.visibleTextEditors.find((x) => x.document === doc);
    if (!e) {
      e = new TextEditor(doc, opts?.viewColumn ?? ViewColumn.One);
      window.visibleTextEditors.push(e);
    }
    if (opts?.selection) e.selections = [new Selection(opts.selection.start, opts.selection.end)];
    setActiveEditor(e);
    return e;
  },
};

async function message(level: "error" | "warning" | "info", text: string, items: unknown[]): Promise<string | undefined> {
  const buttons = items.filter((i): i is string => typeof i === "string");
  ui.messages.push({ level, text, items: buttons });
  const next = ui.messageAnswers.shift();
  const answer = typeof next === "function" ? await next(text) : next;
  return answer !== undefined && buttons.includes(answer) ? answer : undefined;
}

/** Makes `e` the active editor (undefined: a webview has focus) and fires the event. */
export function setActiveEditor(e: TextEditor | undefined): void {
  window.activeTextEditor = e;
  if (e && !window.visibleTextEditors.includes(e)) window.visibleTextEditors.push(e);
  activeEditorChanged.fire(e);
}

// ---------- workspace ----------

/** Files of the virtual "memfs" scheme: path → content. */
export const memfs = new Map<string, Uint8Array>();

function memDir(path: string): string[] {
  const prefix = path.endsWith("/") ? path : path + "/";
  const names = new Set<string>();
  for (const k of memfs.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0]);
  return [...names];
}

function notFound(u: Uri): Error {
  const e = new Error(`EntryNotFound (FileSystemError): ${u.toString()}`);
  e.name = "EntryNotFound (FileSystemError)";
  return e;
}

const fs = {
  async readFile(u: Uri): Promise<Uint8Array> {
    if (u.scheme === "memfs") {
      const v = memfs.get(u.path);
      if (!v) throw notFound(u);
      return v;
    }
    return new Uint8Array(await fsp.readFile(u.fsPath));
  },
  async stat(u: Uri): Promise<{ type: FileType; size: number; ctime: number; mtime: number }> {
    if (u.scheme === "memfs") {
      const v = memfs.get(u.path);
      if (v) return { type: FileType.File, size: v.length, ctime: 0, mtime: 0 };
      if (memDir(u.path).length) return { type: FileType.Directory, size: 0, ctime: 0, mtime: 0 };
      throw notFound(u);
    }
    const s = await fsp.stat(u.fsPath);
    return { type: s.isDirectory() ? FileType.Directory : FileType.File, size: s.size, ctime: 0, mtime: 0 };
  },
  async writeFile(u: Uri, content: Uint8Array): Promise<void> {
    if (u.scheme === "memfs") memfs.set(u.path, content);
    else await fsp.writeFile(u.fsPath, content);
  },
  async readDirectory(u: Uri): Promise<Array<[string, FileType]>> {
    if (u.scheme === "memfs") return memDir(u.path).map((n) => [n, memfs.has(posix.join(u.path, n)) ? FileType.File : FileType.Directory]);
    const entries = await fsp.readdir(u.fsPath, { withFileTypes: true });
    return entries.map((d) => [d.name, d.isDirectory() ? FileType.Directory : FileType.File]);
  },
};

const documentClosed = new EventEmitter<TextDocument>();

/** Test side: the user closes a document (its editors go away, onDidCloseTextDocument fires). */
export function closeDocument(doc: TextDocument): void {
  doc.isClosed = true;
  const i = workspace.textDocuments.indexOf(doc);
  if (i >= 0) workspace.textDocuments.splice(i, 1);
  window.visibleTextEditors = window.visibleTextEditors.filter((e) => e.document !== doc);
  if (window.activeTextEditor?.document === doc) setActiveEditor(undefined);
  documentClosed.fire(doc);
}


/** Settings by key (without the "answerBlender." prefix), per target. */
export const settings = {
  global: new Map<string, unknown>(),
  workspace: new Map<string, unknown>(),
};

export const workspace = {
  fs,
  workspaceFolders: undefined as Array<{ uri: Uri; name: string; index: number }> | undefined,
  textDocuments: [] as TextDocument[],
  getConfiguration(section?: string) {
    const key = (k: string) => (section && section !== "answerBlender" ? `${section}.${k}` : k);
    return {
      get<T>(k: string, dflt?: T): T | undefined {
        const kk = key(k);
        if (settings.workspace.has(kk)) return settings.workspace.get(kk) as T;
        if (settings.global.has(kk)) return settings.global.get(kk) as T;
        return dflt;
      },
      inspect<T>(k: string): { key: string; globalValue?: T; workspaceValue?: T } {
        const kk = key(k);
        return { key: kk, globalValue: settings.global.get(kk) as T | undefined, workspaceValue: settings.workspace.get(kk) as T | undefined };
      },
      has(k: string): boolean {
        return settings.global.has(key(k)) || settings.workspace.has(key(k));
      },
      /** Like VS Code: Global (or true) writes the user settings; anything else a workspace's. */
      async update(k: string, v: unknown, target?: ConfigurationTarget | boolean): Promise<void> {
        const where = target === ConfigurationTarget.Global || target === true ? settings.global : settings.workspace;
        if (v === undefined) where.delete(key(k));
        else where.set(key(k), JSON.parse(JSON.stringify(v)));
      },
    };
  },
  onDidCloseTextDocument: documentClosed.event,
  async openTextDocument(arg: Uri | { content?: string; language?: string }): Promise<TextDocument> {
    if (arg instanceof Uri) {
      const existing = workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
      if (existing) return existing;
      const text = arg.scheme === "untitled" ? "" : new TextDecoder().decode(await fs.readFile(arg));
      const doc = new TextDocument(arg, text, arg.scheme === "untitled" && arg.path.endsWith(".md") ? "markdown" : "plaintext");
      workspace.textDocuments.push(doc);
      return doc;
    }
    const doc = new TextDocument(Uri.parse(`untitled:Untitled-${++untitled}`), arg.content ?? "", arg.language ?? "plaintext");
    workspace.textDocuments.push(doc);
    return doc;
  },
  /** Files below the first workspace folder (file: scheme) whose extension the glob's {a,b} list names. */
  async findFiles(include: string, _exclude?: string, max = 10_000): Promise<Uri[]> {
    const root = workspace.workspaceFolders?.[0]?.uri;
    if (!root || root.scheme !== "file") return [];
    const exts = (/\{([^}]+)\}$/.exec(include)?.[1] ?? "").split(",").map((e) => "." + e);
    const out: Uri[] = [];
    const walk = async (dir: string) => {
      for (const d of await fsp.readdir(dir, { withFileTypes: true })) {
        const p = posix.join(dir, d.name);
        if (d.isDirectory()) {
          if (!["node_modules", ".git", "dist"].includes(d.name)) await walk(p);
        } else if (exts.includes(posix.extname(d.name)) && out.length < max) out.push(Uri.file(p));
      }
    };
    await walk(root.path);
    return out;
  },
  registerTextDocumentContentProvider(scheme: string, p: { provideTextDocumentContent(u: Uri): string | Promise<string> }): Disposable {
    registry.contentProviders.set(scheme, p);
    return new Disposable(() => registry.contentProviders.delete(scheme));
  },
  asRelativePath(u: Uri | string): string {
    const p = typeof u === "string" ? u : u.path;
    const root = workspace.workspaceFolders?.[0]?.uri.path;
    return root && p.startsWith(root + "/") ? p.slice(root.length + 1) : p;
  },
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown): Disposable {
    registry.commands.set(id, fn);
    return new Disposable(() => registry.commands.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    registry.executed.push({ command: id, args });
    if (id === "setContext") {
      registry.context.set(String(args[0]), args[1]);
      return undefined;
    }
    const fn = registry.commands.get(id);
    return fn ? fn(...args) : undefined;
  },
};

export const env = {
  language: "en",
  clipboard: {
    async readText(): Promise<string> {
      return registry.clipboard;
    },
    async writeText(t: string): Promise<void> {
      registry.clipboard = t;
    },
  },
};

export const l10n = {
  /** The loaded translation (tests set it to a bundle.l10n.<locale>.json); undefined = English. */
  bundle: undefined as Record<string, string> | undefined,
  t(message: string, ...args: unknown[]): string {
    return (l10n.bundle?.[message] ?? message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  },
};


// ---------- language models (vscode.lm) ----------

export class CancellationError extends Error {
  constructor() {
    super("Canceled");
    this.name = "Canceled";
  }
}

export interface CancellationToken {
  isCancellationRequested: boolean;
  onCancellationRequested: Event<void>;
}

export class CancellationTokenSource {
  private readonly cancelled = new EventEmitter<void>();
  readonly token: CancellationToken = { isCancellationRequested: false, onCancellationRequested: this.cancelled.event };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.cancelled.fire();
  }
  dispose(): void {
    this.cancelled.dispose();
  }
}

export enum LanguageModelChatMessageRole {
  User = 1,
  Assistant = 2,
}

export class LanguageModelTextPart {
  constructor(public value: string) {}
}

export class LanguageModelChatMessage {
  static User(content: string | LanguageModelTextPart[], name?: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage(LanguageModelChatMessageRole.User, content, name);
  }
  static Assistant(content: string | LanguageModelTextPart[], name?: string): LanguageModelChatMessage {
    return new LanguageModelChatMessage(LanguageModelChatMessageRole.Assistant, content, name);
  }
  content: LanguageModelTextPart[];
  constructor(
    public role: LanguageModelChatMessageRole,
    content: string | LanguageModelTextPart[],
    public name?: string,
  ) {
    this.content = typeof content === "string" ? [new LanguageModelTextPart(content)] : content;
  }
}

/** As in VS Code: the static factories set `code` to their own name; other errors carry "Unknown" and a cause. */
export class LanguageModelError extends Error {
  static NoPermissions(message?: string): LanguageModelError {
    return new LanguageModelError(message, LanguageModelError.NoPermissions.name);
  }
  static Blocked(message?: string): LanguageModelError {
    return new LanguageModelError(message, LanguageModelError.Blocked.name);
  }
  static NotFound(message?: string): LanguageModelError {
    return new LanguageModelError(message, LanguageModelError.NotFound.name);
  }
  readonly code: string;
  constructor(message?: string, code?: string, cause?: Error) {
    super(message ?? "", cause ? { cause } : undefined);
    this.name = "LanguageModelError";
    this.code = code ?? "Unknown";
  }
}

export interface FakeChatRequest {
  messages: LanguageModelChatMessage[];
  options: { justification?: string; modelOptions?: Record<string, unknown> };
  token: CancellationToken;
}

/** What a fake model does with a request: text chunks to stream (an array or an async iterable), or a thrown error. */
export type FakeChatBehaviour = (req: FakeChatRequest) => Iterable<string> | AsyncIterable<string> | Promise<Iterable<string> | AsyncIterable<string>>;

/**
 * A chat model another extension contributes (what vscode.lm.selectChatModels returns):
 * its behaviour is scripted per test; it records every request and stops streaming on cancel.
 */
export class FakeLanguageModelChat {
  readonly requests: FakeChatRequest[] = [];
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  readonly name: string;
  readonly version: string;
  readonly maxInputTokens: number;
  constructor(
    init: { id: string; vendor: string; family?: string; name?: string; version?: string; maxInputTokens?: number },
    public behaviour: FakeChatBehaviour,
  ) {
    this.id = init.id;
    this.vendor = init.vendor;
    this.family = init.family ?? init.id;
    this.name = init.name ?? init.id;
    this.version = init.version ?? "1";
    this.maxInputTokens = init.maxInputTokens ?? 8192;
  }
  async sendRequest(messages: LanguageModelChatMessage[], options: FakeChatRequest["options"] = {}, token?: CancellationToken): Promise<{ text: AsyncIterable<string>; stream: AsyncIterable<unknown> }> {
    const tok = token ?? new CancellationTokenSource().token;
    const req = { messages, options, token: tok };
    this.requests.push(req);
    if (tok.isCancellationRequested) throw new CancellationError();
    const chunks = await this.behaviour(req);
    async function* text(): AsyncGenerator<string> {
      for await (const c of chunks) {
        if (tok.isCancellationRequested) throw new CancellationError();
        yield c;
      }
    }
    const t = text();
    return {
      text: t,
      stream: (async function* () {
        for await (const c of t) yield new LanguageModelTextPart(c);
      })(),
    };
  }
  /** Counts words (a stand-in tokenizer: deterministic, and different from four characters a token). */
  async countTokens(text: string | LanguageModelChatMessage): Promise<number> {
    const s = typeof text === "string" ? text : text.content.map((p) => p.value).join("");
    return s.split(/\s+/).filter(Boolean).length;
  }
}

const chatModelsChanged = new EventEmitter<void>();

export const lm = {
  onDidChangeChatModels: chatModelsChanged.event,
  async selectChatModels(selector: { vendor?: string; family?: string; id?: string; version?: string } = {}): Promise<FakeLanguageModelChat[]> {
    registry.chatModelSelects++;
    return registry.chatModels.filter(
      (m) => (!selector.vendor || m.vendor === selector.vendor) && (!selector.family || m.family === selector.family) && (!selector.id || m.id === selector.id) && (!selector.version || m.version === selector.version),
    );
  },
};

/** Test side: the chat models VS Code offers change (an extension registers or removes some). */
export function setChatModels(models: FakeLanguageModelChat[]): void {
  registry.chatModels = models;
  chatModelsChanged.fire();
}

// ---------- chat participants (vscode.chat) ----------

export class MarkdownString {
  isTrusted?: boolean | { enabledCommands: readonly string[] } = false;
  supportHtml?: boolean;
  supportThemeIcons?: boolean;
  constructor(
    public value = "",
    supportThemeIcons = false,
  ) {
    this.supportThemeIcons = supportThemeIcons;
  }
  appendMarkdown(v: string): MarkdownString {
    this.value += v;
    return this;
  }
  appendText(v: string): MarkdownString {
    this.value += v.replace(/[\\`*_{}[\]()#+\-.!~|<>]/g, "\\$&");
    return this;
  }
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}


export class ChatResponseMarkdownPart {
  value: MarkdownString;
  constructor(value: string | MarkdownString) {
    this.value = typeof value === "string" ? new MarkdownString(value) : value;
  }
}
export class ChatResponseProgressPart {
  constructor(public value: string) {}
}
export class ChatResponseAnchorPart {
  constructor(
    public value: Uri | Location,
    public title?: string,
  ) {}
}
export class ChatResponseReferencePart {
  constructor(
    public value: Uri | Location,
    public iconPath?: unknown,
  ) {}
}
export interface Command {
  command: string;
  title: string;
  tooltip?: string;
  arguments?: unknown[];
}
export class ChatResponseCommandButtonPart {
  constructor(public value: Command) {}
}
export type ChatResponsePart = ChatResponseMarkdownPart | ChatResponseProgressPart | ChatResponseAnchorPart | ChatResponseReferencePart | ChatResponseCommandButtonPart;

export interface ChatPromptReference {
  id: string;
  range?: [number, number];
  modelDescription?: string;
  value: unknown;
}

/** A question in the chat's history (VS Code makes these; tests build them). */
export class ChatRequestTurn {
  constructor(
    readonly prompt: string,
    readonly command: string | undefined,
    readonly references: ChatPromptReference[],
    readonly participant: string,
    readonly toolReferences: unknown[] = [],
  ) {}
}

export interface ChatResult {
  errorDetails?: { message: string; responseIsFiltered?: boolean };
  metadata?: Record<string, unknown>;
}

/** A reply in the chat's history: only its content parts, as VS Code keeps them. */
export class ChatResponseTurn {
  constructor(
    readonly response: ReadonlyArray<ChatResponseMarkdownPart | ChatResponseAnchorPart | ChatResponseCommandButtonPart>,
    readonly result: ChatResult,
    readonly participant: string,
    readonly command?: string,
  ) {}
}

/** A recording ChatResponseStream: every part in the order it was streamed. */
export class FakeChatResponseStream {
  readonly parts: ChatResponsePart[] = [];
  markdown(value: string | MarkdownString): void {
    this.parts.push(new ChatResponseMarkdownPart(value));
  }
  anchor(value: Uri | Location, title?: string): void {
    this.parts.push(new ChatResponseAnchorPart(value, title));
  }
  button(command: Command): void {
    this.parts.push(new ChatResponseCommandButtonPart(command));
  }
  progress(value: string): void {
    this.parts.push(new ChatResponseProgressPart(value));
  }
  reference(value: Uri | Location, iconPath?: unknown): void {
    this.parts.push(new ChatResponseReferencePart(value, iconPath));
  }
  filetree(): void {
    throw new Error("fake vscode: filetree parts are not recorded");
  }
  push(part: ChatResponsePart): void {
    this.parts.push(part);
  }
  /** The Markdown of the reply, all parts joined (what the chat renders as text). */
  get text(): string {
    return this.parts.map((p) => (p instanceof ChatResponseMarkdownPart ? p.value.value : "")).join("");
  }
  get buttons(): Command[] {
    return this.parts.filter((p): p is ChatResponseCommandButtonPart => p instanceof ChatResponseCommandButtonPart).map((p) => p.value);
  }
  get progressLines(): string[] {
    return this.parts.filter((p): p is ChatResponseProgressPart => p instanceof ChatResponseProgressPart).map((p) => p.value);
  }
  /** The reply as the turn VS Code keeps in the history of the next request. */
  turn(result: ChatResult, participant: string, command?: string): ChatResponseTurn {
    const content = this.parts.filter((p): p is ChatResponseMarkdownPart | ChatResponseAnchorPart | ChatResponseCommandButtonPart => p instanceof ChatResponseMarkdownPart || p instanceof ChatResponseAnchorPart || p instanceof ChatResponseCommandButtonPart);
    return new ChatResponseTurn(content, result, participant, command);
  }
}

type ChatHandler = (request: FakeChatRequestToParticipant, context: { history: ReadonlyArray<ChatRequestTurn | ChatResponseTurn> }, stream: FakeChatResponseStream, token: CancellationToken) => unknown;

export interface FakeChatRequestToParticipant {
  prompt: string;
  command: string | undefined;
  references: readonly ChatPromptReference[];
  toolReferences: readonly unknown[];
  toolInvocationToken: unknown;
  model: FakeLanguageModelChat;
}

export class FakeChatParticipant {
  iconPath: unknown;
  followupProvider: { provideFollowups(result: ChatResult, context: unknown, token: CancellationToken): unknown } | undefined;
  private readonly feedback = new EventEmitter<unknown>();
  readonly onDidReceiveFeedback = this.feedback.event;
  disposed = false;
  constructor(
    readonly id: string,
    public requestHandler: ChatHandler,
  ) {}
  dispose(): void {
    this.disposed = true;
    registry.chatParticipants.delete(this.id);
  }
}

export const chat = {
  createChatParticipant(id: string, handler: ChatHandler): FakeChatParticipant {
    const p = new FakeChatParticipant(id, handler);
    registry.chatParticipants.set(id, p);
    return p;
  },
};

/** A chat request as VS Code passes it: the message (without the @mention and /command), references, the chat's model. */
export function chatRequest(init: { prompt: string; model: FakeLanguageModelChat; command?: string; references?: ChatPromptReference[]; toolReferences?: unknown[] }): FakeChatRequestToParticipant {
  return { prompt: init.prompt, command: init.command, references: init.references ?? [], toolReferences: init.toolReferences ?? [], toolInvocationToken: undefined, model: init.model };
}

/**
 * Test side: the user sends `request` to participant `id` in a chat with `history`; resolves
 * to the handler's result, the recorded stream and the follow-ups VS Code would show.
 */
export async function sendToParticipant(
  id: string,
  request: FakeChatRequestToParticipant,
  opts: { history?: Array<ChatRequestTurn | ChatResponseTurn>; token?: CancellationToken; stream?: FakeChatResponseStream } = {},
): Promise<{ result: ChatResult; stream: FakeChatResponseStream; followups: Array<{ prompt: string; label?: string; command?: string; participant?: string }> }> {
  const participant = registry.chatParticipants.get(id);
  if (!participant) throw new Error(`fake vscode: no chat participant ${id}`);
  const stream = opts.stream ?? new FakeChatResponseStream();
  const token = opts.token ?? new CancellationTokenSource().token;
  const context = { history: opts.history ?? [] };
  const result = ((await participant.requestHandler(request, context, stream, token)) ?? {}) as ChatResult;
  const followups = ((await participant.followupProvider?.provideFollowups(JSON.parse(JSON.stringify(result)) as ChatResult, context, new CancellationTokenSource().token)) ?? []) as Array<{ prompt: string; label?: string; command?: string }>;
  return { result, stream, followups };
}

// ---------- test helpers ----------

export class FakeMemento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string, dflt?: T): T | undefined {
    return this.data.has(key) ? (JSON.parse(JSON.stringify(this.data.get(key))) as T) : dflt;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
  keys(): string[] {
    return [...this.data.keys()];
  }
}

export class FakeSecrets {
  readonly data = new Map<string, string>();
  async get(k: string): Promise<string | undefined> {
    return this.data.get(k);
  }
  async store(k: string, v: string): Promise<void> {
    this.data.set(k, v);
  }
  async delete(k: string): Promise<void> {
    this.data.delete(k);
  }
  onDidChange = new EventEmitter<unknown>().event;
}

export function fakeContext(extensionPath: string, workspaceState = new FakeMemento(), globalStoragePath = posix.join(extensionPath, ".global-storage")) {
  return {
    extensionUri: Uri.file(extensionPath),
    globalStorageUri: Uri.file(globalStoragePath),
    extensionPath,
    subscriptions: [] as Array<{ dispose(): unknown }>,
    workspaceState,
    globalState: new FakeMemento(),
    secrets: new FakeSecrets(),
    extension: { id: "answer-blender.answer-blender" },
  };
}

/** Back to a blank VS Code: no editors, settings, dialogs or recorded messages. */
export function resetFake(): void {
  ui.quickPicks.length = 0;
  ui.inputBoxes.length = 0;
  ui.openDialogs.length = 0;
  ui.saveDialogs.length = 0;
  l10n.bundle = undefined;
  ui.saveDialogOptions.length = 0;
  ui.messageAnswers.length = 0;
  ui.messages.length = 0;
  ui.inputBoxOptions.length = 0;
  ui.quickPickItems.length = 0;
  ui.quickPickOptions.length = 0;
  ui.progressTitles.length = 0;
  ui.progressReports.length = 0;
  ui.openDialogOptions.length = 0;
  ui.progressActions.length = 0;
  ui.statusMessages.length = 0;
  ui.cancelNextProgress = false;
  ui.autoReady = true;
  window.activeTextEditor = undefined;
  window.visibleTextEditors.length = 0;
  window.tabGroups.all = [];
  workspace.textDocuments.length = 0;
  workspace.workspaceFolders = undefined;
  settings.global.clear();
  settings.workspace.clear();
  registry.commands.clear();
  registry.executed.length = 0;
  registry.panels.length = 0;
  registry.serializers.clear();
  registry.viewProviders.clear();
  registry.treeViews.clear();
  registry.statusBarItems.length = 0;
  registry.context.clear();
  registry.logs.length = 0;
  registry.clipboard = "";
  registry.chatModels = [];
  registry.chatModelSelects = 0;
  registry.chatParticipants.clear();
  memfs.clear();
}
