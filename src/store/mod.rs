//! The only place that touches files: RON in and out, validation with file:line:column,
//! atomic save, the journal and the lock.

pub mod bundled;
mod canonical;
pub mod conflicts;
pub mod document;
pub mod git;
pub mod journal;
mod locate;
pub mod lock;
pub mod output;
pub mod parse;
pub(crate) mod ron_error;
pub mod seats;
mod validate;

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::model::Plan;

pub use canonical::{to_canonical, to_canonical_in_one, write_canonical};
pub use locate::line_col;
pub use validate::validate;

/// One thing wrong with a plan file, with where it is when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line and column.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.file.display(), self.message)
            }
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Everything wrong with a plan file (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Parse and validate plan text. `file` names it in messages.
pub fn parse(text: &str, file: &Path) -> Result<Plan, LoadError> {
    // On several cores for a large plan; errors exactly as a whole-file read gives them.
    let plan: Plan = parse::plan(text).map_err(|e| {
        let (at, message) = ron_error::describe(text, &e, ron_error::Holds::Plan);
        // Reading stops at the first bad date; when that is what stopped it, every bad
        // date in the file is listed, so one `check` shows every one to fix.
        if matches!(e.code, ron::Error::Message(_)) {
            let dates = date_problems(text, file);
            if dates
                .iter()
                .any(|p| p.at.is_some_and(|(line, _)| line == at.0))
            {
                return LoadError { problems: dates };
            }
        }
        LoadError {
            problems: vec![Problem {
                file: file.to_path_buf(),
                at: Some(at),
                message,
            }],
        }
    })?;
    let problems = validate(&plan, text, file);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(LoadError { problems })
    }
}

