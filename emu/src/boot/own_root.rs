//! The root `emu` serves when no `-r` names one: a folder of its own in the
//! user's data folder (`inferno-emu` there, found with the `dirs` crate), so
//! that nothing a user does inside the system can reach the source tree.
//! Boot makes what it lacks: `tmp` (`/tmp`), `lib`, the data files of the
//! project's `lib/` that commands read (`lib/units`, for `units`), and the
//! user's home `usr/USER` with its `lib` (where the shell keeps its
//! history). `/dis` and
//! `/module` are not folders there: boot serves them from the build (see
//! [`super`]).

use std::path::{Path, PathBuf};

/// The name of emu's own root inside the user's data folder.
const FOLDER: &str = "inferno-emu";

/// Where emu's own root lives, or why there is none.
pub fn location() -> Result<PathBuf, String> {
    dirs::data_dir().map(|d| d.join(FOLDER)).ok_or_else(|| {
        "no data folder for a root of its own (is HOME set?); name one with -r".into()
    })
}

/// The project's data files a root's `/lib` holds, by name there, with their
/// text as this emu was built.
const DATA_FILES: &[(&str, &str)] = &[("units", include_str!("../../../lib/units"))];

/// Makes what the root at `root` lacks for `user`.
pub fn prepare(root: &Path, user: &str) -> Result<(), String> {
    let home = Path::new("usr").join(user);
    for dir in [PathBuf::from("tmp"), PathBuf::from("lib"), home.join("lib")] {
        let path = root.join(&dir);
        std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for (name, text) in DATA_FILES {
        let path = root.join("lib").join(name);
        if !path.exists() {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
