//! `os` and the command device `#C` (the original's os(1) and cmd(3)): with
//! `emu -C` a host command runs with our standard input, output and error,
//! and its exit status becomes `fail:host: ...`; a root started without
//! `-C` has no `#C`, so `os` and `bind '#C'` refuse. The expectations are
//! os(1)'s and cmd(3)'s (status lines, the `exit: N` and `killed`
//! statuses of the original's Unix emu, its `exec failed:` and
//! `can't chdir to` errors, `os:`-prefixed diagnostics).

mod system;

use system::Root;

/// Host commands run under `-C`: output, error output, input, statuses.
const WITH_DEVICE: &str = r#"os echo hello world
echo status $status
os sh -c 'echo to stderr >&2; exit 3'
echo status $status
echo copied | os cat
os sh -c 'kill -9 $$'
echo status $status
os -d / pwd
os -d /no/such/dir pwd
echo status $status
os no-such-host-command-x
echo status $status
os
echo status $status
os -x echo
echo status $status
bind -a '#C' /
ls /cmd
{
	n = `{read 8}
	echo conv $n
	cat /cmd/$n/status | sed 's/ [^ ]+ ''''$//'
	echo nonsense > /cmd/$n/ctl
	echo kill > /cmd/$n/ctl
	echo dir > /cmd/$n/ctl
} <> /cmd/clone
"#;

const WITH_DEVICE_OUT: &str = "hello world
status 
to stderr
status host: exit: 3
copied
status host: killed
/
os: cannot exec: can't chdir to /no/such/dir: No such file or directory
status cannot exec: can't chdir to /no/such/dir: No such file or directory
os: cannot exec: exec failed: No such file or directory
status cannot exec: exec failed: No such file or directory
usage: os [-d dir] [-m mount] [-n] [-N nice] [-b] command [arg...]
status usage
usage: os [-d dir] [-m mount] [-n] [-N nice] [-b] command [arg...]
status usage
/cmd/0
/cmd/clone
conv 0
cmd/0 1 Closed
echo: write error: unknown control message \"nonsense\"
echo: write error: not started
echo: write error: wrong #args in control message \"dir\"
";

#[test]
fn os_runs_host_commands_when_emu_has_the_command_device() {
    let root = Root::new("hostcmd");
    root.write("tests/os.sh", WITH_DEVICE);
    let got = root.emu_merged(&["-C", "sh", "/tests/os.sh"], b"");
    assert_eq!(got, WITH_DEVICE_OUT);
}

#[test]
fn a_root_started_without_the_flag_refuses() {
    let root = Root::new("nohostcmd");
    root.write(
        "tests/os.sh",
        "os echo hello\necho status $status\nbind -a '#C' /\nls /cmd\n",
    );
    let got = root.emu_merged(&["sh", "/tests/os.sh"], b"");
    assert_eq!(
        got,
        "os: bind #C /: unknown device in # filename
status bind #C /: unknown device in # filename
bind: #C: unknown device in # filename
ls: /cmd: '/cmd' file does not exist
"
    );
}
