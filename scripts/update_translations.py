"""Keeps the plugin's Qt translations in step with the code (pylupdate5 is not packaged here).

    .venv/bin/python scripts/update_translations.py   # update plugin/i18n/*.ts, compile .qm

Finds every QCoreApplication.translate("Context", "text") call, every ``_tr("text")`` of a module
whose ``_tr`` wraps translate with a fixed context, and ``self.tr("text")`` in the entry class
(context "Overblikskort"). Existing translations are kept; new texts are added unfinished;
texts gone from the code are marked obsolete. Then lrelease compiles the .qm files.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PLUGIN_DIR = REPO_ROOT / "plugin"
I18N_DIR = PLUGIN_DIR / "i18n"
LANGUAGES = ("da",)
ENTRY_CONTEXT = "Overblikskort"


def _is_translate(call: ast.Call) -> bool:
    function = call.func
    return (
        isinstance(function, ast.Attribute)
        and function.attr == "translate"
        and isinstance(function.value, ast.Name)
        and function.value.id == "QCoreApplication"
    )


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_in(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_context = None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _is_translate(call):
                    module_context = _literal(call.args[0])
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not call.args:
            continue
        function = call.func
        if _is_translate(call) and len(call.args) == 2:
            context, text = _literal(call.args[0]), _literal(call.args[1])
            if context and text:
                found.append((context, text))
        elif isinstance(function, ast.Name) and function.id == "_tr" and module_context:
            text = _literal(call.args[0])
            if text:
                found.append((module_context, text))
        elif (
            isinstance(function, ast.Attribute)
            and function.attr == "tr"
            and isinstance(function.value, ast.Name)
            and function.value.id == "self"
        ):
            text = _literal(call.args[0])
            if text:
                found.append((ENTRY_CONTEXT, text))
    return found


def all_messages() -> dict[str, list[str]]:
    by_context: dict[str, list[str]] = {}
    for path in sorted(PLUGIN_DIR.rglob("*.py")):
        if "datamodel" in path.parts:
            continue
        for context, text in messages_in(path):
            texts = by_context.setdefault(context, [])
            if text not in texts:
                texts.append(text)
    return by_context


def _existing(ts_file: Path) -> dict[tuple[str, str], str]:
    if not ts_file.exists():
        return {}
    known = {}
    for context in ElementTree.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is not None
                and translation.text
                and translation.get("type") not in ("unfinished", "obsolete", "vanished")
            ):
                known[(name, message.findtext("source"))] = translation.text
    return known


def write_ts(language: str, messages: dict[str, list[str]]) -> Path:
    ts_file = I18N_DIR / f"overblikskort_{language}.ts"
    known = _existing(ts_file)
    root = ElementTree.Element("TS", version="2.1", language=language)
    for context_name in sorted(messages):
        context = ElementTree.SubElement(root, "context")
        ElementTree.SubElement(context, "name").text = context_name
        for text in messages[context_name]:
            message = ElementTree.SubElement(context, "message")
            ElementTree.SubElement(message, "source").text = text
            translation = ElementTree.SubElement(message, "translation")
            if (context_name, text) in known:
                translation.text = known[(context_name, text)]
            else:
                translation.set("type", "unfinished")
    ElementTree.indent(root)
    ts_file.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n",
        encoding="utf-8",
    )
    return ts_file


def main() -> int:
    I18N_DIR.mkdir(exist_ok=True)
    messages = all_messages()
    for language in LANGUAGES:
        ts_file = write_ts(language, messages)
        subprocess.run(
            ["lrelease", "-silent", str(ts_file), "-qm", str(ts_file.with_suffix(".qm"))],
            check=True,
        )
        missing = [
            (c, t)
            for c, texts in messages.items()
            for t in texts
            if (c, t) not in _existing(ts_file)
        ]
        print(
            f"{ts_file.name}: {sum(map(len, messages.values()))} texts, "
            f"{len(missing)} without translation"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
