"""The words of a shell command that run the command after them, in one table both the
permission checks (:mod:`coordinator.runtime.shell_words`) and the tools' reading of what
a command runs (:mod:`coordinator.tools.implicit`) use: :data:`WRAPPERS` (``timeout 5``,
``sudo -u root``, ``xargs -n 1``, with the options each takes), the shell's
:data:`KEYWORDS` before a command, the :data:`SHELLS` and the :data:`COMMAND_TAKERS`
that run a ``-c`` string.

A leaf: it imports nothing of coordinator's, so the tools layer and the runtime above it
read one table.
"""

from __future__ import annotations


class Wrapper:
    """A word that runs the command in the words after it (``timeout 5 rm x``): the options
    of it that take a value, those that take none, how many operands come before the
    command (``timeout``'s duration), whether Claude Code strips it before matching an
    allow rule (its five documented process wrappers), and how many values each option
    taking more than one takes (``bwrap --bind SRC DEST``). (A plain class: ``typing`` is
    not imported for it where the tools read a command.)"""

    __slots__ = ("flags", "operands", "stripped", "values", "wide")

    def __init__(
        self,
        values: frozenset[str] = frozenset(),
        flags: frozenset[str] = frozenset(),
        operands: int = 0,
        stripped: bool = False,
        wide: dict[str, int] | None = None,
    ) -> None:
        self.values = values
        self.flags = flags
        self.operands = operands
        self.stripped = stripped
        self.wide = wide or {}


def _wrapper(
    values: str = "",
    flags: str = "",
    operands: int = 0,
    *,
    stripped: bool = False,
    pairs: str = "",
    triples: str = "",
) -> Wrapper:
    wide = {**dict.fromkeys(pairs.split(), 2), **dict.fromkeys(triples.split(), 3)}
    return Wrapper(
        frozenset(values.split()) | frozenset(wide),
        frozenset(flags.split()),
        operands,
        stripped,
        wide,
    )


