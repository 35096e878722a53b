//! The terminal: set up, the event loop, restore. ratatui's init installs a panic hook
//! that restores the terminal; signals (TERM, HUP, INT) end the loop the same way, after
//! the journal is flushed; Ctrl-Z and SIGTSTP give the terminal back to the shell and take
//! it again on `fg`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};

use crate::app::{self, App, Input, Keymap, Options};
use crate::cli::TuiArgs;
use crate::config;
use crate::meeting::{Meeting, SystemClock};
use crate::model::Plan;
use crate::store;
use crate::store::document::Document;
use crate::ui;
use crate::ui::theme::ThemeName;

mod loading;

/// Why the meeting view did not start (or stopped with an error). Each is one plain
/// sentence naming the file at fault and, where the problem is in its text, the line and
/// column; `main` prints it after "ragboard: ".
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The config file or the key file cannot be read or parsed.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// An unknown theme, from the flag or the config file.
    #[error("{0}")]
    Theme(String),
    /// The key file parses but its bindings are wrong: one line per problem, each placed.
    #[error("{}", .0.join("\n"))]
    Keys(Vec<String>),
    /// The plan cannot be read or is not valid: every problem, each placed.
    #[error(transparent)]
    Plan(#[from] store::LoadError),
    /// The plan's scale rates with a letter the keymap uses for something else.
    #[error("{0}")]
    ScaleKeys(String),
    /// Standard output is not a terminal: nothing to draw on.
    #[error(
        "the meeting view needs a terminal, and standard output is not one: run ragboard in a \
         terminal, or use a command that writes text (check, summary, report, diff, cells, \
         export; see ragboard --help)"
    )]
    NoTerminal,
    #[error("cannot take the terminal for the meeting view: {0}")]
    Terminal(#[source] std::io::Error),
    #[error("cannot find the current folder (a bundled plan is saved there): {0}")]
    CurrentDir(#[source] std::io::Error),
    #[error("cannot set up signal handling: {0}")]
    Signals(#[source] std::io::Error),
    /// The thread reading the plan stopped without a result (a fault, said above it).
    #[error("the plan's reading stopped unexpectedly: nothing was opened or changed")]
    LoadStopped,
    /// The meeting view ran and stopped on an error (drawing on or reading the terminal),
    /// after the terminal was restored: what became of the session's unsaved changes.
    #[error("the meeting view stopped: {source}; {}", kept.say())]
    Stopped {
        #[source]
        source: LoopError,
        kept: Kept,
    },
}

/// Why the running meeting view stopped: the terminal failed under it.
#[derive(Debug, thiserror::Error)]
pub enum LoopError {
    #[error("cannot draw on the terminal: {0}")]
    Draw(#[source] std::io::Error),
    #[error("cannot read the keyboard: {0}")]
    Read(#[source] std::io::Error),
    #[error("cannot give the terminal back to the shell, or take it again: {0}")]
    Suspend(#[source] std::io::Error),
}

/// Where a stopped session's unsaved changes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub unsaved: usize,
    /// Of those, the ones the journal could not take (they are lost).
    pub lost: usize,
    pub journal: Option<PathBuf>,
}

impl Kept {
    /// What became of the session's unsaved changes, after the journal was given a last
    /// chance to take what it lacks.
    pub fn of(meeting: &mut Meeting) -> Kept {
        meeting.flush_journal();
        Kept {
            unsaved: meeting.unsaved(),
            lost: meeting.unjournaled(),
            journal: meeting.document().map(Document::journal_path),
        }
    }

    fn say(&self) -> String {
        let changes = |n: usize| match n {
            1 => "the unsaved change".to_string(),
            n => format!("the {n} unsaved changes"),
        };
        let journal = self.journal.as_ref().map_or_else(
            || "the journal".to_string(),
            |j| format!("the journal {}", j.display()),
        );
        match (self.unsaved, self.lost) {
            (0, _) => "nothing was unsaved".into(),
            (n, 0) => format!(
                "{} {} in {journal}: open the plan again to replay {}",
                changes(n),
                if n == 1 { "is" } else { "are" },
                if n == 1 { "it" } else { "them" }
            ),
            (n, lost) => format!(
                "{lost} of {} could not be written to {journal} and {} lost",
                changes(n),
                if lost == 1 { "is" } else { "are" }
            ),
        }
    }
}

/// Load the plan and settings, then run the meeting view until the user quits (or a
/// signal ends it: the exit code is then 128 + the signal, as shells expect).
pub fn run(plan_path: Option<PathBuf>, args: &TuiArgs) -> Result<ExitCode, StartError> {
    let started = std::time::Instant::now();
    let (opts, user) = options(args)?;
    // Nothing is drawn, and no terminal mode set, unless standard output is a terminal:
    // output redirected to a file must not fill it with escape codes.
    let mut no_terminal = (!std::io::stdout().is_terminal()).then_some(StartError::NoTerminal);
    // The terminal first, so a large plan shows how far its read is, then its first
    // priorities while the rest is read, not a blank screen. Without one, loading goes
    // ahead, so its errors are reported first; the meeting view then says it needs a
    // terminal.
    let mut early = None;
    if let (Some(path), None) = (&plan_path, &no_terminal) {
        match try_init() {
            Ok(mut t) => {
                let progress = ui::loading::Progress::of(path);
                let _ = t.draw(|frame| ui::loading::render(frame, &progress));
                early = Some(t);
            }
            Err(e) => {
                restore();
                no_terminal = Some(StartError::Terminal(e));
            }
        }
    }
    let keys = keys_path(args);
    let mut queued = Vec::new();
    let mut beginning_shown = None;
    let loaded = match (&mut early, &plan_path) {
        (Some(terminal), Some(path)) => match Signals::register() {
            Err(e) => Err(StartError::Signals(e)),
            Ok(signals) => {
                // Watched from now: a terminal gone while the plan is read leaves the key
                // reader spinning, as it would in the meeting.
                watchdog(signals.end.clone());
                match loading::load_live(
                    terminal,
                    path.clone(),
                    &opts,
                    keys.clone(),
                    &user,
                    &signals,
                ) {
                    loading::Waited::Loaded {
                        plan,
                        doc,
                        queued: q,
                        beginning_shown: shown,
                    } => {
                        queued = q;
                        beginning_shown = shown;
                        Ok((*plan, doc, signals))
                    }
                    loading::Waited::Failed(e) => Err(e),
                    loading::Waited::Signal(sig) => {
                        // Nothing is open yet: no lock taken, no journal to flush.
                        restore();
                        return Ok(ExitCode::from(128u8.saturating_add(sig as u8)));
                    }
                }
            }
        },
        _ => load_plan(plan_path.as_ref(), &opts.keymap, keys.as_deref(), &()).and_then(
            |(plan, doc)| {
                // Checked before the meeting opens: opening takes the plan's lock and looks
                // at its journal, which a run that cannot show anything must leave alone.
                if let Some(e) = no_terminal {
                    return Err(e);
                }
                let signals = Signals::register().map_err(StartError::Signals)?;
                watchdog(signals.end.clone());
                Ok((plan, doc, signals))
            },
        ),
    };
    let prepared = loaded
        .map(|(plan, doc, signals)| (prepare(plan_path.as_ref(), plan, doc, opts, &user), signals));
    let (mut app, signals) = match prepared {
        Ok(ready) => ready,
        Err(e) => {
            if early.is_some() {
                restore();
            }
            return Err(e);
        }
    };
    // Keys typed while the plan was read were meant for the agenda on screen: where the
    // plan opens on a question instead (replay an earlier session's journal? start this
    // meeting's period?), they must not answer it unseen.
    if app.overlay().is_some() && !queued.is_empty() {
        let n = queued.len();
        queued.clear();
        app::handle(
            &mut app,
            Input::Notice(format!(
                "{n} key{} typed while loading {} set aside for this question",
                if n == 1 { "" } else { "s" },
                if n == 1 { "was" } else { "were" }
            )),
        );
    }
    // The screen stays live while a large plan is written.
    app.save_in_background();
    let mut terminal = match early.take() {
        Some(t) => t,
        None => try_init().map_err(|e| {
            restore();
            StartError::Terminal(e)
        })?,
    };
    let result = terminal.clear().map_err(LoopError::Draw).and_then(|()| {
        let mut host = TerminalHost {
            terminal,
            queued: queued.into(),
        };
        event_loop(&mut host, &mut app, &signals, args.first_frame_exit)
    });
    restore();
    if args.first_frame_exit {
        // On stderr, after the terminal is restored: scripts/perf.sh reads it. The first
        // frame is the plan's beginning where one was shown, else the meeting view's.
        let whole = started.elapsed().as_secs_f64();
        let first = beginning_shown.map_or(whole, |t| t.duration_since(started).as_secs_f64());
        eprintln!("first frame after {first:.3} s");
        eprintln!("whole plan open after {whole:.3} s");
    }
    // The session's changes stay in the journal beside the plan, for the next start to
    // offer to replay (the lock goes with the process).
    result.map_err(|source| StartError::Stopped {
        source,
        kept: Kept::of(&mut app.into_meeting()),
    })
}

/// Open the meeting on a loaded plan.
fn prepare(
    plan_path: Option<&PathBuf>,
    plan: Plan,
    doc: Document,
    opts: Options,
    user: &str,
) -> App {
    let bundled_copy = plan_path.is_none() && doc.path.exists();
    let meeting = Meeting::open(plan, doc, user, Box::new(SystemClock));
    let mut app = App::new(meeting, opts);
    if bundled_copy {
        app::handle(
            &mut app,
            Input::Notice(format!(
                "A saved copy {} is in this folder: open it with `ragboard {}`",
                store::BUNDLED_NAME,
                store::BUNDLED_NAME
            )),
        );
    }
    app
}

/// Read and check the plan (a file, or a bundled plan by name), and check its scale's
/// letter keys against the keymap.
fn load_plan(
    path: Option<&PathBuf>,
    keymap: &Keymap,
    keys: Option<&Path>,
    watch: &dyn store::parse::Watch,
) -> Result<(Plan, Document), StartError> {
    // A bundled plan's name opens it, unless a file of that name is here (a saved copy).
    let bundled = path
        .filter(|p| !p.exists())
        .and_then(|p| p.to_str())
        .and_then(store::bundled::find);
    let here = || std::env::current_dir().map_err(StartError::CurrentDir);
    let (plan, doc, name, text): (Plan, Document, PathBuf, std::borrow::Cow<str>) =
        match (bundled, path) {
            (Some(b), _) => {
                let plan = b.plan()?;
                let doc = Document::bundled_as(&here()?, b.name, b.text);
                (plan, doc, b.name.into(), b.text.into())
            }
            (None, Some(p)) => {
                let loaded = store::load_watched(p, watch)?;
                if let Err(message) = check_scale_keys(&loaded.plan, keymap, keys) {
                    // The load keeps no text: it is read again to place the problem (if
                    // it cannot be, the message goes without its place).
                    let bytes = store::read_regular(p, store::MAX_PLAN_BYTES).unwrap_or_default();
                    let text = String::from_utf8_lossy(&bytes);
                    return Err(scale_keys_error(p, &text, &loaded.plan, message));
                }
                let doc = Document::loaded(p, &loaded.source);
                return Ok((loaded.plan, doc));
            }
            (None, None) => {
                let plan = store::bundled()?;
                let doc = Document::bundled_in(&here()?);
                (plan, doc, store::BUNDLED_NAME.into(), store::BUNDLED.into())
            }
        };
    match check_scale_keys(&plan, keymap, keys) {
        Ok(()) => Ok((plan, doc)),
        Err(message) => Err(scale_keys_error(&name, &text, &plan, message)),
    }
}

/// The scale-key problem, placed at the level's `key:` in the plan's text.
fn scale_keys_error(
    file: &Path,
    text: &str,
    plan: &Plan,
    (key, message): (char, String),
) -> StartError {
    let needle = format!("key: {key:?}");
    let at = plan
        .scale
        .levels
        .iter()
        .any(|l| l.key == Some(key))
        .then(|| text.find(&needle))
        .flatten();
    StartError::ScaleKeys(match at {
        Some(at) => {
            let (line, col) = crate::store::line_col(text, at);
            format!("{}:{line}:{col}: {message}", file.display())
        }
        None => format!("{}: {message}", file.display()),
    })
}

/// A scale's letter keys (r, a, g, b) rate; the keymap must not also use them. On a
/// clash: the key and what to say (naming the key file when the binding is from there).
fn check_scale_keys(
    plan: &Plan,
    keymap: &Keymap,
    keys: Option<&Path>,
) -> Result<(), (char, String)> {
    for level in &plan.scale.levels {
        let Some(c) = level.key else { continue };
        if c.is_ascii_digit() {
            return Err((
                c,
                format!(
                    "scale level {} uses key {c:?}: digits rate by value already",
                    level.value
                ),
            ));
        }
        let ev = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        );
        if let Some(action) = keymap.action_for(&ev) {
            let name = keymap
                .bindings
                .iter()
                .find(|b| b.action == action)
                .map_or("?", |b| b.name);
            let by_default = Keymap::default().action_for(&ev) == Some(action);
            let keys = keys.map_or_else(
                || "keys.ron in the config folder".to_string(),
                |k| k.display().to_string(),
            );
            let (who, fix) = if by_default {
                (
                    format!("ragboard binds to {name} by default"),
                    format!("rebind {name} in {keys}"),
                )
            } else {
                (
                    format!("{keys} binds to {name}"),
                    format!("bind {name} to another key there"),
                )
            };
            return Err((
                c,
                format!(
                    "the plan's scale rates {} with key {c:?}, which {who}: {fix}, or give the level another key",
                    level.label
                ),
            ));
        }
    }
    Ok(())
}

/// Settings from flags, then the config file, then defaults, and who records changes.
/// NO_COLOR means mono unless a theme is asked for by name.
pub fn options(args: &TuiArgs) -> Result<(Options, String), StartError> {
    let dir = config::config_dir();
    let (cfg, cfg_text) = config::load_config_with_text(dir.as_deref())?;
    let theme = match args.theme.as_deref().or(cfg.theme.as_deref()) {
        Some(name) => ThemeName::parse(name).map_err(|e| {
            // From the flag, or else from the config file: say which.
            match (&args.theme, &dir) {
                (None, Some(d)) => {
                    let at = config::locate_field(&cfg_text, "theme")
                        .map_or_else(String::new, |(l, c)| format!(":{l}:{c}"));
                    StartError::Theme(format!("{}{at}: {e}", d.join("config.ron").display()))
                }
                _ => StartError::Theme(format!("--theme: {e}")),
            }
        })?,
        None if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => ThemeName::Mono,
        None => ThemeName::Default,
    };
    let keymap = match keys_path(args) {
        Some(path) => {
            let (overrides, text) = config::load_keys_with_text(&path)?;
            Keymap::default()
                .with_overrides(&overrides)
                .map_err(|e| StartError::Keys(place_key_problems(&path, &text, &overrides, &e)))?
        }
        None => Keymap::default(),
    };
    let user = args
        .user
        .clone()
        .or(cfg.user)
        .filter(|u| !u.trim().is_empty())
        .or_else(config::default_user)
        .unwrap_or_else(|| "unknown".into());
    let opts = Options {
        theme,
        today: args
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        keymap,
        period: args.period.clone(),
    };
    Ok((opts, user))
}

/// The key file: the flag's, else `keys.ron` in the config folder.
fn keys_path(args: &TuiArgs) -> Option<PathBuf> {
    args.keys
        .clone()
        .or_else(|| config::config_dir().map(|d| d.join("keys.ron")))
}

/// Each of the keymap's problems (one a line) placed at the entry of the key file it is
/// about: `keys.ron:3:3: next: key "q" ...`.
fn place_key_problems(
    path: &Path,
    text: &str,
    overrides: &std::collections::BTreeMap<String, Vec<String>>,
    problems: &str,
) -> Vec<String> {
    problems
        .lines()
        .map(|line| {
            let mentioned = |name: &&String| {
                line.starts_with(&format!("{name}:"))
                    || line.contains(&format!("{name:?}"))
                    || line.split_whitespace().any(|w| w == name.as_str())
            };
            // The entry written last of those the problem names: a clash is made by the
            // second binding.
            let at = overrides
                .keys()
                .filter(mentioned)
                .filter_map(|name| config::locate_key_entry(text, name))
                .max();
            match at {
                Some((l, c)) => format!("{}:{l}:{c}: {line}", path.display()),
                None => format!("{}: {line}", path.display()),
            }
        })
        .collect()
}

/// Signals, noted by handlers and acted on by the loop (a handler may do almost nothing).
#[derive(Debug, Default)]
pub struct Signals {
    /// The last terminating signal received (TERM, HUP, INT), or 0.
    end: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    cont: Arc<AtomicBool>,
}

impl Signals {
    /// None caught: for a loop run by a test.
    pub fn none() -> Signals {
        Signals::default()
    }

    fn register() -> std::io::Result<Signals> {
        let s = Signals {
            end: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            cont: Arc::new(AtomicBool::new(false)),
        };
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal_hook::flag::register_usize(sig, s.end.clone(), sig as usize)?;
        }
        signal_hook::flag::register(SIGTSTP, s.stop.clone())?;
        signal_hook::flag::register(SIGCONT, s.cont.clone())?;
        Ok(s)
    }
}

/// Take the terminal: raw mode, alternate screen, and bracketed paste, so a pasted note
/// arrives as one piece (its newlines do not submit the form); or why the terminal cannot
/// be taken (no controlling terminal, say). ratatui's panic hook restores it.
fn try_init() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    enable_paste();
    Ok(terminal)
}

fn enable_paste() {
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::EnableBracketedPaste
    );
}

