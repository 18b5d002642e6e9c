"""Secret references: ``env:NAME``, ``file:/path``, ``plain:VALUE`` or a bare literal.

A reference is what the inventory stores; the secret itself is read only when a
Target is built, and only into a ``SecretStr``. A bare literal works but is warned
about; ``plain:VALUE`` says "this is deliberately not secret" (lab communities that
only select simulated data) and is not warned about. Nothing here ever puts a
secret value into a message or a repr.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, SecretStr
from pydantic_core import PydanticCustomError, core_schema

from netmon.errors import SecretError

RefKind = Literal["env", "file", "plain", "literal"]
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class SecretRef:
    """A parsed reference. ``where`` is the variable name or the file path; for
    literals it is empty and the value sits in ``literal`` (a SecretStr)."""

    kind: RefKind
    where: str = ""
    literal: SecretStr | None = field(default=None, compare=False)

    @classmethod
    def parse(cls, raw: str) -> SecretRef:
        if raw.startswith("env:"):
            name = raw[4:]
            if not _ENV_NAME.match(name):
                raise ValueError("env: needs a variable name, e.g. env:NETMON_COMMUNITY")
            return cls("env", name)
        if raw.startswith("file:"):
            if not raw[5:]:
                raise ValueError("file: reference needs a path such as file:/etc/netmon/community")
            return cls("file", raw[5:])
        if raw.startswith("plain:"):
            return cls("plain", "", SecretStr(raw[6:]))
        if raw == "":
            raise ValueError("a secret cannot be empty")
        return cls("literal", "", SecretStr(raw))

    def with_base(self, base: Path) -> SecretRef:
        """Anchor a relative ``file:`` path at the inventory file's folder."""
        if self.kind == "file" and not Path(self.where).is_absolute():
            return SecretRef("file", str(base / self.where))
        return self

    def describe(self) -> str:
        if self.kind in ("env", "file"):
            return f"{self.kind}:{self.where}"
        return "a literal value"

    def __repr__(self) -> str:
        return f"SecretRef({self.describe()!r})"

    __str__ = describe

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(_validate_ref)


def _validate_ref(value: Any) -> SecretRef:
    if isinstance(value, SecretRef):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError("secret_ref", "must be a string: env:NAME, file:/path or a value")
    try:
        return SecretRef.parse(str(value))
    except ValueError as exc:
        raise PydanticCustomError("secret_ref", str(exc)) from None


def resolve(ref: SecretRef) -> SecretStr:
    """Read the secret a reference names. Raises SecretError naming the reference."""
    if ref.kind == "env":
        value = os.environ.get(ref.where)
        if value is None:
            raise SecretError(f"environment variable {ref.where} is not set")
        return SecretStr(value)
    if ref.kind == "file":
        try:
            text = Path(ref.where).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SecretError(f"secret file {ref.where} does not exist") from None
        except UnicodeDecodeError:
            raise SecretError(f"secret file {ref.where} is not UTF-8") from None
        except OSError as exc:
            raise SecretError(f"secret file {ref.where} cannot be read: {exc.strerror}") from None
        # Editors add a final newline; a community never ends with one.
        return SecretStr(text.rstrip("\r\n"))
    assert ref.literal is not None
    return ref.literal


def resolve_secret(ref: str, base_dir: Path | None = None) -> SecretStr:
    """Resolve ``env:NAME`` / ``file:/path`` / ``plain:VALUE`` / a literal."""
    try:
        parsed = SecretRef.parse(ref)
    except ValueError as exc:
        raise SecretError(str(exc)) from None
    return resolve(parsed.with_base(base_dir) if base_dir else parsed)


def problem_with(ref: SecretRef) -> str | None:
    """Why a reference cannot be resolved now, or None when it can."""
    if ref.kind in ("env", "file"):
        try:
            resolve(ref)
        except SecretError as exc:
            return str(exc)
    return None
