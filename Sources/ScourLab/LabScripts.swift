/// The shell scripts a lab runs, written into `<lab>/bin` by `scour lab up`. They are shell
/// because they run inside the hosts' namespaces, where only the machine's own tools exist.
enum LabScripts {
    /// Keeps one host powered: boots it, waits for PID 1 to end (a reboot or a crash), renews the
    /// boot id and boots it again after the boot delay. `powered-off` in the host folder holds
    /// it down (`scour lab stop`).
    static let supervise = #"""
    #!/bin/sh
    # usage: supervise LAB_DIR HOST_DIR NAMESPACE NAME BOOT_DELAY_SECONDS
    lab=$1 host=$2 ns=$3 name=$4 delay=$5
    echo $$ > "$host/supervisor.pid"
    while :; do
      if [ -e "$host/powered-off" ]; then sleep 0.2; continue; fi
      cat /proc/sys/kernel/random/uuid > "$host/run/boot_id"
      echo $(( $(cat "$host/boots" 2>/dev/null || echo 0) + 1 )) > "$host/boots"
      ip netns exec "$ns" unshare --mount --uts --pid --fork --propagation private \
        /bin/sh "$lab/bin/boot" "$lab" "$host" "$name" >>"$host/console.log" 2>&1
      sleep "$delay"
    done
    """#

    /// PID 1 of a host: its own /proc, boot id, /etc and private folders, the systemctl shim, its
    /// rc.local, then sshd.
    static func boot(privatePaths: [String], accountFiles: [String]) -> String {
        // mkdir -p: a mount point another lab's `down` removed is made again rather than failing the boot.
        func binds(_ paths: [String]) -> String {
            paths.map { #"mkdir -p \#($0) && mount --bind "$host/root\#($0)" \#($0)"# }.joined(separator: "\n")
        }
        let insideEtc = privatePaths.filter { $0.hasPrefix("/etc/") }
        return #"""
        #!/bin/sh
        # usage: boot LAB_DIR HOST_DIR NAME — runs as PID 1 of the host's PID namespace.
        set -e
        lab=$1 host=$2
        hostname "$3"
        mount -t proc proc /proc
        mount --bind "$host/run/boot_id" /proc/sys/kernel/random/boot_id
        mount --bind "$lab/bin/systemctl" /usr/bin/systemctl
        \#(binds(privatePaths.filter { !insideEtc.contains($0) }))
        # The host's own /etc: the machine's seen through an overlay whose changes (files the
        # scenario planted, a playbook's edits, renames onto /etc/ld.so.preload) land in the host's
        # tree. After the other folders, so that every library the host's /etc/ld.so.preload
        # names is there from the first program on; before the binds that go inside it.
        mkdir -p "$host/root/etc" "$host/etc-overlay-work"
        mount -t overlay overlay -o "lowerdir=/etc,upperdir=$host/root/etc,workdir=$host/etc-overlay-work" /etc
        \#(binds(insideEtc))
        # A plain root shell, as a server has: sshd runs commands with `bash -c`, which on Debian
        # reads /etc/bash.bashrc and ~/.bashrc (~ is the host's own /root, seeded empty), and sshd
        # itself runs /etc/ssh/sshrc. This machine's rc files (pyenv init) stay out of every command.
        for rc in /etc/bash.bashrc /etc/ssh/sshrc; do
          if [ -e "$rc" ]; then mount --bind "$lab/bin/empty-rc" "$rc"; fi
        done
        # `--login-user`: the host's own accounts and sudo rules, bound over the machine's.
        for file in \#(accountFiles.joined(separator: " ")); do
          if [ -e "$host/etc/$file" ]; then mount --bind "$host/etc/$file" "/etc/$file"; fi
        done
        # `scour lab tamper`: a lying login shell for root, named by a copy of the host's /etc/passwd.
        if [ -e "$host/tamper/passwd" ]; then mount --bind "$host/tamper/passwd" /etc/passwd; fi
        mkdir -p /run/sshd
        # The end of the boot runs the host's own /etc/rc.local, never the machine's, as
        # systemd's rc-local.service would: what it starts keeps running, as a daemon does.
        if [ -x "$host/root/etc/rc.local" ]; then
          /etc/rc.local </dev/null || echo "boot: /etc/rc.local failed with status $?"
        fi
        exec /usr/sbin/sshd -D -e -f "$host/sshd_config"
        """#
    }

    /// Stands in for systemd (and for `reboot`, a symlink to systemctl on Debian): services are
    /// files `/run/scour-lab/services/UNIT` holding "active|inactive enabled|disabled", private
    /// to each host. A reboot ends PID 1 from a detached process, so it outlives the SSH session
    /// that asked for it.
    static let systemctl = #"""
    #!/bin/sh
    # scour lab: systemctl and reboot for hosts without systemd.
    state=/run/scour-lab/services
    reboot_host() {
      setsid sh -c 'sleep 0.2; kill -TERM 1' </dev/null >/dev/null 2>&1 &
      exit 0
    }
    [ "$(basename "$0")" = reboot ] && reboot_host
    command=${1:-status}; [ $# -gt 0 ] && shift
    now=no units=
    for argument in "$@"; do
      case $argument in
        --now) now=yes ;;
        -*) ;;
        *) units="$units ${argument%.service}" ;;
      esac
    done
    field() { [ -f "$state/$1" ] && cut -d' ' -f"$2" "$state/$1"; }
    set_state() {
      [ -f "$state/$1" ] || { echo "Failed to $command $1.service: Unit $1.service not found." >&2; exit 5; }
      active=$(field "$1" 1) enabled=$(field "$1" 2)
      [ -n "$2" ] && active=$2
      [ -n "$3" ] && enabled=$3
      echo "$active $enabled" > "$state/$1"
    }
    status=0
    case $command in
      reboot|poweroff) reboot_host ;;
      daemon-reload) ;;
      is-active)
        for unit in $units; do
          value=$(field "$unit" 1); echo "${value:-inactive}"; [ "$value" = active ] || status=3
        done ;;
      is-enabled)
        for unit in $units; do
          value=$(field "$unit" 2); echo "${value:-not-found}"; [ "$value" = enabled ] || status=1
        done ;;
      start|restart|reload|try-restart|reload-or-restart) for unit in $units; do set_state "$unit" active ""; done ;;
      stop) for unit in $units; do set_state "$unit" inactive ""; done ;;
      enable) for unit in $units; do [ $now = yes ] && set_state "$unit" active enabled || set_state "$unit" "" enabled; done ;;
      disable) for unit in $units; do [ $now = yes ] && set_state "$unit" inactive disabled || set_state "$unit" "" disabled; done ;;
      status)
        for unit in $units; do
          [ -f "$state/$unit" ] || { echo "Unit $unit.service could not be found." >&2; exit 4; }
          echo "$unit.service: $(field "$unit" 1), $(field "$unit" 2)"
          [ "$(field "$unit" 1)" = active ] || status=3
        done ;;
      *) echo "systemctl (scour lab): unsupported command '$command'" >&2; exit 1 ;;
    esac
    exit $status
    """#

    /// A host's sshd settings. `refuseRootLogin`: `PermitRootLogin no`. `permitOpen`: a
    /// bastion's, the only `address:port`s it forwards to (the hosts or the next bastion);
    /// nil: sshd's default.
    static func sshdConfig(address: String, hostDirectory: String, authorizedKeys: String,
                           refuseRootLogin: Bool = false, permitOpen: [String]? = nil) -> String {
        let forwarding = permitOpen.map { "AllowTcpForwarding yes\nPermitOpen \($0.joined(separator: " "))\n" } ?? ""
        return """
        # scour lab host: sshd runs as PID 1 of the host's namespaces.
        ListenAddress \(address)
        Port 22
        HostKey \(hostDirectory)/ssh_host_ed25519_key
        AuthorizedKeysFile \(authorizedKeys)
        PermitRootLogin \(refuseRootLogin ? "no" : "prohibit-password")
        \(forwarding)
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        StrictModes no
        PidFile none
        UseDNS no
        MaxStartups 1000:30:2000
        MaxSessions 64
        LogLevel ERROR
        Subsystem sftp internal-sftp

        """
    }
}