/// Every date in the text that does not read: due dates (`due: "..."`) and period dates
/// (`date: "..."`). Only called when reading failed, so it may scan the text.
fn date_problems(text: &str, file: &Path) -> Vec<Problem> {
    let loc = locate::Locator::new(text);
    let mut out = Vec::new();
    type Check = fn(&str) -> Option<String>;
    let due: Check = |v| v.parse::<crate::model::Due>().err();
    let day: Check = |v| {
        use chrono::format::ParseErrorKind::{Impossible, OutOfRange};
        chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .err()
            .map(|e| match e.kind() {
                OutOfRange | Impossible => format!("there is no such day as {v:?}"),
                _ => format!("expected a date as YYYY-MM-DD, found {v:?}"),
            })
    };
    for (needle, what, check) in [("due: \"", "due date", due), ("date: \"", "date", day)] {
        let mut from = 0;
        while let Some(i) = text[from..].find(needle) {
            let start = from + i + needle.len();
            let Some(len) = text[start..].find('"') else {
                break;
            };
            let value = &text[start..start + len];
            if let Some(message) = check(value) {
                out.push((
                    start - 1,
                    Problem {
                        file: file.to_path_buf(),
                        at: Some(loc.line_col(start - 1)),
                        message: format!("bad {what}: {message}"),
                    },
                ));
            }
            from = start + len;
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The bundled 2017-19 development plan, compiled into the binary so it opens anywhere.
pub const BUNDLED: &str = include_str!("../../data/csc-development-plan-2017-19.ron");
/// The file name the bundled plan is known by (and saved under, in the current folder).
pub const BUNDLED_NAME: &str = "csc-development-plan-2017-19.ron";

pub fn bundled() -> Result<Plan, LoadError> {
    parse(BUNDLED, Path::new(BUNDLED_NAME))
}

/// Plan files larger than this are refused before reading: a 100,000-action plan is about
/// 90 MB, and a runaway file (or `/dev/zero`) must not exhaust memory.
pub const MAX_PLAN_BYTES: u64 = 256 * 1024 * 1024;

/// A plan as loaded, with what its file held (to detect edits by others before saving,
/// and to tie the journal to it), not its bytes: a plan of 100,000 actions is 124 MB.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan: Plan,
    pub source: Source,
}

fn problem(file: &Path, at: Option<(usize, usize)>, message: String) -> LoadError {
    LoadError {
        problems: vec![Problem {
            file: file.to_path_buf(),
            at,
            message,
        }],
    }
}

/// Files from this size on are streamed ([`parse::stream`]); smaller ones are read whole.
pub const STREAM_FROM_BYTES: u64 = 256 * 1024;

/// Read, parse and validate a plan file.
///
/// A large file is streamed: never all its text at once, so the peak is about the plan
/// read, not the plan and its text together. A valid plan is then checked without its
/// text; a plan with a problem is checked again with its text, read again, to place each
/// one. For anything else unusual (a part that does not read, a file that changed while
/// read) the file is read again whole, the way a small one is, so every message and its
/// line and column are those of the whole read.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_with(path, &parse::Stream::new(MAX_PLAN_BYTES))
}

/// [`load`], telling `watch` how far it is and, for a large plan, its beginning (the
/// meeting view shows it while the rest loads).
pub fn load_watched(path: &Path, watch: &dyn parse::Watch) -> Result<Loaded, LoadError> {
    load_with_watch(path, &parse::Stream::new(MAX_PLAN_BYTES), watch)
}

/// [`load`], streaming as `how` says (tests use small pieces).
pub fn load_with(path: &Path, how: &parse::Stream) -> Result<Loaded, LoadError> {
    load_with_watch(path, how, &())
}

fn load_with_watch(
    path: &Path,
    how: &parse::Stream,
    watch: &dyn parse::Watch,
) -> Result<Loaded, LoadError> {
    let (mut file, meta) =
        open_regular(path, how.limit).map_err(|e| problem(path, None, e.to_string()))?;
    if meta.len() >= STREAM_FROM_BYTES
        && let Some(s) = parse::stream_watched(&mut file, how, meta.len(), watch)
        && read_as_it_was(&file, &meta, s.source.bytes())
    {
        if validate::is_valid(&s.plan) {
            return Ok(Loaded {
                plan: s.plan,
                source: s.source,
            });
        }
        // A problem: the text is read again only to place it, the plan read kept, if the
        // file still holds the bytes read (else it is read whole, below).
        drop(file);
        let bytes =
            read_regular(path, how.limit).map_err(|e| problem(path, None, e.to_string()))?;
        if Source::of(&bytes) == s.source {
            let problems = validate(&s.plan, decode(&bytes, path)?, path);
            if !problems.is_empty() {
                return Err(LoadError { problems });
            }
        }
        return load_whole(path, how.limit);
    }
    drop(file);
    load_whole(path, how.limit)
}

/// Whether `read` bytes were read from `file` as it was when `before` was taken: a file
/// written while read could give a plan of two versions (then it is read again whole).
fn read_as_it_was(file: &fs::File, before: &fs::Metadata, read: u64) -> bool {
    file.metadata().is_ok_and(|now| {
        read == before.len()
            && now.len() == before.len()
            && now.modified().ok() == before.modified().ok()
    })
}

/// Read the whole file, then parse and validate its text (problems placed in it).
fn load_whole(path: &Path, limit: u64) -> Result<Loaded, LoadError> {
    let bytes = read_regular(path, limit).map_err(|e| problem(path, None, e.to_string()))?;
    let plan = parse(decode(&bytes, path)?, path)?;
    Ok(Loaded {
        plan,
        source: Source::of(&bytes),
    })
}

/// Why a file could not be read as a plan or journal.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    #[error("not a regular file ({0}): expected a plan file")]
    NotAFile(&'static str),
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
}

/// Read a regular file of at most `limit` bytes. FIFOs, devices and folders are refused
/// without blocking (a FIFO is opened non-blocking, then checked), and never read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while read: never read past the limit.
    io::Read::read_to_end(&mut io::Read::take(file, limit + 1), &mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Open a regular file of at most `limit` bytes (as its metadata says), to read; FIFOs,
/// devices and folders are refused without blocking.
fn open_regular(path: &Path, limit: u64) -> Result<(fs::File, fs::Metadata), ReadError> {
    let file = open_options_nonblocking().open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok((file, meta))
}

#[cfg(unix)]
pub(crate) fn open_options_nonblocking() -> fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = fs::OpenOptions::new();
    o.read(true).custom_flags(libc::O_NONBLOCK);
    o
}

#[cfg(not(unix))]
pub(crate) fn open_options_nonblocking() -> fs::OpenOptions {
    let mut o = fs::OpenOptions::new();
    o.read(true);
    o
}

#[cfg(unix)]
pub(crate) fn kind_of(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
pub(crate) fn kind_of(t: &fs::FileType) -> &'static str {
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// The text of plan bytes: UTF-8, a leading byte-order mark dropped (editors on Windows
/// add one). Bad UTF-8 is reported at its line and column.
pub fn decode<'b>(bytes: &'b [u8], file: &Path) -> Result<&'b str, LoadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // Windows' "Unicode" text: its byte-order mark says so.
        return Err(problem(
            file,
            Some((1, 1)),
            "the file is UTF-16 text: save it as UTF-8".into(),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The prefix is valid by definition; the fallback never runs.
        let text = std::str::from_utf8(good).unwrap_or_default();
        let bad = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
        problem(
            file,
            Some(locate::line_col(text, text.len())),
            format!(
                "invalid UTF-8 (byte 0x{bad:02x}): the file must be UTF-8 text (in an \
                 editor, save it with the encoding UTF-8)"
            ),
        )
    })
}

