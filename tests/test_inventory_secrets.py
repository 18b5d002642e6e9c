"""Secret references: env, file, literal; values never in problems or reprs."""

from __future__ import annotations

from pathlib import Path

import pytest

from netmon.errors import SecretError
from netmon.inventory import check, check_report, load, resolve_secret

VALUE = "Zq7-very-secret-value"
TEXT = """\
snmp_profiles:
  p: {version: 3, user: netmon, auth_protocol: sha, auth_key: AUTH,
      priv_protocol: aes, priv_key: PRIV}
ssh_profiles:
  s: {username: netops, password: PASS, platform: cisco_ios}
agencies:
  - {id: d, name: Quận D, level: district}
devices:
  - {id: r, agency: d, role: wan_router, address: 127.0.0.1, snmp: p, ssh: s}
"""


def inventory(tmp_path: Path, auth: str, priv: str = "env:NETMON_T_PRIV",
              password: str = "env:NETMON_T_PRIV") -> Path:
    path = tmp_path / "inv.yaml"
    path.write_text(TEXT.replace("AUTH", auth).replace("PRIV", priv).replace("PASS", password),
                    encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETMON_T_AUTH", VALUE)
    monkeypatch.setenv("NETMON_T_PRIV", VALUE + "-priv")
    monkeypatch.delenv("NETMON_T_UNSET", raising=False)


def test_env_refs_resolve_into_secretstr(tmp_path: Path) -> None:
    inv = load(inventory(tmp_path, "env:NETMON_T_AUTH"))
    target = inv.target("r")
    assert target.snmp is not None and target.snmp.auth_key is not None
    assert target.snmp.auth_key.get_secret_value() == VALUE
    assert target.ssh is not None and target.ssh.password is not None
    assert target.ssh.password.get_secret_value() == VALUE + "-priv"
    for shown in (repr(target), str(target), repr(inv.snmp_profiles), repr(inv.devices),
                  repr(inv)):
        assert VALUE not in shown


def test_env_unset_at_check_and_at_target(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    [problem] = check(inventory(tmp_path, "env:NETMON_T_UNSET"))
    assert problem.line == 2
    assert "auth_key: environment variable NETMON_T_UNSET is not set" in problem.message
    inv = load(inventory(tmp_path, "env:NETMON_T_AUTH"))
    monkeypatch.delenv("NETMON_T_AUTH")
    with pytest.raises(SecretError, match="environment variable NETMON_T_AUTH is not set"):
        inv.target("r")


def test_file_refs_absolute_and_relative(tmp_path: Path) -> None:
    (tmp_path / "auth.key").write_text(VALUE + "\n", encoding="utf-8")
    for ref in (f"file:{tmp_path / 'auth.key'}", "file:auth.key"):
        inv = load(inventory(tmp_path, ref))
        snmp = inv.target("r").snmp
        assert snmp is not None and snmp.auth_key is not None
        assert snmp.auth_key.get_secret_value() == VALUE  # final newline dropped
    [problem] = check(inventory(tmp_path, "file:/nonexistent/key"))
    assert problem.line == 2
    assert "secret file /nonexistent/key does not exist" in problem.message


def test_literal_is_a_warning_without_its_value(tmp_path: Path) -> None:
    path = inventory(tmp_path, VALUE, password=VALUE)
    path.chmod(0o640)  # as deployed; a world-readable one adds a warning (test_secrets_perms)
    problems, warnings = check_report(path)
    assert problems == []
    assert [(w.line, w.message.split(":")[1].strip()) for w in warnings] == [
        (2, "snmp profile p"), (5, "ssh profile s")]
    assert all(w.message.startswith("warning:") for w in warnings)
    inv = load(path)
    snmp = inv.target("r").snmp
    assert snmp is not None and snmp.auth_key is not None
    assert snmp.auth_key.get_secret_value() == VALUE
    for shown in [*map(str, warnings), repr(inv.snmp_profiles["p"]), repr(inv.ssh_profiles),
                  repr(inv.target("r"))]:
        assert VALUE not in shown


def test_plain_literal_is_deliberate_and_not_warned(tmp_path: Path) -> None:
    problems, warnings = check_report(inventory(tmp_path, "plain:" + VALUE))
    assert problems == [] and warnings == []


def test_secret_never_in_problems(tmp_path: Path) -> None:
    # A literal secret in a record with other problems: the messages must not echo it.
    text = TEXT.replace("AUTH", VALUE).replace("PRIV", VALUE).replace("PASS", VALUE)
    text = text.replace("user: netmon, ", "")
    text += "  - {id: r2, agency: d, role: wan_router, address: 1.2.3.4, snmp: {profile: p, " \
            f"community: {VALUE}, port: -1}}\n"
    path = tmp_path / "inv.yaml"
    path.write_text(text, encoding="utf-8")
    problems, warnings = check_report(path)
    assert problems
    for p in [*problems, *warnings]:
        assert VALUE not in str(p)


def test_resolve_secret_directly(tmp_path: Path) -> None:
    assert resolve_secret("env:NETMON_T_AUTH").get_secret_value() == VALUE
    assert resolve_secret("plain:x").get_secret_value() == "x"
    assert resolve_secret("literal-value").get_secret_value() == "literal-value"
    (tmp_path / "k").write_text("abc", encoding="utf-8")
    assert resolve_secret("file:k", base_dir=tmp_path).get_secret_value() == "abc"
    with pytest.raises(SecretError) as err:
        resolve_secret("file:/nonexistent/x")
    assert str(err.value) == "secret file /nonexistent/x does not exist"
    with pytest.raises(SecretError, match="needs a variable name"):
        resolve_secret("env:1BAD")


def test_short_snmpv3_keys_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHORT_AUTH", "abc")
    p = tmp_path / "inv.yaml"
    p.write_text("snmp_profiles:\n"
                 "  v3: {version: 3, user: u, auth_protocol: sha, auth_key: env:SHORT_AUTH,\n"
                 "       priv_protocol: aes, priv_key: env:SHORT_AUTH}\n", encoding="utf-8")
    problems = check(p)
    assert any("auth_key" in str(x) and "at least 8" in str(x) for x in problems)
    assert any("priv_key" in str(x) for x in problems)
    assert all("abc" not in str(x) for x in problems)