fn restore() {
    let _ = ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::DisableBracketedPaste
    );
    ratatui::restore();
}

/// The loop acts on a terminating signal between keys. But when the terminal itself goes
/// away (a closed window, a killed tmux), reading it returns end-of-file forever and the
/// event reader spins without coming back to the loop: the process would hold the plan's
/// lock at full CPU for ever. This thread notices the hang-up and ends the process at once
/// (the loop cannot run again, and every change is already in the journal), or a signal
/// the loop has not acted on within a grace period a little longer than its poll. The lock
/// goes with the process, so the plan is free for a colleague within moments.
fn watchdog(end: Arc<AtomicUsize>) {
    const GRACE: Duration = Duration::from_millis(400);
    std::thread::spawn(move || {
        let mut since: Option<std::time::Instant> = None;
        loop {
            std::thread::sleep(Duration::from_millis(50));
            if terminal_hung_up() {
                std::process::exit(128 + SIGHUP);
            }
            let sig = end.load(Ordering::SeqCst);
            if sig == 0 {
                since = None;
                continue;
            }
            let first = *since.get_or_insert_with(std::time::Instant::now);
            if first.elapsed() >= GRACE {
                std::process::exit(128 + sig as i32);
            }
        }
    });
}

/// Has the terminal on stdin hung up?
fn terminal_hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

