"""Compares Scour's answers for inventories and --limit patterns with ansible-core's, computed in
one process (starting ansible-inventory once per case would take minutes). Reads a JSON list of
jobs on stdin: {"inventory": PATH, "list": SCOUR'S --list TEXT or {"error": ...}, "graph": SCOUR'S --graph TEXT or {"error": ...}, "hosts": [[P,
SCOUR'S HOSTS or {"error": ...}], ...], "rendered": [[HOST, SCOUR'S `inventory HOST --format json` or
{"error": ...}], ...]}; writes for each job "list", "graph", "hosts" (one per pattern) and
"rendered" (one per host), each {"agree": BOOL, "ansible": ..., "scour": ...}: Ansible's side is what
`ansible-inventory -i PATH --list` prints and the hosts `ansible all -i PATH --limit P
--list-hosts` lists, or {"error": MESSAGE} where the command fails. Two failures agree; hosts
compare as sets (Ansible's own order of nested groups' hosts changes from run to run); --list
compares as JSON, types included, Ansible's passwords redacted as Scour shows them.
Both are computed by the code those commands run (InventoryCLI.json_inventory,
InventoryManager.subset and list_hosts). "rendered" is each variable --list shows for the host as
a task reads it: its value rendered by ansible-core's Templar with the host's variables (magic
ones included), as `ansible HOST -m debug -a var=NAME` prints it, or {"error": ...}."""
import contextlib
import io
import json
import sys
import warnings

warnings.simplefilter("ignore")

from ansible import context  # noqa: E402
from ansible.cli.inventory import InventoryCLI  # noqa: E402
from ansible.inventory.manager import InventoryManager  # noqa: E402
from ansible.module_utils.common.collections import ImmutableDict  # noqa: E402
from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.template import Templar  # noqa: E402
from ansible.utils.display import Display  # noqa: E402
from ansible.vars.manager import VariableManager  # noqa: E402

Display().verbosity = 0
context.CLIARGS = ImmutableDict(export=False, yaml=False, toml=False, show_vars=False, basedir=None)


def quietly(function, *arguments):
    """function(*arguments), or {"error": ...} where it raises; Ansible's warnings dropped."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return function(*arguments)
    except Exception as error:  # AnsibleError and the parser's own
        return {"error": f"{type(error).__name__}: {error}"}


def inventory_cli(path):
    loader = DataLoader()
    cli = InventoryCLI.__new__(InventoryCLI)
    cli.loader = loader
    cli.inventory = InventoryManager(loader=loader, sources=[path])
    cli.vm = VariableManager(loader=loader, inventory=cli.inventory)
    return cli


def listing(path):
    """`ansible-inventory -i PATH --list`, as InventoryCLI.run computes and prints it."""
    cli = inventory_cli(path)
    return json.loads(cli.dump(cli.json_inventory(cli._get_group("all"))))


def graph(path):
    """`ansible-inventory -i PATH --graph`."""
    cli = inventory_cli(path)
    return "\n".join(cli._graph_group(cli._get_group("all"))) + "\n"


def list_hosts(path, pattern):
    """`ansible all -i PATH --limit PATTERN --list-hosts` (CLI.get_host_list)."""
    inventory = InventoryManager(loader=DataLoader(), sources=[path])
    inventory.subset(pattern)
    hosts = inventory.list_hosts("all")
    if not hosts:
        raise ValueError("Specified inventory, host pattern and/or --limit leaves us with no hosts to target.")
    return [host.name for host in hosts]


def rendered(path, host_name):
    """The variables --list shows for the host, each rendered as a task renders it."""
    loader = DataLoader()
    inventory = InventoryManager(loader=loader, sources=[path])
    host = inventory.get_host(host_name)
    variables = VariableManager(loader=loader, inventory=inventory).get_vars(host=host, include_hostvars=True)
    templar = Templar(loader=loader, variables=variables)
    shown = listing(path)["_meta"]["hostvars"].get(host_name, {})
    return {name: json.loads(json.dumps(quietly(templar.template, variables[name]))) for name in shown}


def rendered_verdict(ansible, scour):
    """Agree: every variable Scour shows for the host is Ansible's rendering of it, and every one
    it leaves out is one Ansible cannot render either. Scour refuses a host whose templates it
    does not render (its "not_contacted" says so): the caller counts that as a refusal."""
    if "error" in ansible or "error" in scour:
        return {"agree": False, "ansible": ansible, "scour": scour}
    shown = scour["variables"]
    agree = True
    for name, value in ansible.items():
        failed = isinstance(value, dict) and set(value) == {"error"}
        if name in SECRETS and not failed:
            value = "<redacted>"
        if name in shown:
            agree = agree and not failed and json.dumps(value, sort_keys=True) == json.dumps(shown[name], sort_keys=True)
        else:
            agree = agree and failed
    return {"agree": agree, "ansible": ansible, "scour": scour}


SECRETS = {"ansible_password", "ansible_ssh_pass", "ansible_ssh_password", "ansible_become_password",
           "ansible_become_pass", "ansible_sudo_pass", "ansible_sudo_password", "ansible_su_pass"}


def canonical_list(listed):
    if "error" in listed and len(listed) == 1:
        return None
    listed = dict(listed)
    meta = dict(listed.get("_meta", {}))
    meta.pop("profile", None)
    meta["hostvars"] = {host: {k: ("<redacted>" if k in SECRETS else v) for k, v in hostvars.items()}
                        for host, hostvars in meta.get("hostvars", {}).items()}
    listed["_meta"] = meta
    return json.dumps(listed, sort_keys=True)


def verdict(ansible, scour, canonical):
    mine, theirs = canonical(scour), canonical(ansible)
    return {"agree": mine == theirs, "ansible": ansible, "scour": scour}


def host_set(hosts):
    return None if isinstance(hosts, dict) else json.dumps(sorted(hosts))


def job(spec):
    path = spec["inventory"]
    scour_list = spec["list"] if isinstance(spec["list"], dict) else json.loads(spec["list"])
    return {
        "list": verdict(quietly(listing, path), scour_list, canonical_list),
        "graph": verdict(quietly(graph, path), spec["graph"], lambda text: text if isinstance(text, str) else None),
        "hosts": [verdict(quietly(list_hosts, path, pattern), hosts, host_set) for pattern, hosts in spec["hosts"]],
        "rendered": [rendered_verdict(quietly(rendered, path, host), shown) for host, shown in spec.get("rendered", [])],
    }


print(json.dumps([job(spec) for spec in json.load(sys.stdin)]))