/// Why a small RON file of settings (the config, a keymap, the conflicts file beside a
/// plan) could not be used: each names the file, and the place in it where the problem is.
#[derive(Debug, thiserror::Error)]
pub enum RonFileError {
    #[error("{}: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    /// Not UTF-8, or not the RON expected: line and column are 1-based.
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
}

/// A small RON file as read: its value, its text, and its bytes as they are on disk (to
/// write it again only over what was read).
#[derive(Debug, Clone)]
pub struct RonFile<T> {
    pub value: T,
    pub text: String,
    pub bytes: Vec<u8>,
}

/// Read a small RON file of settings (at most `limit` bytes; `#![enable(implicit_some)]`
/// implied), or `None` when there is no such file.
pub fn read_ron_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    limit: u64,
) -> Result<Option<RonFile<T>>, RonFileError> {
    let bytes = match read_regular(path, limit) {
        Ok(b) => b,
        Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(RonFileError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let syntax = |(line, col): (usize, usize), message: String| RonFileError::Syntax {
        path: path.to_path_buf(),
        line,
        col,
        message,
    };
    let text = decode(&bytes, path).map_err(|e| {
        let p = e.problems.into_iter().next();
        let at = p.as_ref().and_then(|p| p.at).unwrap_or((1, 1));
        syntax(at, p.map_or_else(|| "not UTF-8 text".into(), |p| p.message))
    })?;
    let value = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| {
            let (at, message) = ron_error::describe(text, &e, ron_error::Holds::Settings);
            syntax(at, message)
        })?;
    let text = text.to_string();
    Ok(Some(RonFile { value, text, bytes }))
}

/// Does this text start as a plan does (`Plan(`, after any byte order mark, comments and
/// `#![enable(...)]` lines)? A RON file that does not is some other file (a `keys.ron`),
/// which the merge driver and the textconv leave to git's own handling of text.
pub fn looks_like_plan(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("//") {
            rest = r.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r.split_once("*/").map_or("", |(_, after)| after);
        } else if let Some(r) = rest.strip_prefix("#![") {
            rest = r.split_once(']').map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    rest.strip_prefix("Plan")
        .is_some_and(|r| r.trim_start().starts_with('('))
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} is read-only: not overwritten", .0.display())]
    ReadOnly(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The file a path stands for: a symlink is followed, so a save replaces its target and the
/// link stays a link.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// The folder a file lives in ("." for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Temporary files are named after the file they will replace, so leftovers of a crash are
/// found (and only ours are cleaned): `.plan.ron.XXXXXX.ragboard-tmp`.
const TMP_SUFFIX: &str = ".ragboard-tmp";

fn tmp_prefix(target: &Path) -> String {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    format!(".{}.", name.unwrap_or_default())
}

/// Write `contents` to `path` atomically: a temporary file beside it, flushed to disk,
/// then renamed over it. A crash at any moment leaves the old file or the new, never half.
/// A symlink is followed; the file's mode and (where permitted) owner are kept; a read-only
/// file is refused.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, contents, || Ok(()))
}

/// As [`write_atomic`], with a hook run after the temporary file is written and before the
/// rename: tests use it to inject a failure there.
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce() -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let (target, tmp) = write_temp(path, contents)?;
    before_rename().map_err(io_err)?;
    tmp.persist(&target).map_err(|e| io_err(e.error))?;
    sync_folder(&target);
    Ok(())
}

/// A temporary file beside the file `path` stands for (a symlink is followed), holding
/// `contents`, flushed to disk, with the old file's mode and owner. Returns the real
/// target and the file, which is removed if dropped. A read-only target is refused.
pub fn write_temp(
    path: &Path,
    contents: &[u8],
) -> Result<(PathBuf, tempfile::NamedTempFile), WriteError> {
    write_temp_with(path, |w| w.write_all(contents)).map(|(target, tmp, _)| (target, tmp))
}

/// Bytes counted and hashed as they pass, every byte once and in order: a plan file read
/// or written a piece at a time is known ([`Source`]) without being held.
pub(crate) struct Tally {
    len: u64,
    hasher: xxhash_rust::xxh3::Xxh3Default,
}

impl Tally {
    pub(crate) fn new() -> Tally {
        Tally {
            len: 0,
            hasher: xxhash_rust::xxh3::Xxh3Default::new(),
        }
    }

    pub(crate) fn add(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.len += bytes.len() as u64;
    }

    /// How many bytes have passed.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// The bytes so far: their length, and the hashes a load takes (XXH3-64 for the
    /// journal's fingerprint, XXH3-128 for the check before a save).
    pub(crate) fn source(&self) -> Source {
        Source {
            content: Content {
                len: self.len,
                hash: self.hasher.digest128(),
            },
            fingerprint: journal::fingerprint_of(self.hasher.digest(), self.len),
        }
    }
}

/// Bytes passed on to a writer and tallied as they pass.
struct Hashing<'w> {
    inner: &'w mut dyn Write,
    tally: Tally,
}

