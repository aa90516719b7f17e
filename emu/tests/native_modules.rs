//! Native modules (`emu -L folder`): the sample module `$Sample`
//! (`native/sample`, built here as a cdylib) loaded from Limbo, called, with an
//! exception raised through it; a load under a different type fails with the
//! link typecheck error, a module no library provides, a file that is no
//! library and a library of another module fail with their reasons; without `-L`
//! no library is looked for.

mod system;

use std::path::PathBuf;
use std::process::Command;

/// Builds the sample module with cargo, in a target folder of its own beside
/// the workspace's (so that it does not wait for the lock of the build running
/// this test), and returns the folder holding `libsample.so`.
fn sample_folder() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/PROFILE/deps/TEST: three levels up is the target folder.
    let target = exe.ancestors().nth(3).unwrap().join("native-sample");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "sample", "--target-dir"])
        .arg(&target)
        .current_dir(system::project())
        .status()
        .unwrap();
    assert!(status.success(), "cargo build -p sample: {status}");
    target.join("debug")
}

#[test]
fn the_sample_native_module_is_loaded_called_and_checked_by_signature() {
    let folder = sample_folder();
    let root = system::Root::new("native");
    root.compile(
        &system::project().join("emu/tests/programs/native.b"),
        "tmp/native.dis",
    );
    // A file named as $Broken's library that is not a library, and $Sample's
    // library named as $Other's.
    root.write("tmp/lib/libbroken.so", "not a library\n");
    std::fs::copy(
        folder.join("libsample.so"),
        root.file("tmp/lib/libother.so"),
    )
    .unwrap();
    let broken = root.file("tmp/lib");
    let run = root.emu(&[
        "-L",
        &folder.to_string_lossy(),
        "-L",
        &broken.to_string_lossy(),
        "/tmp/native.dis",
    ]);
    assert_eq!(run.status, 0, "{run:?}");
    let (rest, other) = run.out.trim_end().rsplit_once('\n').unwrap();
    let (rest, last) = rest.rsplit_once('\n').unwrap();
    assert_eq!(
        rest,
        "add(2, 40) = 42\n\
         greet: hello, Inferno, from a native module\n\
         divide(7, 2) = 3\n\
         divide(1, 0) raised: sample: division by zero\n\
         load $Sample as Wrong: link typecheck $Sample->add() 6584767b/e67bf126\n\
         load $Nosuch: module not built-in (no libnosuch.so in the native module folders)",
        "{run:?}"
    );
    assert!(
        last.starts_with("load $Broken: native module libbroken.so: "),
        "{run:?}"
    );
    assert_eq!(other, "load $Other: $Other: the module found is $Sample");
    // The typecheck failure is reported on the console too, as for any module.
    assert!(
        run.err
            .contains("link typecheck $Sample->add() 6584767b/e67bf126"),
        "{run:?}"
    );
}

#[test]
fn without_a_folder_no_library_is_looked_for() {
    let root = system::Root::new("native-none");
    root.compile(
        &system::project().join("emu/tests/programs/native.b"),
        "tmp/native.dis",
    );
    let run = root.emu(&["/tmp/native.dis"]);
    assert_eq!(
        run.out,
        "load $Sample: module not built-in\n\
         load $Sample as Wrong: module not built-in\n\
         load $Nosuch: module not built-in\n\
         load $Broken: module not built-in\n\
         load $Other: module not built-in\n",
        "{run:?}"
    );
}