#: The wrappers a rule sees through (one table: the allow side strips the ``stripped``
#: ones, a deny rule and ``shell_words.name_at`` every one), with the options each takes.
WRAPPERS: dict[str, Wrapper] = {
    "timeout": _wrapper(
        "-s --signal -k --kill-after",
        "--foreground --preserve-status -v --verbose",
        1,
        stripped=True,
    ),
    "time": _wrapper(
        "-o --output -f --format", "-p -a --append -v --verbose -q --quiet", stripped=True
    ),
    "nice": _wrapper("-n --adjustment", stripped=True),
    "nohup": _wrapper(stripped=True),
    "stdbuf": _wrapper("-i -o -e --input --output --error", stripped=True),
    "env": _wrapper(
        "-u --unset -C --chdir -S --split-string", "-i --ignore-environment -0 --null -v"
    ),
    "sudo": _wrapper(
        "-u --user -g --group -C --close-from -D --chdir -h --host -p --prompt -r --role "
        "-t --type -U --other-user -T --command-timeout -R --chroot"
    ),
    "doas": _wrapper("-u -C"),
    "xargs": _wrapper(
        "-a --arg-file -d --delimiter -E -I -L --max-lines -n --max-args -P --max-procs "
        "-s --max-chars --process-slot-var"
    ),
    "ionice": _wrapper("-c --class -n --classdata -p --pid -P --pgid -u --uid"),
    "chrt": _wrapper("-T --sched-runtime -P --sched-period -D --sched-deadline", "", 1),
    "taskset": _wrapper("", "-a --all-tasks -p --pid -c --cpu-list", 1),
    "flock": _wrapper("-w --timeout -E --conflict-exit-code", "", 1),
    "watch": _wrapper("-n --interval -d --differences -q --equexit"),
    "setsid": _wrapper(),
    "nsenter": _wrapper("-t --target -S --setuid -G --setgid --wd -w --wdns -r --root"),
    "unbuffer": _wrapper(),
    "chronic": _wrapper(),
    "command": _wrapper(),
    "builtin": _wrapper(),
    "exec": _wrapper("-a"),
    "busybox": _wrapper(),
    "coproc": _wrapper(),
    # tracers, jails and launchers that run the command after their options (lead47)
    "strace": _wrapper("-e -o -p -s -u -E -P -a -b -I -O -S -X -U --output --user --env"),
    "ltrace": _wrapper("-e -o -p -s -u -n -a -A -D -F -L -x --output"),
    "chroot": _wrapper("--userspec --groups", "--skip-chdir", 1),
    "unshare": _wrapper("-S --setuid -G --setgid -R --root -w --wd --map-user --map-group"),
    "fakeroot": _wrapper("-l --lib --faked -s -i -b"),
    "firejail": _wrapper(),  # (its options are ``--name=value``)
    "systemd-run": _wrapper(
        "-p --property -u --unit -E --setenv --uid --gid --nice -D --working-directory "
        "--slice --description -M --machine -H --host"
    ),
    "parallel": _wrapper(
        "-j --jobs -S --sshlogin -a --arg-file -d --delimiter -I -n --max-args --tmpdir "
        "--joblog --results"
    ),
    "runuser": _wrapper("-u --user -g --group -G --supp-group -w --whitelist-environment"),
    # a NUMA policy and resource limits for the command after them (shell74)
    "numactl": _wrapper(
        "-i --interleave -p --preferred -m --membind -N --cpunodebind -C --physcpubind "
        "-w --weighted-interleave -P --preferred-many"
    ),
    "prlimit": _wrapper("-p --pid -o --output"),  # (its limits' values are glued on)
    # debuggers', sessions', privileges' and environments' launchers (shell74)
    "valgrind": _wrapper(),  # (its options are ``--name=value``)
    "catchsegv": _wrapper(),
    "eatmydata": _wrapper(),
    "toybox": _wrapper(),
    "dbus-run-session": _wrapper(),
    "xvfb-run": _wrapper(
        "-n --server-num -s --server-args -f --auth-file -e --error-file -p --xauth-protocol "
        "-w --wait"
    ),
    "pkexec": _wrapper("--user"),
    "setpriv": _wrapper(
        "--reuid --regid --ruid --euid --rgid --egid --groups --inh-caps --ambient-caps "
        "--bounding-set --securebits --pdeathsig --selinux-label --apparmor-profile "
        "--landlock-access --landlock-rule"
    ),
    "cgexec": _wrapper("-g"),
    "systemd-inhibit": _wrapper("--what --who --why --mode"),
    "torsocks": _wrapper("-u --user -p --pass -a --address -P --port"),
    "proxychains": _wrapper("-f"),
    "proxychains4": _wrapper("-f"),
    "caffeinate": _wrapper("-t -w"),
    "tsp": _wrapper("-L -D -N -W"),
    "faketime": _wrapper("", "", 1),
    "entr": _wrapper(),
    # a sandbox whose binds take a source and a destination (shell75)
    "bwrap": _wrapper(
        "--args --userns --userns2 --pidns --uid --gid --hostname --chdir --unsetenv "
        "--lock-file --sync-fd --info-fd --json-status-fd --block-fd --userns-block-fd "
        "--seccomp --add-seccomp-fd --exec-label --file-label --proc --dev --tmpfs --mqueue "
        "--dir --remount-ro --cap-add --cap-drop --perms --size --argv0 --overlay-src "
        "--tmp-overlay --ro-overlay",
        "--level-prefix --unshare-all --share-net --die-with-parent --as-pid-1 --new-session "
        "--clearenv --disable-userns --assert-userns-disabled",
        pairs="--bind --bind-try --dev-bind --dev-bind-try --ro-bind --ro-bind-try --symlink "
        "--setenv --chmod --bind-data --ro-bind-data --file --bind-fd --ro-bind-fd",
        triples="--overlay",
    ),
}
#: Shell keywords (and openers) before a command.
KEYWORDS = frozenset("! if then else elif do while until { (".split())
#: The shells, which run a ``-c`` string (rbash, restricted, still runs what PATH holds).
SHELLS = frozenset("sh bash zsh dash ksh rbash ash mksh lksh pdksh yash posh csh tcsh fish".split())
#: Programs that hand their ``-c``/``--command`` string to a shell (``su -c 'rm x'``,
#: ``runuser me -c …``, ``script -qc 'rm x' /dev/null``, ``sg staff -c 'rm x'``).
COMMAND_TAKERS = SHELLS | {"su", "runuser", "script", "sg"}
