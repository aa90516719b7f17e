//! Prints the disassembly of a `.dis` file: `cargo run -p dis --example disasm FILE`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: disasm FILE.dis");
    let bytes = std::fs::read(&path).expect("read");
    let m = dis::object::Module::read(&bytes).expect("parse");
    print!("{}", dis::asm::disassemble(&m));
}
