//! `emu` without `-r` serves a root of its own in the user's data folder, made
//! on first boot, in which the source tree cannot be reached; the console's
//! user is the host user, as the original's is; with the project tree as root,
//! its build serves `/dis` as a plain folder would.

mod system;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A scratch data folder (`XDG_DATA_HOME`), removed when dropped.
struct DataFolder(tempfile::TempDir);

impl DataFolder {
    fn new(tag: &str) -> DataFolder {
        let dir = tempfile::Builder::new()
            .prefix(&format!("emu-data-{tag}-"))
            .tempdir()
            .unwrap();
        DataFolder(dir)
    }

    /// Runs `emu args...` (no `-r`) with this data folder, and without `USER`
    /// in its environment: the user's name is the host's account name, as the
    /// original's is, not a variable's.
    fn emu(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_emu"))
            .env("XDG_DATA_HOME", self.0.path())
            .env_remove("USER")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn root(&self) -> PathBuf {
        self.0.path().join("inferno-emu")
    }
}

/// The host's name for the user running the tests.
fn host_user() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn the_default_root_is_emus_own_and_made_on_first_boot() {
    let data = DataFolder::new("first");
    let user = host_user();
    let out = data.emu(&[
        "sh",
        "-c",
        "ls /README.md /.git /appl; ls /dis/ls.dis /module/sys.m",
    ]);
    let err = text(&out.stderr);
    // The project tree is not the root.
    for name in ["/README.md", "/.git", "/appl"] {
        assert!(
            err.contains(&format!("{name}: '{name}' file does not exist")),
            "{name}: {err}"
        );
    }
    assert!(system::project().join("README.md").is_file());
    // The system's commands and interfaces are there, from the build.
    assert_eq!(text(&out.stdout), "/dis/ls.dis\n/module/sys.m\n", "{err}");
    let root = data.root();
    for dir in ["tmp", "lib", &format!("usr/{user}/lib")] {
        assert!(root.join(dir).is_dir(), "{dir} not made");
    }
    // Nothing of the build is copied into it.
    assert!(!root.join("dis").exists() && !root.join("module").exists());
    // A second boot finds it as it was left.
    std::fs::write(root.join("tmp/kept"), "kept\n").unwrap();
    let again = data.emu(&["sh", "-c", "cat /tmp/kept"]);
    assert_eq!(text(&again.stdout), "kept\n");
}

#[test]
fn the_user_is_the_host_user() {
    let data = DataFolder::new("user");
    let out = data.emu(&["sh", "-c", "cat /dev/user"]);
    assert_eq!(text(&out.stdout), host_user(), "{}", text(&out.stderr));
}

#[test]
fn dash_r_still_selects_any_root() {
    let data = DataFolder::new("dash-r");
    let root = system::Root::new("dash-r");
    root.write("tmp/here", "here\n");
    let out = data.emu(&[
        "-r",
        &root.path.to_string_lossy(),
        "sh",
        "-c",
        "cat /tmp/here",
    ]);
    assert_eq!(text(&out.stdout), "here\n", "{}", text(&out.stderr));
    assert!(!Path::new(&data.root()).exists());
}

#[test]
fn with_the_project_tree_as_root_a_walk_into_dis_fails_as_in_the_original() {
    // /dis is the build's build/dis there; a walk through it must read as a
    // walk through a plain folder: `'/dis/definitely' does not exist`.
    let project = system::project();
    let out = Command::new(env!("CARGO_BIN_EXE_emu"))
        .arg("-r")
        .arg(&project)
        .arg("/tests/conformance/lang-load.dis")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // The first four lines are the load errors (the rest of the transcript
    // mixes in standard error).
    let expected = std::fs::read(project.join("tests/conformance/lang-load.out")).unwrap();
    let first = |t: &str| t.lines().take(4).collect::<Vec<_>>().join("\n");
    assert_eq!(
        first(&text(&out.stdout)),
        first(&text(&expected)),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn writing_into_the_systems_read_only_dis_is_permission_denied() {
    // A root without a dis/ of its own is served the build's, read only: the
    // original's sh reports the create's refusal, not the failed open after it.
    let data = DataFolder::new("ro-dis");
    let root = system::Root::new("ro-dis");
    root.write("tmp/here", "here\n");
    let sh = |line: &str| data.emu(&["-r", &root.path.to_string_lossy(), "sh", "-c", line]);
    for (line, want) in [
        (
            "echo hi > /dis/x",
            "sh: cannot open /dis/x: permission denied\n",
        ),
        (
            "echo hi >> /dis/y",
            "sh: cannot open /dis/y: permission denied\n",
        ),
    ] {
        let out = sh(line);
        assert_eq!(text(&out.stderr), want, "{line}");
    }
    let out = sh("echo hi > /tmp/new; echo there >> /tmp/new; cat /tmp/new");
    assert_eq!(text(&out.stdout), "hi\nthere\n", "{}", text(&out.stderr));
}