impl Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.tally.add(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// As [`write_temp`], the contents written by `fill` (a plan's text a part at a time); with
/// the length and hashes of what it wrote.
pub fn write_temp_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(PathBuf, tempfile::NamedTempFile, Source), WriteError> {
    let io_err = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = resolve(path).map_err(io_err)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(e)),
    };
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let dir = folder_of(&target);
    // tempfile creates with O_EXCL: a planted symlink at the temporary name is never followed.
    let mut tmp = tempfile::Builder::new()
        .prefix(&tmp_prefix(&target))
        .suffix(TMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(io_err)?;
    let source = {
        let mut buffered = io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        let mut hashing = Hashing {
            inner: &mut buffered,
            tally: Tally::new(),
        };
        fill(&mut hashing).map_err(io_err)?;
        let source = hashing.tally.source();
        buffered.flush().map_err(io_err)?;
        source
    };
    keep_attributes(tmp.as_file(), existing.as_ref()).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    Ok((target, tmp, source))
}

/// Make a rename in `file`'s folder durable, where the platform allows syncing a folder.
pub fn sync_folder(file: &Path) {
    if let Ok(d) = fs::File::open(folder_of(file)) {
        let _ = d.sync_all();
    }
}

/// Swap two files' names in one step (Linux's `renameat2` with `RENAME_EXCHANGE`). `Ok(false)`
/// where the filesystem or platform cannot (then nothing happened).
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths, relative to the working folder.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// How many names (hard links) a file has.
#[cfg(unix)]
pub(crate) fn links(m: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
pub(crate) fn links(_m: &fs::Metadata) -> u64 {
    1
}

/// What a file held, to tell later whether it still does without keeping its bytes (a
/// plan of 100,000 actions is 124 MB): its length and XXH3-128 hash. An edit by someone
/// else changes the hash; with 128 bits a chance match is beyond reckoning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Content {
    len: u64,
    hash: u128,
}

impl Content {
    pub fn of(bytes: &[u8]) -> Content {
        Content {
            len: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }

    /// What the file at `path` holds, read a piece at a time; `None`: there is no file.
    pub fn of_file(path: &Path) -> io::Result<Option<Content>> {
        let mut file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut len = 0u64;
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buf[..n]);
                    len += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Some(Content {
            len,
            hash: hasher.digest128(),
        }))
    }
}

/// What a plan file held when it was loaded: to tell an edit by someone else before a save
/// ([`Content`]) and to tie the journal to the plan ([`journal::fingerprint`]), without
/// keeping its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub content: Content,
    pub fingerprint: String,
}

impl Source {
    pub fn of(bytes: &[u8]) -> Source {
        Source {
            content: Content::of(bytes),
            fingerprint: journal::fingerprint(bytes),
        }
    }

    /// The file's length in bytes.
    pub fn bytes(&self) -> u64 {
        self.content.len
    }
}

/// Whether the file at `path` holds exactly `expected` (`None`: there is no file).
pub fn file_holds(path: &Path, expected: Option<Content>) -> io::Result<bool> {
    Ok(Content::of_file(path)? == expected)
}

/// How a new file took its name, and so how sure it is that nothing was written over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// The new file took the old one's place in one step (an atomic exchange), and the old
    /// one was checked after: an edit landing at any moment is seen, and kept.
    Exchanged,
    /// This filesystem cannot exchange two files in one step (network shares, some
    /// others): the file was checked just before the rename, and an edit landing in the
    /// few milliseconds between would not be seen.
    JustBefore,
    /// Nothing was there: the file was created, never over one that appeared meanwhile.
    New,
}