/// What the loop runs on: a terminal to draw on, events to read, and what a suspend does.
/// The real terminal in the app; a `TestBackend` and a script of events in tests, so a
/// whole meeting runs with no terminal.
pub trait Host {
    type Backend: ratatui::backend::Backend;
    fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend>;
    /// Whether an event is waiting, within `timeout`.
    fn poll(&mut self, timeout: Duration) -> std::io::Result<bool>;
    fn read(&mut self) -> std::io::Result<Event>;
    /// Give the terminal back to the shell and stop until `fg`, then take it again.
    fn suspend(&mut self) -> Result<(), LoopError>;
    /// Take the terminal again (after a stop we could not catch).
    fn resume(&mut self) -> Result<(), LoopError>;
}

/// The real terminal, through crossterm.
struct TerminalHost {
    terminal: DefaultTerminal,
    /// Events read while the plan loaded, handed out first.
    queued: std::collections::VecDeque<Event>,
}

impl Host for TerminalHost {
    type Backend = ratatui::backend::CrosstermBackend<std::io::Stdout>;

    fn terminal(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }

    fn poll(&mut self, timeout: Duration) -> std::io::Result<bool> {
        if !self.queued.is_empty() {
            return Ok(true);
        }
        event::poll(timeout)
    }

    fn read(&mut self) -> std::io::Result<Event> {
        match self.queued.pop_front() {
            Some(e) => Ok(e),
            None => event::read(),
        }
    }

