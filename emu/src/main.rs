//! `emu`: the hosted Inferno kernel.

mod sys;

fn main() {
    eprintln!("emu: the interpreter is not built yet");
    std::process::exit(1);
}