/// Why a new file did not take its name.
#[derive(Debug)]
pub enum PlaceError {
    /// The file there is not the one the caller saw (or one appeared, or it went).
    Changed,
    Io(io::Error),
}

/// Give the written temporary file `tmp` the name `target`, if the file there is still
/// the one the caller saw: `was_there` says whether there was one, and `still(path)`
/// whether the file at `path` is it.
///
/// - Nothing was there: a no-clobber rename, so a file made meanwhile is never replaced.
/// - A file was there: the new file and the old are exchanged in one step ([`exchange`]),
///   and the file now at the temporary name is checked; if it is not the one seen, they
///   are swapped back and nothing is lost. Where the filesystem cannot exchange, the check
///   is made just before the rename.
pub fn put_in_place(
    tmp: tempfile::NamedTempFile,
    target: &Path,
    was_there: bool,
    still: impl Fn(&Path) -> io::Result<bool>,
) -> Result<Placed, PlaceError> {
    let placed = if !was_there {
        tmp.persist_noclobber(target).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                PlaceError::Changed
            } else {
                PlaceError::Io(e.error)
            }
        })?;
        Placed::New
    } else {
        match exchange(tmp.path(), target) {
            Ok(true) => {
                // The old file is at the temporary name now: it must be the one seen.
                if !still(tmp.path()).map_err(PlaceError::Io)? {
                    exchange(tmp.path(), target).map_err(PlaceError::Io)?;
                    return Err(PlaceError::Changed);
                }
                // Dropping the temporary file removes the old file's name.
                drop(tmp);
                Placed::Exchanged
            }
            Ok(false) => {
                if !still(target).map_err(PlaceError::Io)? {
                    return Err(PlaceError::Changed);
                }
                tmp.persist(target).map_err(|e| PlaceError::Io(e.error))?;
                Placed::JustBefore
            }
            // The file went away meanwhile.
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(PlaceError::Changed),
            Err(e) => return Err(PlaceError::Io(e)),
        }
    };
    sync_folder(target);
    Ok(placed)
}

/// The new file gets the old one's permissions and, where we may, its owner and group (a
/// temporary file starts private and ours). A new plan is readable by all.
#[cfg(unix)]
fn keep_attributes(tmp: &fs::File, old: Option<&fs::Metadata>) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    match old {
        Some(m) => {
            // Only root or the owner may chown; a plan we may write but do not own stays ours.
            let _ = std::os::unix::fs::fchown(tmp, Some(m.uid()), Some(m.gid()));
            tmp.set_permissions(fs::Permissions::from_mode(m.mode() & 0o7777))
        }
        None => tmp.set_permissions(fs::Permissions::from_mode(0o644)),
    }
}

#[cfg(not(unix))]
fn keep_attributes(tmp: &fs::File, old: Option<&fs::Metadata>) -> io::Result<()> {
    match old {
        Some(m) => tmp.set_permissions(m.permissions()),
        None => Ok(()),
    }
}