    /// As Ctrl-Z does for any program; on `fg`, take the terminal again and redraw.
    fn suspend(&mut self) -> Result<(), LoopError> {
        restore();
        signal_hook::low_level::emulate_default_handler(SIGTSTP).map_err(LoopError::Suspend)?;
        self.resume()
    }

    fn resume(&mut self) -> Result<(), LoopError> {
        self.terminal = try_init().map_err(LoopError::Suspend)?;
        self.terminal.clear().map_err(LoopError::Draw)
    }
}

/// Draw, wait for an event, hand it to the app, until the app quits or a signal ends it.
pub fn event_loop<H: Host>(
    host: &mut H,
    app: &mut App,
    signals: &Signals,
    first_frame_exit: bool,
) -> Result<ExitCode, LoopError> {
    while !app.has_quit() {
        let sig = signals.end.swap(0, Ordering::SeqCst);
        if sig != 0 {
            // Everything is journaled as it happens; this retries what a failing disk held.
            app::perform(app, app::Effect::FlushJournal);
            return Ok(ExitCode::from(128u8.saturating_add(sig as u8)));
        }
        if signals.stop.swap(false, Ordering::SeqCst) {
            host.suspend()?;
            signals.cont.store(false, Ordering::SeqCst);
        }
        if signals.cont.swap(false, Ordering::SeqCst) {
            // Stopped by something we could not catch (SIGSTOP): the shell may have reset
            // the terminal, so take it again.
            host.resume()?;
        }
        // A save on its thread: its outcome (and what waited for it) is taken in here.
        app::poll_save(app, Duration::ZERO);
        let mut layout = app::Layout::default();
        host.terminal()
            .draw(|frame| layout = ui::render(frame, app))
            .map_err(|e| LoopError::Draw(std::io::Error::other(e.to_string())))?;
        perform_all(host, app, signals, Input::Drawn(layout))?;
        if first_frame_exit {
            // For measuring the time to the first frame (scripts/perf.sh).
            return Ok(ExitCode::SUCCESS);
        }
        // A copy following a writer looks at its files every 100 ms: a change shows
        // within a frame or two of the writer's key.
        let wait = Duration::from_millis(if app.meeting().following().is_some() {
            100
        } else {
            250
        });
        let key = if app.saving() {
            key_or_save(host, app, wait)?
        } else {
            host.poll(wait).map_err(LoopError::Read)?
        };
        if !key {
            perform_all(host, app, signals, Input::Tick)?;
            continue;
        }
        let input = match host.read().map_err(LoopError::Read)? {
            Event::Paste(text) => Some(Input::Paste(text)),
            Event::Key(key) => app::action_for_key(app, &key).map(Input::Action),
            _ => None,
        };
        if let Some(input) = input {
            perform_all(host, app, signals, input)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Wait up to `wait` for a key (`true`) or the end of the save under way (`false`, as
/// for a tick: the loop draws its outcome at once), whichever comes first. The save's
/// steps are taken in as they come, in slices of a millisecond: a save of a small plan
/// shows "Saved to" a few milliseconds after `C-s`, not after the next tick.
fn key_or_save<H: Host>(host: &mut H, app: &mut App, wait: Duration) -> Result<bool, LoopError> {
    let until = std::time::Instant::now() + wait;
    loop {
        if host.poll(Duration::ZERO).map_err(LoopError::Read)? {
            return Ok(true);
        }
        if app::poll_save(app, Duration::from_millis(1)) || !app.saving() {
            return Ok(false);
        }
        if std::time::Instant::now() >= until {
            return Ok(false);
        }
    }
}

/// Hand `input` to the app and perform the I/O it asks for (saving, the journal), or
/// suspend when it asks to.
fn perform_all<H: Host>(
    host: &mut H,
    app: &mut App,
    signals: &Signals,
    input: Input,
) -> Result<(), LoopError> {
    for effect in app::handle(app, input) {
        if let Some(words) = effect.busy() {
            app::handle(app, Input::Notice(words.to_string()));
            host.terminal()
                .draw(|frame| {
                    ui::render(frame, app);
                })
                .map_err(|e| LoopError::Draw(std::io::Error::other(e.to_string())))?;
        }
        if app::perform(app, effect) {
            host.suspend()?;
            signals.cont.store(false, Ordering::SeqCst);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::FixedClock;

    /// A meeting on a copy of the small plan in `dir`, with `rated` changes made.
    fn meeting(dir: &Path, rated: &[&str]) -> Meeting {
        let path = dir.join("p.ron");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rag-small.ron"),
            &path,
        )
        .unwrap();
        let loaded = store::load(&path).unwrap();
        let doc = Document::loaded(&path, &loaded.source);
        let clock = FixedClock(chrono::Utc::now());
        let mut m = Meeting::open(loaded.plan, doc, "ann", Box::new(clock));
        for id in rated {
            m.rate(id, "q2", Some(4), Some("done".into()), None)
                .unwrap();
        }
        m
    }

    fn stopped(m: &mut Meeting) -> String {
        let e = StartError::Stopped {
            source: LoopError::Read(std::io::Error::from_raw_os_error(libc::EIO)),
            kept: Kept::of(m),
        };
        let mut err = Vec::new();
        crate::cli::say(&mut err, "ragboard: ", &e);
        String::from_utf8(err).unwrap()
    }

    /// The terminal failing mid-meeting: one plain sentence that says what failed and
    /// where the unsaved changes are, and the journal left for the next start to replay.
    #[test]
    fn a_terminal_failing_mid_meeting_says_where_the_changes_are() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = meeting(dir.path(), &["1.1.1", "2.1.1"]);
        let journal = dir.path().join("p.ron.journal");
        assert_eq!(
            stopped(&mut m),
            format!(
                "ragboard: the meeting view stopped: cannot read the keyboard: Input/output \
                 error (os error 5); the 2 unsaved changes are in the journal {}: open the \
                 plan again to replay them\n",
                journal.display()
            )
        );
        drop(m);
        let found = store::journal::read(&journal).unwrap().unwrap();
        assert_eq!(found.entries.len(), 2);

        let dir = tempfile::tempdir().unwrap();
        let mut m = meeting(dir.path(), &[]);
        assert_eq!(
            stopped(&mut m),
            "ragboard: the meeting view stopped: cannot read the keyboard: Input/output \
             error (os error 5); nothing was unsaved\n"
        );
    }

    #[test]
    fn changes_the_journal_could_not_take_are_said_lost() {
        let kept = Kept {
            unsaved: 3,
            lost: 1,
            journal: Some(PathBuf::from("p.ron.journal")),
        };
        assert_eq!(
            kept.say(),
            "1 of the 3 unsaved changes could not be written to the journal p.ron.journal \
             and is lost"
        );
    }
}
