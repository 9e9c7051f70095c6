import Testing
@testable import ScourCore

/// `ansible_become*`, jump hosts in `ansible_ssh_*_args`, `ansible_connection`, and the
/// warnings for variables Scour does not honour.
@Suite struct ConnectionVariablesTests {
    private func host(_ vars: String) throws -> InventoryHost {
        try Inventory.parse(text: "h \(vars)\n", path: "/inv/hosts.ini").hosts[0]
    }

    private func error(_ vars: String) -> String? {
        do { _ = try host(vars); return nil } catch { return (error as? InventoryError)?.description }
    }

    @Test func become_reads_ansible_booleans_and_defaults_to_root_with_sudo() throws {
        for yes in ["yes", "True", "1", "on", "Y", "t", "TRUE"] { #expect(try host("ansible_become=\(yes)").become.enabled == true) }
        for no in ["no", "False", "0", "off", "n", "f"] { #expect(try host("ansible_become=\(no)").become.enabled == false) }
        let unset = try host("")
        #expect(unset.become == Become(enabled: nil, user: "root", method: .sudo, password: nil))
        let full = try host("ansible_become=yes ansible_become_user=postgres ansible_become_method=su ansible_become_pass=s3cret")
        #expect(full.become.user == "postgres")
        #expect(full.become.method == .unsupported("su"))
        #expect(full.become.password?.value == "s3cret")
        #expect("\(full.become.password!)" == "<redacted>")
        #expect(error("ansible_become=maybe") == "/inv/hosts.ini:1: error: host 'h': ansible_become must be a boolean (true/false, yes/no, 1/0), not 'maybe'")
        #expect(try host("ansible_become_password=p").become.password?.value == "p")
    }

    @Test func jump_chains_come_from_proxyjump_and_dash_j_in_either_args_variable() throws {
        #expect(try host("ansible_ssh_common_args='-o ProxyJump=ops@bastion:2222'").jumps == [JumpHost(user: "ops", host: "bastion", port: 2222)])
        #expect(try host(#"ansible_ssh_common_args="-o 'ProxyJump a,b'""#).jumps == [JumpHost(host: "a"), JumpHost(host: "b")])
        #expect(try host("ansible_ssh_extra_args='-J a,u@[2001:db8::1]:2200,ssh://c:23'").jumps
            == [JumpHost(host: "a"), JumpHost(user: "u", host: "2001:db8::1", port: 2200), JumpHost(host: "c", port: 23)])
        #expect(try host("ansible_ssh_extra_args=-Jfirst ansible_ssh_common_args=-oProxyJump=common").jumps == [JumpHost(host: "common")])
        #expect(try host("ansible_ssh_common_args='-o proxyjump=none'").jumps == [])
        #expect(try host("").jumps == nil)
        #expect(try host("ansible_ssh_common_args='-J [::1]'").jumps == [JumpHost(host: "::1")])
    }

    @Test func jump_hosts_print_as_ssh_reads_them() throws {
        #expect(try JumpHost.parseChain("ssh://ops@b1:2222, [2001:db8::1] ,b3").map(\.description)
            == ["ops@b1:2222", "[2001:db8::1]", "b3"])
        #expect(try JumpHost.parse("2001:db8::1") == JumpHost(host: "2001:db8::1"))  // bare IPv6: no port
    }

    @Test func malformed_jumps_are_errors_at_the_host_line() {
        #expect(error("ansible_ssh_common_args='-J bastion:99999'")
            == "/inv/hosts.ini:1: error: host 'h': ansible_ssh_common_args: -J bastion:99999: port '99999' of jump host 'bastion:99999' must be a number from 1 to 65535")
        #expect(error("ansible_ssh_common_args='-J a,,b'")?.hasSuffix("an empty jump host in ''") == true)
        #expect(error("ansible_ssh_common_args='-J @a'")?.hasSuffix("an empty user name in jump host '@a'") == true)
        #expect(error("ansible_ssh_common_args='-J [::1'")?.hasSuffix("an unclosed '[' in jump host '[::1'") == true)
        #expect(error("ansible_ssh_extra_args=-J")?.hasSuffix("ansible_ssh_extra_args: '-J' needs an argument") == true)
        #expect(error(#"ansible_ssh_extra_args='-o "ProxyJump a'"#)?.contains("an unterminated \"") == true)
    }

    @Test func other_ssh_options_and_unhonoured_variables_are_warned_about_once() throws {
        let inventory = try Inventory.parse(text: """
            [web]
            w[1:5] ansible_python_interpreter=/usr/bin/python3
            [web:vars]
            ansible_ssh_common_args='-o StrictHostKeyChecking=no -C -o ProxyJump=b'
            ansible_ssh_extra_args=-o ProxyCommand="ssh -W %h:%p gw"
            ansible_become_flags=-H
            scour_platform=linux
            ansible_port=22
            """, path: "/inv/hosts.ini")
        let warnings = inventory.warnings.map(\.description)
        #expect(warnings == [
            "ansible_ssh_common_args option '-o StrictHostKeyChecking=no' is not honoured by scour (5 hosts: w1, w2, w3, …): ignored; scour checks host keys against --known-hosts (--accept-new-host-keys records unknown ones)",
            "ansible_ssh_common_args option '-C' is not honoured by scour (5 hosts: w1, w2, w3, …): ignored; scour connects with its own SSH client (libssh2)",
            "ansible_ssh_extra_args option '-o ProxyCommand=ssh -W %h:%p gw' is not honoured by scour (5 hosts: w1, w2, w3, …): ignored; scour follows ProxyJump (-J) chains only",
            "ansible_become_flags is not honoured by scour (5 hosts: w1, w2, w3, …): scour runs sudo from the host's PATH with its own flags",
            "ansible_python_interpreter is not honoured by scour (5 hosts: w1, w2, w3, …): scour runs no Python on the hosts",
        ])
        #expect(inventory.warnings[0].hosts == ["w1", "w2", "w3", "w4", "w5"])
        #expect(inventory.hosts[0].jumps == [JumpHost(host: "b")])
    }

    @Test func a_single_host_warning_says_one_host() throws {
        let inventory = try Inventory.parse(text: "a ansible_timeout=5\nb\n", path: "/inv/hosts.ini")
        #expect(inventory.warnings.map(\.description) == ["ansible_timeout is not honoured by scour (1 host: a): scour uses --connect-timeout"])
        #expect(try Inventory.parse(text: "a ansible_user=x ansible_become=yes ansible_connection=ssh\n", path: "/i").warnings.isEmpty)
    }

    @Test func a_connection_other_than_ssh_refuses_the_host_plainly() throws {
        for accepted in ["ssh", "paramiko", "smart", "ansible.builtin.ssh"] {
            #expect(try host("ansible_connection=\(accepted)").refusal == nil)
        }
        #expect(try host("ansible_connection=winrm").refusal
            == "ansible_connection=winrm: scour reaches hosts over SSH only; Windows hosts are reached through OpenSSH for Windows (with scour_platform=windows)")
        #expect(try host("ansible_connection=psrp").refusal?.contains("OpenSSH for Windows") == true)
        #expect(try host("ansible_connection=docker").refusal == "ansible_connection=docker: scour reaches hosts over SSH only")
        #expect(try host("ansible_connection=local").refusal == "ansible_connection=local: scour reaches hosts over SSH only")
    }
}