/// Remove temporary files a crashed save left beside `target`. Call only while holding the
/// plan's lock, so no other save is in flight. Returns what was removed.
pub fn clean_temps(target: &Path) -> Vec<PathBuf> {
    let prefix = tmp_prefix(target);
    let Ok(entries) = fs::read_dir(folder_of(target)) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with(&prefix) && name.ends_with(TMP_SUFFIX);
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if ours && plain && fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// Save a plan as canonical RON, atomically.
pub fn save(path: &Path, plan: &Plan) -> Result<(), WriteError> {
    let text = to_canonical(plan).map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        source: io::Error::other(e),
    })?;
    write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_is_told_by_its_content_read_in_pieces() {
        use super::{Content, file_holds};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        // Longer than one piece of the read, so the pieces are joined as the whole is.
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let held = Content::of(&bytes);
        assert_eq!(Content::of_file(&path).unwrap(), Some(held));
        assert!(file_holds(&path, Some(held)).unwrap());
        assert!(!file_holds(&path, None).unwrap());
        // One byte changed, same length: not the file loaded.
        let mut edited = bytes.clone();
        edited[2_500_000] ^= 1;
        std::fs::write(&path, &edited).unwrap();
        assert!(!file_holds(&path, Some(held)).unwrap());
        std::fs::remove_file(&path).unwrap();
        assert!(file_holds(&path, None).unwrap());
        assert!(!file_holds(&path, Some(held)).unwrap());
    }

    /// A plan large enough to be streamed, and a loader cutting it in 1 KiB pieces.
    fn streamed_plan() -> (String, super::parse::Stream) {
        let plan = crate::cli::generate::generate(&crate::cli::generate::Spec {
            actions: 1500,
            periods: 4,
            seed: 11,
        });
        let text = super::to_canonical(&plan).unwrap();
        assert!(text.len() as u64 > 4 * super::STREAM_FROM_BYTES);
        let how = super::parse::Stream {
            piece: 1024,
            threads: 2,
            queue: 2,
            limit: super::MAX_PLAN_BYTES,
        };
        (text, how)
    }

    #[test]
    fn a_streamed_load_gives_the_whole_reads_plan_and_source() {
        let (text, how) = streamed_plan();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        std::fs::write(&path, &text).unwrap();
        let expected = super::parse(&text, &path).unwrap();
        for how in [how, super::parse::Stream::new(super::MAX_PLAN_BYTES)] {
            let loaded = super::load_with(&path, &how).unwrap();
            assert_eq!(loaded.plan, expected);
            assert_eq!(loaded.source, super::Source::of(text.as_bytes()));
        }
    }

    /// Broken late in the file, pieces past the first: the error, its line and column, are
    /// those of the whole read (which gives them, the streamed read having given up).
    #[test]
    fn a_streamed_load_reports_a_late_error_as_the_whole_read_does() {
        let (text, how) = streamed_plan();
        let last = text.rfind("Action(").unwrap();
        let first_id = {
            let at = text.find("Action(").unwrap();
            let id = &text[at..];
            let from = id.find("id: \"").unwrap() + 5;
            id[from..from + id[from..].find('"').unwrap()].to_string()
        };
        let edit = |from: &str, to: &str| {
            let at = last + text[last..].find(from).unwrap();
            let mut b = text.clone().into_bytes();
            b.splice(at..at + from.len(), to.bytes());
            b
        };
        let mut not_utf8 = text.clone().into_bytes();
        not_utf8[last + 2] = 0xC3;
        let cases = [
            ("syntax", edit("Action(", "Action(,")),
            ("empty title", edit("title: \"", "title: \" \", x: \"")),
            ("field", edit("title:", "titel:")),
            ("duplicate id", {
                let at = last + text[last..].find("id: \"").unwrap() + 5;
                let end = at + text[at..].find('"').unwrap();
                let mut b = text.clone().into_bytes();
                b.splice(at..end, first_id.bytes());
                b
            }),
            ("bad due date", edit("due: \"", "due: \"2019-13\", x: \"")),
            ("not UTF-8", not_utf8),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        let late_line = text[..last].lines().count();
        for (what, bytes) in cases {
            std::fs::write(&path, &bytes).unwrap();
            let expected = super::decode(&bytes, &path)
                .and_then(|t| super::parse(t, &path))
                .unwrap_err();
            let got = super::load_with(&path, &how).unwrap_err();
            assert_eq!(got, expected, "{what}");
            let line = got.problems[0].at.map_or(0, |(l, _)| l);
            assert!(
                line >= late_line,
                "{what}: at line {line}, not past {late_line}"
            );
        }
    }

    /// A file written to while streamed is not taken as read: its length or time changed.
    #[test]
    fn a_file_written_while_streamed_is_not_taken_as_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        std::fs::write(&path, "Plan(title: \"x\")").unwrap();
        let (file, meta) = super::open_regular(&path, 1 << 20).unwrap();
        assert!(super::read_as_it_was(&file, &meta, meta.len()));
        assert!(!super::read_as_it_was(&file, &meta, meta.len() + 1));
        let mut other = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut other, b" ").unwrap();
        assert!(!super::read_as_it_was(&file, &meta, meta.len()));
    }

    #[test]
    fn what_looks_like_a_plan() {
        use super::looks_like_plan as plan;
        assert!(plan("Plan(title: \"x\")"));
        assert!(plan(
            "\u{feff}#![enable(implicit_some)]\n// note\n/* more */\nPlan (\n"
        ));
        assert!(!plan("(bindings: {})"));
        assert!(!plan("{\"quit\": [\"q\"]}"));
        assert!(!plan("Planet(x: 1)"));
        assert!(!plan(""));
    }
}
